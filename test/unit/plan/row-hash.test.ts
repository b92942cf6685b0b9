import { describe, expect, it } from 'vitest';
import { agreedHashFunctions, hashProbeSql, rowHashSql } from '../../../src/plan/row-hash.js';

describe('agreedHashFunctions', () => {
  it('keeps the types whose probe hashes agree, each side with its own function name', () => {
    // PostgreSQL 16 hashes bool with hashcharextended, 18 with hashboolextended: the same values, other names.
    const source = new Map([['int8', 'pg_catalog.hashint8extended'], ['bool', 'pg_catalog.hashcharextended'], ['jsonb', 'pg_catalog.jsonb_hash_extended']]);
    const target = new Map([['bool', 'pg_catalog.hashboolextended'], ['int8', 'pg_catalog.hashint8extended'], ['jsonb', 'pg_catalog.jsonb_hash_extended']]);
    const agreed = agreedHashFunctions(source, target, { source: ['11', '22', '33'], target: ['22', '11', '34'] });
    expect([...agreed.source]).toEqual([['int8', 'pg_catalog.hashint8extended'], ['bool', 'pg_catalog.hashcharextended']]);
    expect([...agreed.target]).toEqual([['int8', 'pg_catalog.hashint8extended'], ['bool', 'pg_catalog.hashboolextended']]);
  });

  it('keeps nothing a side does not have', () => {
    const agreed = agreedHashFunctions(new Map([['uuid', 'pg_catalog.uuid_hash_extended']]), new Map(), { source: ['5'], target: [] });
    expect(agreed.source.size).toBe(0);
    expect(agreed.target.size).toBe(0);
  });
});

describe('hashProbeSql and rowHashSql', () => {
  it('hashes each type\'s probe value with its function, in the map\'s order', () => {
    expect(hashProbeSql(new Map([['int8', 'pg_catalog.hashint8extended'], ['bool', 'pg_catalog.hashboolextended']])))
      .toBe("SELECT ARRAY[pg_catalog.hashint8extended('-42'::int8, 1)::text, pg_catalog.hashboolextended(true, 1)::text]::text[] AS probe");
  });

  it('combines the terms of a row by XOR, and leaves a single term alone', () => {
    expect(rowHashSql(['a', 'b', 'c'])).toBe('(a) # (b) # (c)');
    expect(rowHashSql(['a'])).toBe('a');
  });
});
