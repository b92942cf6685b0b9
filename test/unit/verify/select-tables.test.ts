import { describe, expect, it } from 'vitest';
import type { Table } from '../../../src/catalog/types.js';
import { UsageError } from '../../../src/errors.js';
import { selectTables } from '../../../src/verify/select-tables.js';

const table = (schema: string, name: string): Table => ({ schema, name, columns: [], keys: [], estimatedRows: 0, foreignKeys: [], sequences: [] });
const source = [table('public', 'orders'), table('public', 'customers'), table('public', 'legacy')];
const target = [table('store_4', 'orders'), table('store_4', 'customers'), table('store_4', 'audit')];

describe('selectTables', () => {
  it('pairs every table of either side by name, sorted, with the missing side undefined', () => {
    const pairs = selectTables(source, target, [], []);
    expect(pairs.map((pair) => [pair.name, pair.source?.schema ?? null, pair.target?.schema ?? null])).toEqual([
      ['audit', null, 'store_4'], ['customers', 'public', 'store_4'], ['legacy', 'public', null], ['orders', 'public', 'store_4'],
    ]);
  });

  it('keeps only --tables, in the order given, minus --exclude', () => {
    expect(selectTables(source, target, ['orders', 'customers', 'legacy'], ['legacy']).map((pair) => pair.name)).toEqual(['orders', 'customers']);
  });

  it('refuses a name that neither side has, naming the flag', () => {
    expect(() => selectTables(source, target, ['ordres'], [])).toThrow(new UsageError('--tables: no table named "ordres" on either side'));
    expect(() => selectTables(source, target, [], ['nope'])).toThrow(/--exclude: no table named "nope"/);
  });
});

describe('selectTables with --map-table', () => {
  const rules = (tables: Record<string, string>) => ({ tables: new Map(Object.entries(tables)), columns: new Map(), ignored: new Map() });
  const renamedTarget = [table('store_4', 'orders'), table('store_4', 'clients'), table('store_4', 'customers')];

  it('pairs a source table with the target table it was renamed to, under the source name', () => {
    const pairs = selectTables(source, renamedTarget, [], [], rules({ customers: 'clients' }));
    expect(pairs.map((pair) => [pair.name, pair.source?.name ?? null, pair.target?.name ?? null])).toEqual([
      ['customers', 'customers', 'clients'], ['legacy', 'legacy', null], ['orders', 'orders', 'orders'],
    ]);
  });

  it('counts a mapped target table that is absent as missing in target, and refuses a mapping neither side knows', () => {
    expect(selectTables(source, target, ['orders'], [], rules({ orders: 'orders_v2' }))[0]).toMatchObject({ name: 'orders', target: undefined });
    expect(() => selectTables(source, target, [], [], rules({ ordres: 'orders_v2' })))
      .toThrow(new UsageError('--map-table ordres=orders_v2: no source table named "ordres" and no target table named "orders_v2"'));
  });
});
