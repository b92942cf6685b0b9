import { describe, expect, it } from 'vitest';
import { verify } from '../../src/index.js';
import type { IntegrityFinding, Mode, SequenceFinding, TenantFinding } from '../../src/summary.js';
import { loadFixturePair } from '../support/fixtures.js';
import { extra, finding, missing, rowLines, sortDiffs, tableResult } from '../support/report.js';
import { useTestPair, useVerifiedRun } from '../support/test-pair.js';
import { versionMatrix } from '../support/servers.js';

// Seed 003: store 4 moved into its own schema, with the defects fixtures/README.md lists for store-integrity.
const STORE_SCHEMA = 'store_1751248005649';
const STORE_4: TenantFinding = { column: 'store_id', expected: ['4'], nulls: 0, unexpected: 0, notNull: true };

const key = (
  name: string,
  column: string,
  parent: string,
  orphans = 0,
  crossTenant = 0,
  declaredOn: IntegrityFinding['declaredOn'] = 'both',
): IntegrityFinding => ({
  name,
  columns: [column],
  references: { table: parent, columns: ['id'] },
  declaredOn,
  orphans,
  crossTenant,
});
const sequence = (table: string, nextValue: number, maxValue: number): SequenceFinding => ({
  name: `${table}_id_seq`,
  column: 'id',
  nextValue: String(nextValue),
  maxValue: String(maxValue),
  status: nextValue > maxValue ? 'pass' : 'fail',
});

const EXPECTED_CHECKS = {
  users: { status: 'pass', tenant: STORE_4, integrity: [], sequences: [sequence('users', 6, 5)] },
  customers: {
    status: 'fail',
    tenant: { ...STORE_4, unexpected: 1 },
    integrity: [],
    sequences: [sequence('customers', 21, 20)],
  },
  products: { status: 'fail', tenant: STORE_4, integrity: [], sequences: [sequence('products', 6, 5)] },
  orders: {
    status: 'fail',
    tenant: STORE_4,
    integrity: [key('orders_customer_id_fkey', 'customer_id', 'customers', 0, 1)],
    sequences: [sequence('orders', 10, 9)],
  },
  order_items: {
    status: 'fail',
    tenant: STORE_4,
    sequences: [],
    integrity: [
      key('order_items_order_id_fkey', 'order_id', 'orders'),
      key('order_items_product_id_fkey', 'product_id', 'products', 2, 0, 'source'),
    ],
  },
  conversations: {
    status: 'pass',
    tenant: STORE_4,
    sequences: [sequence('conversations', 12, 11)],
    integrity: [
      key('conversations_assigned_user_id_fkey', 'assigned_user_id', 'users'),
      key('conversations_customer_id_fkey', 'customer_id', 'customers'),
    ],
  },
  messages: {
    status: 'fail',
    tenant: STORE_4,
    integrity: [key('messages_conversation_id_fkey', 'conversation_id', 'conversations')],
    sequences: [sequence('messages', 1, 66)],
  },
};

describe.each(versionMatrix())('on PostgreSQL $label', (servers) => {
  const files = useTestPair('checks_store', (pair) => loadFixturePair(pair, 'store-integrity'), servers);

  /** Store 4 of the shared schema against its own schema, with the store's tenant check. */
  const STORE_4_RUN = {
    sourceSchema: 'public',
    targetSchema: STORE_SCHEMA,
    sourceWhere: 'store_id = 4',
    tenantColumn: 'store_id',
    tenants: ['4'],
  };
  const options = (mode: Mode) => ({
    source: files.pair.sourceUrl,
    target: files.pair.targetUrl,
    ...STORE_4_RUN,
    mode,
  });

  describe.each<Mode>(['fast', 'exact'])(
    'checking the move of store 4 for leaks, broken links and sequences in %s mode',
    (mode) => {
      const run = useVerifiedRun(files, mode, STORE_4_RUN);

      it('finds the leaked customer, the cross-store order, the orphaned order lines and the lagging sequence, and passes the rest', () => {
        const checks = Object.fromEntries(
          run.summary.tables.map((table) => [
            table.name,
            { status: table.status, tenant: table.tenant, integrity: table.integrity, sequences: table.sequences },
          ]),
        );
        expect(checks).toEqual(EXPECTED_CHECKS);
      });

      it('writes the offending rows to diffs.csv next to the row differences they explain', () => {
        expect(sortDiffs(rowLines(run.report.diffs))).toEqual(
          sortDiffs([
            extra('customers', '20'),
            finding('customers', 'tenant_unexpected', '20', 'store_id', '5'),
            finding('orders', 'cross_tenant', '9', 'customer_id', '20'),
            missing('products', '6'),
            finding('order_items', 'orphan', '["5","1"]', 'product_id', '6'),
            finding('order_items', 'orphan', '["8","1"]', 'product_id', '6'),
          ]),
        );
      });

      it('fails the foreign key the restore never recreated as structure, and finds nothing else in the structure', () => {
        const structure = run.summary.tables.flatMap((table) =>
          (table.structure ?? []).map((found) => [table.name, found]),
        );
        expect(structure).toEqual([
          [
            'order_items',
            {
              object: 'constraint',
              name: 'order_items_product_id_fkey',
              change: 'missing',
              severity: 'fail',
              source: 'FOREIGN KEY (product_id) REFERENCES products(id)',
              target: null,
            },
          ],
        ]);
        expect(run.report.diffs.filter((diff) => diff.kind === 'structure')).toEqual([
          {
            table: 'order_items',
            kind: 'structure',
            key: 'constraint order_items_product_id_fkey',
            column: null,
            sourceValue: 'FOREIGN KEY (product_id) REFERENCES products(id)',
            targetValue: null,
          },
        ]);
        expect(run.summary.tables.flatMap((table) => table.warnings)).toEqual([]);
      });
    },
  );

  describe('with a --target-where filter', () => {
    it('checks only the filtered target rows, while a link may still point at any parent row', async () => {
      const summary = await verify({ ...options('fast'), targetWhere: 'store_id = 4' });
      expect(tableResult(summary, 'customers')).toMatchObject({
        status: 'pass',
        rows: { source: 8, target: 8 },
        tenant: STORE_4,
      });
      expect(tableResult(summary, 'orders').integrity).toEqual([
        key('orders_customer_id_fkey', 'customer_id', 'customers', 0, 1),
      ]);
    });
  });

  describe('with the parent table excluded', () => {
    it('lists its keys as skipped, saying why, and fails nothing for them', async () => {
      // Rows only: the structure comparison fails order_items for the key it lacks, excluded parent or not.
      const summary = await verify({ ...options('fast'), tables: ['order_items', 'orders'], structure: false });
      const items = tableResult(summary, 'order_items');
      expect(items.integrity.map((entry) => [entry.name, entry.orphans, entry.skipped])).toEqual([
        ['order_items_order_id_fkey', 0, undefined],
        ['order_items_product_id_fkey', null, 'parent table products is excluded from this run'],
      ]);
      expect(items.status).toBe('pass');
      expect(items.warnings).toHaveLength(1);
    });
  });
});
