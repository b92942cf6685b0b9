/** How a column's type changed: `wider` holds every value the source type holds, `narrower` does not, `other` is neither. */
export type TypeChange = 'same' | 'wider' | 'narrower' | 'other';

/** Digits an integer type holds, to judge integer -> numeric(p,s). */
const INTEGER_DIGITS: Readonly<Record<string, number>> = { smallint: 5, integer: 10, bigint: 19 };
/** Integer types whose every value a float type holds exactly (a real has a 24-bit mantissa, a double 53 bits). */
const EXACT_IN_FLOAT: Readonly<Record<string, readonly string[]>> = {
  real: ['smallint'],
  'double precision': ['smallint', 'integer'],
};
const FLOAT_RANK: Readonly<Record<string, number>> = { real: 1, 'double precision': 2 };

type Parsed =
  | { readonly family: 'integer'; readonly digits: number }
  | { readonly family: 'numeric'; readonly precision: number | null; readonly scale: number }
  | { readonly family: 'float'; readonly name: string }
  | { readonly family: 'string'; readonly fixed: boolean; readonly length: number }
  | { readonly family: 'time'; readonly name: string; readonly precision: number }
  | { readonly family: 'other'; readonly name: string };

/**
 * Compares two format_type() texts (`numeric(12,2)`, `character varying(50)`, `bigint[]`): widening keeps
 * every value (int to bigint, varchar(50) to text, numeric(10,2) to numeric(12,2)), narrowing can lose some
 * (bigint to int, numeric(12,2) to numeric(10,2)). Anything it cannot rank (json to jsonb, timestamp to
 * timestamptz, a domain) is `other`.
 */
export function typeChange(source: string, target: string): TypeChange {
  if (source === target) return 'same';
  const sourceArray = source.endsWith('[]');
  if (sourceArray !== target.endsWith('[]')) return 'other';
  if (sourceArray) return typeChange(source.slice(0, -2), target.slice(0, -2));
  return rank(parse(source), parse(target));
}

function rank(source: Parsed, target: Parsed): TypeChange {
  if (source.family === 'integer' && target.family === 'integer') return compareSizes(source.digits, target.digits);
  if (source.family === 'integer' && target.family === 'numeric') {
    return target.precision === null || target.precision - target.scale >= source.digits ? 'wider' : 'narrower';
  }
  if (source.family === 'numeric' && target.family === 'integer') return 'narrower';
  if (source.family === 'numeric' && target.family === 'numeric') return compareNumerics(source, target);
  if (source.family === 'integer' && target.family === 'float') {
    return EXACT_IN_FLOAT[target.name]!.some((name) => INTEGER_DIGITS[name] === source.digits) ? 'wider' : 'other';
  }
  if (source.family === 'float' && target.family === 'float')
    return compareSizes(FLOAT_RANK[source.name]!, FLOAT_RANK[target.name]!);
  if (source.family === 'string' && target.family === 'string') {
    return source.length === target.length && source.fixed !== target.fixed
      ? 'other'
      : compareSizes(source.length, target.length);
  }
  if (source.family === 'time' && target.family === 'time' && source.name === target.name)
    return compareSizes(source.precision, target.precision);
  return 'other';
}

function compareNumerics(
  source: { precision: number | null; scale: number },
  target: { precision: number | null; scale: number },
): TypeChange {
  if (target.precision === null) return 'wider';
  if (source.precision === null) return 'narrower';
  const holds = target.precision - target.scale >= source.precision - source.scale && target.scale >= source.scale;
  return holds ? 'wider' : 'narrower';
}

function compareSizes(source: number, target: number): TypeChange {
  if (source === target) return 'same';
  return target > source ? 'wider' : 'narrower';
}

function parse(type: string): Parsed {
  if (type in INTEGER_DIGITS) return { family: 'integer', digits: INTEGER_DIGITS[type]! };
  if (type in FLOAT_RANK) return { family: 'float', name: type };
  if (type === 'numeric') return { family: 'numeric', precision: null, scale: 0 };
  const numeric = /^numeric\((\d+),(-?\d+)\)$/.exec(type);
  if (numeric !== null) return { family: 'numeric', precision: Number(numeric[1]), scale: Number(numeric[2]) };
  if (type === 'text' || type === 'character varying' || type === 'bpchar')
    return { family: 'string', fixed: type === 'bpchar', length: Infinity };
  const string = /^(character varying|character)\((\d+)\)$/.exec(type);
  if (string !== null) return { family: 'string', fixed: string[1] === 'character', length: Number(string[2]) };
  // timestamp(3) with time zone, time without time zone: six fractional digits unless a precision is given.
  const time = /^(timestamp|time)(?:\((\d)\))? (with|without) time zone$/.exec(type);
  if (time !== null)
    return { family: 'time', name: `${time[1]} ${time[3]}`, precision: time[2] === undefined ? 6 : Number(time[2]) };
  return { family: 'other', name: type };
}
