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

  private constructor(
    /** The tolerance as given, e.g. `0.01` or `1e-9`. */
    readonly text: string,
    decimal: Decimal,
  ) {
    this.decimal = decimal;
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
    const left = parseDecimal(source);
    const right = parseDecimal(target);
    if (left === undefined || right === undefined) return false;
    const exponent = Math.min(left.exponent, right.exponent, this.decimal.exponent);
    const difference = scaled(left, exponent) - scaled(right, exponent);
    return (difference < 0n ? -difference : difference) <= scaled(this.decimal, exponent);
  }

  /**
   * SQL giving the grid cell of a column's canonical text as text: round(value / N), computed exactly as
   * floor((value + N/2) / N) with numeric's div and mod, so that the cells' edges lie halfway between multiples of
   * N, where decimal data rarely is. NaN and the infinities are cells of their own. The cell is taken from the
   * very text the row rule reads, so that a float4 read as float8 (or not) cannot land in a cell the rule
   * disagrees with.
   */
  gridSql(canonical: string): string {
    const text = `(${canonical})`;
    const half = { mantissa: this.decimal.mantissa * 5n, exponent: this.decimal.exponent - 1 };
    const value = `(${text}::numeric + ${quoteLiteral(`${half.mantissa}e${half.exponent}`)}::numeric)`;
    const width = `${quoteLiteral(this.text)}::numeric`;
    const cell = `div(${value}, ${width}) - CASE WHEN ${value} < 0 AND mod(${value}, ${width}) <> 0 THEN 1 ELSE 0 END`;
    return `CASE WHEN ${text} IN ('NaN', 'Infinity', '-Infinity') THEN ${text} ELSE (${cell})::text END`;
  }
}
