import { describe, expect, it } from 'vitest';
import type { Table } from '../../../src/catalog/types.js';
import { closingNotes } from '../../../src/report/repair-notes.js';
import type { StructureFinding, TableResult } from '../../../src/summary.js';

const target: Table = {
  schema: 'store_4',
  name: 'orders',
  columns: [],
  keys: [],
  estimatedRows: 10,
  foreignKeys: [],
  sequences: [],
};

function result(structure: StructureFinding[], sourceOnly: string[] = []): TableResult {
  return {
    name: 'orders',
    status: 'fail',
    rows: { source: 10, target: 9 },
    diff: { missing: 1, extra: 0, changed: 0 },
    columns: { compared: ['id'], sourceOnly, targetOnly: [] },
    key: ['id'],
    warnings: [],
    integrity: [],
    sequences: [],
    structure,
    durationMs: 1,
  };
}

const notes = (found: TableResult) =>
  closingNotes([found], new Map([['orders', target]]), { source: 'public', target: 'store_4' });

describe("fix.sql's closing notes", () => {
  it('say which failing structure findings the script leaves to be mended by hand, in the reports words', () => {
    const { remarks } = notes(
      result([
        {
          object: 'index',
          name: 'orders_placed_idx',
          change: 'missing',
          severity: 'fail',
          source: 'CREATE INDEX ... USING btree (placed_at)',
          target: null,
        },
        { object: 'index', name: 'orders_new_idx', change: 'extra', severity: 'info', source: null, target: 'x' },
      ]),
    );
    expect(remarks).toContain('-- not repaired by this script:');
    expect(remarks).toMatch(/^-- "store_4"\."orders": Index orders_placed_idx is missing in the target .*placed_at/m);
    expect(remarks).toContain(
      'To recreate it: CREATE INDEX "orders_placed_idx" ON "store_4"."orders" USING btree (placed_at);',
    );
    expect(remarks).not.toContain('orders_new_idx');
  });

  it('name a lost column once, with what to do about its values', () => {
    const { remarks } = notes(
      result(
        [{ object: 'column', name: 'note', change: 'missing', severity: 'fail', source: 'text', target: null }],
        ['note'],
      ),
    );
    expect(remarks.match(/note/g)).toHaveLength(1);
    expect(remarks).toContain('lacks the source columns note: add them and copy their values by hand.');
  });

  it("name the tenant and foreign-key failures, which the rows' repair may leave as they are", () => {
    const { remarks } = notes({
      ...result([]),
      tenant: { column: 'tenant_id', expected: ['7'], nulls: 1, unexpected: 2, notNull: true },
      integrity: [
        {
          name: 'orders_customer_fkey',
          columns: ['customer_id'],
          references: { table: 'customers', columns: ['id'] },
          declaredOn: 'both',
          orphans: 0,
          crossTenant: 3,
        },
      ],
    });
    expect(remarks).toContain('-- "store_4"."orders": 1 row has no tenant_id (NULL): the backfill missed it.');
    expect(remarks).toContain('-- "store_4"."orders": 2 rows belong to a tenant_id other than 7.');
    expect(remarks).toMatch(/-- "store_4"\."orders": 3 rows are linked to a row of customers of another tenant_id /);
    expect(remarks).toContain('Mend by hand unless the rows this script writes settle it, then check again.');
  });

  it('say nothing of the structure of a table whose structure passes', () => {
    expect(notes(result([])).remarks).toBe('');
  });
});
