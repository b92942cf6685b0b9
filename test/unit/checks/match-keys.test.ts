import { describe, expect, it } from 'vitest';
import type { Table } from '../../../src/catalog/types.js';
import { type KeyScope, matchForeignKeys, missingKeyWarning } from '../../../src/checks/match-keys.js';
import { column, foreignKey, table } from './tables.js';

const customers = table('store_4', 'customers', [column('id'), column('store_id')]);
const products = table('store_4', 'products', [column('id')]);
const regions = table('store_4', 'regions', [column('code', 'text'), column('n'), column('store_id')], { keys: [] });

function scope(targetTables: Table[], checked = targetTables.map((candidate) => candidate.name)): KeyScope {
  return {
    sourceSchema: 'public',
    targetSchema: 'store_4',
    tenantColumn: 'store_id',
    targetTables: new Map(targetTables.map((candidate) => [candidate.name, candidate])),
    checked: new Set(checked),
  };
}

const orderColumns = [
  column('id'),
  column('store_id'),
  column('customer_id'),
  column('product_id'),
  column('region_code', 'text'),
  column('region_n'),
];

describe('matchForeignKeys', () => {
  it('matches a source key and a target key of other names by parent table and column pairs, and names it as the target does', () => {
    const source = table('public', 'orders', orderColumns, {
      foreignKeys: [foreignKey('orders_customer_id_fkey', ['customer_id'], 'customers', ['id'])],
    });
    const target = table('store_4', 'orders', orderColumns, {
      foreignKeys: [foreignKey('fk_orders_customer', ['customer_id'], 'customers', ['id'], 'store_4')],
    });
    const [key, ...rest] = matchForeignKeys(source, target, scope([customers, target]));
    expect(rest).toEqual([]);
    expect(key).toMatchObject({
      name: 'fk_orders_customer',
      declaredOn: 'both',
      parentName: 'customers',
      columns: ['customer_id'],
    });
    expect(key!.check).toEqual({ parent: customers, parentUnique: true, tenantColumn: 'store_id' });
  });

  it('matches composite keys whatever order their column pairs are declared in', () => {
    const source = table('public', 'orders', orderColumns, {
      foreignKeys: [foreignKey('a', ['region_code', 'region_n'], 'regions', ['code', 'n'])],
    });
    const target = table('store_4', 'orders', orderColumns, {
      foreignKeys: [foreignKey('b', ['region_n', 'region_code'], 'regions', ['n', 'code'], 'store_4')],
    });
    const keys = matchForeignKeys(source, target, scope([regions, target]));
    expect(keys.map((key) => [key.name, key.declaredOn])).toEqual([['b', 'both']]);
  });

  it('checks a key only the source declares against the target table of the same name, with a warning', () => {
    const source = table('public', 'orders', orderColumns, {
      foreignKeys: [foreignKey('orders_product_id_fkey', ['product_id'], 'products', ['id'])],
    });
    const target = table('store_4', 'orders', orderColumns);
    const [key] = matchForeignKeys(source, target, scope([products, target]));
    expect(key).toMatchObject({
      declaredOn: 'source',
      check: { parent: products, parentUnique: true, tenantColumn: null },
    });
    expect(missingKeyWarning(key!)).toBe(
      'foreign key orders_product_id_fkey (product_id) -> products (id) is declared on the source but not on the target',
    );
  });

  it('does not trust a parent without a unique key on the referenced columns when only the source declares the key', () => {
    const source = table('public', 'orders', orderColumns, {
      foreignKeys: [foreignKey('k', ['region_code', 'region_n'], 'regions', ['code', 'n'])],
    });
    const [key] = matchForeignKeys(source, table('store_4', 'orders', orderColumns), scope([regions]));
    expect(key!.check).toMatchObject({ parentUnique: false, tenantColumn: 'store_id' });
  });

  it('skips keys whose parent is absent from the target, excluded from the run, or outside the schema, saying why', () => {
    const keys = [
      foreignKey('to_missing', ['customer_id'], 'legacy_customers', ['id']),
      foreignKey('to_excluded', ['product_id'], 'products', ['id']),
      foreignKey('to_shared', ['store_id'], 'stores', ['id'], 'shared'),
    ];
    const found = matchForeignKeys(
      table('public', 'orders', orderColumns, { foreignKeys: keys }),
      table('store_4', 'orders', orderColumns),
      scope([products], []),
    );
    expect(found.map((key) => [key.name, key.check])).toEqual([
      ['to_excluded', { skipped: 'parent table products is excluded from this run' }],
      ['to_missing', { skipped: 'parent table legacy_customers is absent from the target' }],
      ['to_shared', { skipped: 'references shared.stores, outside the public schema' }],
    ]);
  });

  it('skips a source key whose column the target table no longer has', () => {
    const source = table('public', 'orders', orderColumns, {
      foreignKeys: [foreignKey('k', ['customer_id'], 'customers', ['id'])],
    });
    const [key] = matchForeignKeys(source, table('store_4', 'orders', [column('id')]), scope([customers]));
    expect(key!.check).toEqual({ skipped: 'column customer_id is absent from the target table' });
  });

  it('gives no warning for keys the target declares', () => {
    const target = table('store_4', 'orders', orderColumns, {
      foreignKeys: [foreignKey('k', ['customer_id'], 'customers', ['id'], 'store_4')],
    });
    const [key] = matchForeignKeys(undefined, target, scope([customers]));
    expect(key!.declaredOn).toBe('target');
    expect(missingKeyWarning(key!)).toBeUndefined();
  });
});

describe('matchForeignKeys with renamed tables and columns', () => {
  it('checks a source key under the target names --map-table and --map-column gave its table, columns and parent', () => {
    const clients = table('store_4', 'clients', [column('id'), column('store_id')]);
    const source = table('public', 'orders', [column('id'), column('cust_id')], {
      foreignKeys: [foreignKey('orders_cust_id_fkey', ['cust_id'], 'customers', ['id'])],
    });
    const target = table('store_4', 'orders', [column('id'), column('customer_id')], {
      foreignKeys: [foreignKey('fk_customer', ['customer_id'], 'clients', ['id'], 'store_4')],
    });
    const rules = {
      tables: new Map([['customers', 'clients']]),
      columns: new Map([['orders', new Map([['cust_id', 'customer_id']])]]),
      ignored: new Map(),
    };
    const keys = matchForeignKeys(source, target, { ...scope([clients, target]), rules });
    expect(keys.map((key) => [key.name, key.declaredOn, key.parentName, key.columns])).toEqual([
      ['fk_customer', 'both', 'clients', ['customer_id']],
    ]);
  });
});
