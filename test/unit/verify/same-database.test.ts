import { describe, expect, it } from 'vitest';
import { comparesItself } from '../../../src/verify/same-database.js';

const run = (source: string, target: string, more: Partial<Parameters<typeof comparesItself>[0]> = {}) =>
  comparesItself({
    source,
    target,
    sourceSchema: 'public',
    targetSchema: 'public',
    sourceWhere: undefined,
    targetWhere: undefined,
    ...more,
  });

describe('a run comparing a database with itself', () => {
  it('is told apart by address, loopback names as one, whatever the users and passwords', () => {
    expect(run('postgresql://a:x@127.0.0.1:5499/shop', 'postgresql://b@localhost:5499/shop')).toBe(
      'the source and the target are the same database (127.0.0.1:5499/shop) and schema (public): every table will pass',
    );
    expect(run('host=db port=5432 dbname=shop', 'postgresql://db/shop')).toMatch(/^the source and the target/);
  });

  it('is not one when the database, the schema or a filter differs', () => {
    expect(run('postgresql://h/shop', 'postgresql://h/shop_new')).toBeUndefined();
    expect(run('postgresql://h:5432/shop', 'postgresql://h:5433/shop')).toBeUndefined();
    expect(run('postgresql://h/shop', 'postgresql://h/shop', { targetSchema: 'store_4' })).toBeUndefined();
    expect(run('postgresql://h/shop', 'postgresql://h/shop', { sourceWhere: 'store_id = 4' })).toBeUndefined();
  });
});
