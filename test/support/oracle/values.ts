import fc from 'fast-check';

/** Column types the oracle generates; `int4` and `text` may be widened in the target. */
export type OracleType =
  'int4' | 'int8' | 'numeric' | 'text' | 'timestamptz' | 'jsonb' | 'bool' | 'float8' | 'bytea' | 'date';
export const ORACLE_TYPES: readonly OracleType[] = [
  'int4',
  'int8',
  'numeric',
  'text',
  'timestamptz',
  'jsonb',
  'bool',
  'float8',
  'bytea',
  'date',
];

/** A value as SQL input text; every generator yields one spelling per value, so string equality is value equality. */
export type SqlValue = string | null;

const noNul = (text: string) => !text.includes('\u0000');

function sortedJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortedJson((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** Microseconds since 2000 as a UTC timestamp literal, so a 1 µs change is representable. */
export function timestampLiteral(micros: bigint): string {
  const millis = Number(micros / 1000n);
  const rest = String(micros % 1000n).padStart(3, '0');
  return `${new Date(Date.UTC(2000, 0, 1) + millis).toISOString().slice(0, 23)}${rest}+00`;
}

const nonNull: Record<OracleType, fc.Arbitrary<string>> = {
  int4: fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
  int8: fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }).map(String),
  numeric: fc
    .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 1, max: 99 }))
    .map(([whole, cents]) => `${whole}.${String(cents).padStart(2, '0').replace(/0$/, '')}`),
  text: fc.string({ unit: 'grapheme', maxLength: 12 }).filter(noNul),
  timestamptz: fc.bigInt({ min: 0n, max: 10n ** 15n }).map(timestampLiteral),
  jsonb: fc
    .jsonValue({ maxDepth: 2 })
    .map((value) => JSON.stringify(sortedJson(value)))
    .filter((text) => !text.includes('\\u0000')),
  bool: fc.boolean().map(String),
  float8: fc.double().map((value) => (Object.is(value, -0) ? '-0' : String(value))),
  bytea: fc.uint8Array({ maxLength: 8 }).map((bytes) => `\\x${Buffer.from(bytes).toString('hex')}`),
  date: fc
    .integer({ min: 0, max: 20_000 })
    .map((days) => new Date(Date.UTC(2000, 0, 1) + days * 86_400_000).toISOString().slice(0, 10)),
};

/** A value of the type, NULL one time in five. */
export function valueOf(type: OracleType): fc.Arbitrary<SqlValue> {
  return fc.option(nonNull[type], { freq: 5, nil: null });
}

const FROM_NULL: Record<OracleType, string> = {
  int4: '7',
  int8: '7',
  numeric: '7.5',
  text: '',
  timestamptz: timestampLiteral(0n),
  jsonb: '{}',
  bool: 'true',
  float8: '1',
  bytea: '\\x',
  date: '2000-01-01',
};

/** A value certainly different from `value` (NULL becomes a value; text NULL becomes ''). */
export function changedValue(type: OracleType, value: SqlValue): SqlValue {
  if (value === null) return FROM_NULL[type];
  switch (type) {
    case 'int4':
    case 'int8':
      return String(BigInt(value) + 1n);
    case 'numeric':
      return `${value}1`;
    case 'text':
      return `${value}x`;
    case 'timestamptz':
      return value.replace(/(\d)\+00$/, (_, digit: string) => `${(Number(digit) + 1) % 10}+00`);
    case 'jsonb':
      return JSON.stringify({ changed: JSON.parse(value) as unknown });
    case 'bool':
      return value === 'true' ? 'false' : 'true';
    case 'float8':
      return value === '1' ? '2' : '1';
    case 'bytea':
      return `${value}00`;
    case 'date':
      return value === '2000-01-01' ? '2000-01-02' : '2000-01-01';
  }
}
