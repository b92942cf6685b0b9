import { UsageError } from '../errors.js';
import { quoteLiteral } from '../sql.js';

/** Column types a tolerance applies to: integers, numeric, floats and money, all compared as exact decimals. */
export const TOLERANCE_TYPES: ReadonlySet<string> = new Set([
  'int2',
  'int4',
  'int8',
  'numeric',
  'float4',
  'float8',
  'money',
]);

/** A decimal number as mantissa * 10^exponent: exact, whatever its size or scale. */
interface Decimal {
  readonly mantissa: bigint;
  readonly exponent: number;
}

/** Far more than the relative error of parsing a decimal into a double, and of one subtraction. */
const DOUBLE_ERROR = 1e-12;
/** Far more than the absolute error of parsing a decimal too small for a normal double. */
const SUBNORMAL_ERROR = 1e-300;

const DECIMAL = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/;

/** A finite decimal from its text (numeric, integer and float output, `1e-09` included); undefined for NaN, Infinity or anything else. */
function parseDecimal(text: string): Decimal | undefined {
  const match = DECIMAL.exec(text.trim());
  if (match === null) return undefined;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  if (whole === '' && fraction === '') return undefined;
  const digits = BigInt(`${whole}${fraction}` || '0');
  return { mantissa: sign === '-' ? -digits : digits, exponent: Number(exponent) - fraction.length };
}

function scaled(value: Decimal, exponent: number): bigint {
  return value.mantissa * 10n ** BigInt(value.exponent - exponent);
}

/**
 * How far apart two values of a column may be and still be equal (--tolerance). The row rule is |a - b| <= N on
 * the exact decimals the two sides print (floats print their shortest exact text); NaN equals only NaN, an
 * infinity only the same infinity, NULL no number. Fast mode hashes each value's cell of an N-wide grid
 * (gridSql): two values in one cell are less than N apart, so a hash can only call equal what the rule does,
 * and values on both sides of a cell's edge are fetched and settled by this rule in the merge.
 */
export class Tolerance {
  private readonly decimal: Decimal;
  private readonly approximate: number;

  private constructor(
    /** The tolerance as given, e.g. `0.01` or `1e-9`. */
    readonly text: string,
    decimal: Decimal,
  ) {
    this.decimal = decimal;
    this.approximate = Number(text);
  }

  /** A tolerance from a flag or config value: a positive finite number; anything else is a UsageError naming `entry`. */
  static parse(entry: string, value: unknown): Tolerance {
    const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
    const decimal = parseDecimal(text);
    // The exponent is bounded as numeric's input bounds it: the row rule scales by powers of ten.
    if (decimal === undefined || decimal.mantissa <= 0n || Math.abs(decimal.exponent) > 1000)
      throw new UsageError(`--tolerance ${entry} must be a positive number, not ${JSON.stringify(value)}`);
    return new Tolerance(text, decimal);
  }

  /** Whether two non-NULL canonical texts of the column are equal within the tolerance. */
  allows(source: string, target: string): boolean {
    if (source === target) return true;
    // Most pairs are decided by doubles: their parse is off by at most a few units in the 16th digit, so a
    // difference clear of N by more than that margin is on the same side of N exactly. Only near N, exactly.
    const a = Number(source);
    const b = Number(target);
    if (Number.isFinite(a) && Number.isFinite(b)) {
      const difference = Math.abs(a - b);
      const margin = (Math.abs(a) + Math.abs(b) + this.approximate) * DOUBLE_ERROR + SUBNORMAL_ERROR;
      if (difference + margin < this.approximate) return true;
      if (difference - margin > this.approximate) return false;
    }
    const left = parseDecimal(source);
    const right = parseDecimal(target);
    if (left === undefined || right === undefined) return false;
    const exponent = Math.min(left.exponent, right.exponent, this.decimal.exponent);
    const difference = scaled(left, exponent) - scaled(right, exponent);
    return (difference < 0n ? -difference : difference) <= scaled(this.decimal, exponent);
  }

  /**
   * SQL giving, as text, the cell of an N-wide grid a value lies in: cells of w = value + N/2 cut at the
   * multiples of N, so that their edges lie halfway between multiples of N, where decimal data seldom is. The
   * cell is div(w, N) (truncated) with the sign of w, so that no cell spans zero, all computed exactly in
   * numeric; NaN and the infinities fall in cells of their own. Its value is the one the row rule reads: an
   * integer, numeric or money column's own, a float's shortest exact text (so that a float4 read as float8,
   * or not, cannot land in a cell the rule disagrees with). Floats are tested for NaN and the infinities first:
   * before PostgreSQL 14 numeric has no infinity.
   */
  gridSql(baseType: string, ref: string, canonical: string): string {
    const half = quoteLiteral(`${this.decimal.mantissa * 5n}e${this.decimal.exponent - 1}`);
    const float = baseType === 'float4' || baseType === 'float8';
    const w = `(${float ? `(${canonical})` : ref}::numeric + ${half}::numeric)`;
    const cell = `div(${w}, ${quoteLiteral(this.text)}::numeric)::text || ':' || sign(${w})::text`;
    if (!float) return cell;
    const special = ['NaN', 'Infinity', '-Infinity'].map((value) => `${ref} = '${value}'::float8`).join(' OR ');
    return `CASE WHEN ${special} THEN ${ref}::text ELSE ${cell} END`;
  }
}
