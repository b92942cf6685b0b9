import { describe, expect, it } from 'vitest';
import type { Table } from '../../../src/catalog/types.js';
import { UsageError } from '../../../src/errors.js';
import { buildMatchRules } from '../../../src/plan/match-rules.js';
import { assertTenantColumnFound, assertTenantsFit, selectTables } from '../../../src/verify/select-tables.js';

const table = (schema: string, name: string): Table => ({
  schema,
  name,
  columns: [],
  keys: [],
  estimatedRows: 0,
  foreignKeys: [],
  sequences: [],
});
const source = [table('public', 'orders'), table('public', 'customers'), table('public', 'legacy')];
const target = [table('store_4', 'orders'), table('store_4', 'customers'), table('store_4', 'audit')];

describe('selectTables', () => {
  it('pairs every table of either side by name, sorted, with the missing side undefined', () => {
    const pairs = selectTables(source, target, [], []);
    expect(pairs.map((pair) => [pair.name, pair.source?.schema ?? null, pair.target?.schema ?? null])).toEqual([
      ['audit', null, 'store_4'],
      ['customers', 'public', 'store_4'],
      ['legacy', 'public', null],
      ['orders', 'public', 'store_4'],
    ]);
  });

  it('keeps only --tables, in the order given, minus --exclude', () => {
    expect(
      selectTables(source, target, ['orders', 'customers', 'legacy'], ['legacy']).map((pair) => pair.name),
    ).toEqual(['orders', 'customers']);
  });

  it('refuses a name that neither side has, naming the flag', () => {
    expect(() => selectTables(source, target, ['ordres'], [])).toThrow(
      new UsageError('--tables: no table named "ordres" on either side'),
    );
    expect(() => selectTables(source, target, [], ['nope'])).toThrow(/--exclude: no table named "nope"/);
  });
});

describe('selectTables with --map-table', () => {
  const rules = (tables: Record<string, string>) => ({
    tables: new Map(Object.entries(tables)),
    columns: new Map(),
    ignored: new Map(),
  });
  const renamedTarget = [table('store_4', 'orders'), table('store_4', 'clients'), table('store_4', 'customers')];

  it('pairs a source table with the target table it was renamed to, under the source name', () => {
    const pairs = selectTables(source, renamedTarget, [], [], rules({ customers: 'clients' }));
    expect(pairs.map((pair) => [pair.name, pair.source?.name ?? null, pair.target?.name ?? null])).toEqual([
      ['customers', 'customers', 'clients'],
      ['legacy', 'legacy', null],
      ['orders', 'orders', 'orders'],
    ]);
  });

  it('refuses a mapping whose source or target table does not exist, naming the entry', () => {
    expect(() => selectTables(source, target, ['orders'], [], rules({ orders: 'orders_v2' }))).toThrow(
      new UsageError('--map-table orders=orders_v2: no target table named "orders_v2"'),
    );
    expect(() => selectTables(source, target, [], [], rules({ ordres: 'orders' }))).toThrow(
      new UsageError('--map-table ordres=orders: no source table named "ordres"'),
    );
  });
});

describe('selectTables with --map-column and --ignore-columns', () => {
  const withColumns = (schema: string, name: string, columns: string[]): Table => ({
    ...table(schema, name),
    columns: columns.map((column) => ({
      name: column,
      type: 'integer',
      baseType: 'int4',
      category: 'N',
      notNull: true,
      collation: null,
    })),
  });
  const sources = [
    withColumns('public', 'customers', ['id', 'mail', 'updated_at']),
    withColumns('public', 'orders', ['id', 'total']),
  ];
  const targets = [
    withColumns('public', 'clients', ['id', 'email', 'synced_at']),
    withColumns('public', 'orders', ['id', 'total']),
  ];
  const rules = (options: Parameters<typeof buildMatchRules>[0]) =>
    buildMatchRules({ mapTables: { customers: 'clients' }, ...options });
  const select = (options: Parameters<typeof buildMatchRules>[0]) => () =>
    selectTables(sources, targets, [], [], rules(options));

  it('accepts rules that name existing tables and columns, on either side for an ignored column, and any *.column', () => {
    expect(
      select({
        mapColumns: { 'customers.mail': 'email' },
        ignoreColumns: ['customers.updated_at', 'clients.synced_at', '*.deleted_at'],
      })(),
    ).toHaveLength(2);
  });

  it.each([
    [
      { mapColumns: { 'custmers.mail': 'email' } },
      '--map-column custmers.mail=email: no source table named "custmers"',
    ],
    [
      { mapColumns: { 'customers.fax': 'email' } },
      '--map-column customers.fax=email: source table customers has no column "fax"',
    ],
    [
      { mapColumns: { 'customers.mail': 'e_mail' } },
      '--map-column customers.mail=e_mail: target table clients has no column "e_mail"',
    ],
    [
      { ignoreColumns: ['orders.nope'] },
      '--ignore-columns orders.nope: table orders has no column "nope" on either side',
    ],
    [{ ignoreColumns: ['ordres.total'] }, '--ignore-columns ordres.total: no table named "ordres" on either side'],
  ])('refuses %j naming the entry as typed', (options, message) => {
    expect(select(options)).toThrow(new UsageError(message));
  });
});

describe('assertTenantColumnFound', () => {
  const withStore = (base: Table): Table => ({
    ...base,
    columns: [{ name: 'store_id', type: 'integer', baseType: 'int4', category: 'N', notNull: true, collation: null }],
  });
  const schema = [withStore(target[0]!), target[1]!];

  it('refuses tenants to check in a column no table of the target schema has: a typo would check nothing and pass', () => {
    expect(() => assertTenantColumnFound(schema, 'stor_id', ['4'])).toThrow(
      new UsageError(
        '--tenant-column "stor_id": no table of the target schema "store_4" has this column, so --tenant would check nothing',
      ),
    );
  });

  it('accepts a column one table of the schema has, even one --tables leaves out, and any column without tenants', () => {
    expect(() => assertTenantColumnFound(schema, 'store_id', ['4'])).not.toThrow();
    expect(() => assertTenantColumnFound(schema, 'stor_id', [])).not.toThrow();
  });

  it('refuses a tenant an integer tenant column cannot hold, and leaves other types to the server', () => {
    expect(() => assertTenantsFit(schema, 'store_id', ['4', ' -7 '])).not.toThrow();
    expect(() => assertTenantsFit(schema, 'store_id', ['4', 'north'])).toThrow(
      new UsageError(
        `tenant "north" cannot be a value of the tenant column "store_id" (integer in the target's ${schema[0]!.name})`,
      ),
    );
    expect(() => assertTenantsFit(schema, 'store_id', ['2147483648'])).toThrow(UsageError);
    expect(() => assertTenantsFit(schema, 'other', ['north'])).not.toThrow();
  });
});
