import { describe, expect, it } from 'vitest';
import { agreedHashFunctions, nativeHashCall, type ServerHashes } from '../../../src/catalog/hash-functions.js';
import { rowHashSql } from '../../../src/plan/row-hash.js';

const int8 = { function: 'pg_catalog.hashint8extended', argument: 'int8' };
const boolAsChar = { function: 'pg_catalog.hashcharextended', argument: 'char' };
const boolNative = { function: 'pg_catalog.hashboolextended', argument: 'bool' };
const dateAsInt4 = { function: 'pg_catalog.hashint4extended', argument: 'int4' };

describe('nativeHashCall', () => {
  it('calls a function declared on the type itself directly, with the seed', () => {
    expect(nativeHashCall('int8', int8, 'r."id"::int8', 3)).toBe('pg_catalog.hashint8extended(r."id"::int8, 3)');
  });

  it('reaches a function declared on another type only through an exact conversion (PostgreSQL 13 to 17)', () => {
    expect(nativeHashCall('bool', boolAsChar, 'r."b"::bool', 1)).toBe(
      'pg_catalog.hashcharextended((r."b"::bool)::int4::"char", 1)',
    );
    expect(nativeHashCall('date', dateAsInt4, 'r."d"::date', 2)).toContain('r."d"::date - DATE \'2000-01-01\'');
    expect(
      nativeHashCall(
        'timestamptz',
        { function: 'pg_catalog.timestamp_hash_extended', argument: 'timestamp' },
        'r."t"::timestamptz',
        1,
      ),
    ).toBe('pg_catalog.timestamp_hash_extended(((r."t"::timestamptz) AT TIME ZONE INTERVAL \'+00:00\'), 1)');
  });

  it('gives nothing where no exact conversion exists, so the value is hashed as text', () => {
    expect(
      nativeHashCall('bytea', { function: 'pg_catalog.hashvarlenaextended', argument: 'internal' }, 'r."b"::bytea', 1),
    ).toBeUndefined();
    expect(nativeHashCall('text', dateAsInt4, 'r."t"::text', 1)).toBeUndefined();
  });
});

describe('agreedHashFunctions', () => {
  const server = (functions: Record<string, typeof int8>, probes: Record<string, string[]>): ServerHashes => ({
    functions: new Map(Object.entries(functions)),
    probes: new Map(Object.entries(probes)),
  });

  it('keeps the types whose probe hashes all agree, each side with its own function', () => {
    // PostgreSQL 16 hashes bool with hashcharextended, 18 with hashboolextended: the same values, other names.
    const source = server(
      { int8, bool: boolAsChar, date: dateAsInt4 },
      { int8: ['1', '2'], bool: ['3', '4'], date: ['5', '6'] },
    );
    const target = server(
      { int8, bool: boolNative, date: dateAsInt4 },
      { int8: ['1', '2'], bool: ['3', '4'], date: ['5', '7'] },
    );
    const agreed = agreedHashFunctions(source, target);
    expect([...agreed.source]).toEqual([
      ['int8', int8],
      ['bool', boolAsChar],
    ]);
    expect([...agreed.target]).toEqual([
      ['int8', int8],
      ['bool', boolNative],
    ]);
  });

  it('keeps nothing a side does not have or did not probe', () => {
    const agreed = agreedHashFunctions(
      server({ int8, bool: boolNative }, { int8: ['1'] }),
      server({ bool: boolNative }, { bool: ['1'] }),
    );
    expect(agreed.source.size).toBe(0);
    expect(agreed.target.size).toBe(0);
  });
});

describe('rowHashSql', () => {
  it('combines the terms of a row by XOR, and leaves a single term alone', () => {
    expect(rowHashSql(['a', 'b', 'c'])).toBe('(a) # (b) # (c)');
    expect(rowHashSql(['a'])).toBe('a');
  });
});
