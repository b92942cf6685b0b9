import { describe, expect, it } from 'vitest';
import { foreignKeyQuery } from '../../src/checks/integrity.js';
import { subjectOfTable } from '../../src/checks/subject.js';
import { tenantQuery } from '../../src/checks/tenant.js';
import { runSql } from '../support/databases.js';
import { edgeMajors } from '../support/servers.js';
import { useTestPair } from '../support/test-pair.js';
import { column, table } from '../unit/checks/tables.js';

// Seven tenants in equal shares, every row's tenant expected and every customer present but three: the checks
// find (almost) nothing. The planner takes `tenant <> ALL (seven values)` for seven independent inequalities,
// (6/7)^7 of the rows (statistics from every row, so that the estimate is the same in every run), and
// PostgreSQL 13 to 16 would then read the whole table through its key index to return them in key order
// without a sort.
const SCHEMA = `
  CREATE TABLE customers (id int PRIMARY KEY, tenant int NOT NULL);
  INSERT INTO customers SELECT g, g % 7 + 1 FROM generate_series(1, 1000) g;
  CREATE TABLE orders (id int PRIMARY KEY, tenant int NOT NULL, customer_id int NOT NULL, pad text NOT NULL);
  INSERT INTO orders SELECT g, g % 7 + 1, g % 1000 + 1, repeat('x', 80) FROM generate_series(1, 300000) g;
  -- Three orders of tenant 1 whose customers are gone (orphans), for the rows the foreign key's statement returns.
  INSERT INTO orders SELECT g, 1, g - 295000, 'x' FROM generate_series(300001, 300003) g;
  ALTER TABLE orders ALTER tenant SET STATISTICS 10000;
  ANALYZE;`;

const orders = table('public', 'orders', [
  column('id'),
  column('tenant'),
  column('customer_id'),
  column('pad', 'text'),
]);
const customers = table('public', 'customers', [column('id'), column('tenant')]);
const subject = subjectOfTable(orders, undefined);
const expected = ['1', '2', '3', '4', '5', '6', '7'];

/** The statement of the foreign key from orders to customers, checking tenants through `tenantColumn`. */
function customerKeyQuery(tenantColumn: string | null): string {
  const target = { parent: customers, parentUnique: true, tenantColumn };
  const key = {
    name: 'orders_customer',
    columns: ['customer_id'],
    parentName: 'customers',
    parentColumns: ['id'],
    declaredOn: 'both' as const,
    check: target,
  };
  return foreignKeyQuery(subject, key, target);
}

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Index Name'?: string;
  readonly Plans?: readonly PlanNode[];
}

function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

describe.each(edgeMajors())('the check statements on PostgreSQL %s', (major) => {
  const files = useTestPair('check_plans', (pair) => runSql(pair.sourceUrl, SCHEMA), {
    label: major,
    source: major,
    target: major,
  });
  const planOf = async (sql: string, values: unknown[]) => {
    const result = await files.pair.source.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `EXPLAIN (FORMAT JSON) ${sql}`,
      values,
    );
    return nodesOf(result.rows[0]!['QUERY PLAN'][0].Plan);
  };

  it('read the table for the tenant check in one scan, never through its key index', async () => {
    const nodes = await planOf(tenantQuery(subject, { column: 'tenant', expected }), [expected, 100]);
    expect(nodes.filter((node) => node['Index Name'] !== undefined)).toEqual([]);
    expect(nodes.some((node) => /Seq Scan/.test(node['Node Type']) && node['Relation Name'] === 'orders')).toBe(true);
  });

  it('read the child table for a foreign key in one scan, never through its key index', async () => {
    const nodes = await planOf(customerKeyQuery('tenant'), [100]);
    expect(nodes.filter((node) => node['Index Name'] === 'orders_pkey')).toEqual([]);
    expect(nodes.some((node) => /Seq Scan/.test(node['Node Type']) && node['Relation Name'] === 'orders')).toBe(true);
  });

  it('count every orphan and return the first in key order, with their link and its kind', async () => {
    const { rows } = await files.pair.source.query<unknown[]>({
      text: customerKeyQuery(null),
      values: [2],
      rowMode: 'array',
    });
    expect(rows).toEqual([
      ['300001', '5001', true, '3', '3'],
      ['300002', '5002', true, '3', '3'],
    ]);
  });

  it('count every offending tenant and return the first in key order, however small the sample', async () => {
    const sql = tenantQuery(subject, { column: 'tenant', expected: ['1', '2'] });
    const { rows } = await files.pair.source.query<unknown[]>({
      text: sql,
      values: [['1', '2'], 3],
      rowMode: 'array',
    });
    // Tenants 3 to 7: 5/7 of 300,000 rows; ids 2, 3 and 4 hold tenants 3, 4 and 5.
    expect(rows).toEqual([
      ['2', '3', '0', '214285'],
      ['3', '4', '0', '214285'],
      ['4', '5', '0', '214285'],
    ]);
  });
});
