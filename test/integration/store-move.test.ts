import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Mode } from '../../src/summary.js';
import { loadFixturePair } from '../support/fixtures.js';
import { changed, extra, facts, missing, sortDiffs, tableFacts } from '../support/report.js';
import { useTestPair, useVerifiedRun } from '../support/test-pair.js';
import { versionMatrix } from '../support/servers.js';

// Seed 003: store 4 moved from the shared schema into its own; fixtures/README.md lists the defects.
const STORE_SCHEMA = 'store_1751248005649';

const CLEAN_TABLES = {
  products: 2,
  orders: 4,
  conversations: 8,
  users: 4,
  auto_responses: 32,
  store_settings: 1,
  whatsapp_settings: 4,
  notifications: 7,
  assignment_rules: 6,
  customer_history: 0,
  shopping_cart: 0,
} as const;

const EXPECTED_TABLES = {
  ...Object.fromEntries(
    Object.entries(CLEAN_TABLES).map(([name, rows]) => [name, facts('pass', [rows, rows], [0, 0, 0], ['id'])]),
  ),
  order_items: facts('pass', [7, 7], [0, 0, 0], ['order_id', 'line_no']),
  customers: facts('fail', [8, 9], [0, 1, 1], ['id']),
  messages: facts('fail', [87, 87], [0, 0, 1], ['id']),
  whatsapp_logs: facts('fail', [14_737, 14_736], [1, 0, 1], ['id']),
};

const EXPECTED_DIFFS = sortDiffs([
  missing('whatsapp_logs', '10000'),
  changed(
    'whatsapp_logs',
    '15002',
    'message',
    '¿Tienen despacho a Viña del Mar?',
    'Â¿Tienen despacho a ViÃ±a del Mar?',
  ),
  changed('customers', '12', 'email', 'antonia.reyes@icloud.com', 'antonia.reyes@gmail.com'),
  extra('customers', '17'),
  changed('messages', '100', 'sent_at', '2025-06-25 00:58:20.0007+00', '2025-06-25 00:58:20.000701+00'),
]);

describe.each(versionMatrix())('on PostgreSQL $label', (servers) => {
  const files = useTestPair('store_move', (pair) => loadFixturePair(pair, 'store-move'), servers);

  describe.each<Mode>(['fast', 'exact'])('verifying the move of store 4 into its own schema in %s mode', (mode) => {
    const run = useVerifiedRun(files, mode, {
      sourceSchema: 'public',
      targetSchema: STORE_SCHEMA,
      sourceWhere: 'store_id = 4',
    });

    it('fails the run and says which schemas and mode it compared', () => {
      expect(run.summary).toMatchObject({ status: 'fail', mode, sourceSchema: 'public', targetSchema: STORE_SCHEMA });
    });

    it('compares store 4 of the shared tables with the fifteen tables of the new schema', () => {
      expect(tableFacts(run.summary)).toEqual(EXPECTED_TABLES);
    });

    it('writes one diff line per lost log, changed value and extra customer, and nothing else', () => {
      expect(sortDiffs(run.report.diffs)).toEqual(EXPECTED_DIFFS);
    });

    it('finds the store schema structurally identical to the shared one: no structure finding on any table', () => {
      expect(run.summary.tables.map((table) => [table.name, table.structure])).toEqual(
        run.summary.tables.map((table) => [table.name, []]),
      );
    });

    it('passes the tables the move copied faithfully with zero differences', () => {
      const clean = run.summary.tables.filter((table) => table.name in CLEAN_TABLES || table.name === 'order_items');
      expect(clean).toHaveLength(12);
      for (const table of clean) {
        expect({ name: table.name, status: table.status, diff: table.diff }).toEqual({
          name: table.name,
          status: 'pass',
          diff: { missing: 0, extra: 0, changed: 0 },
        });
      }
      expect(run.report.diffs.filter((diff) => diff.table in CLEAN_TABLES || diff.table === 'order_items')).toEqual([]);
    });

    it('applies the source filter only to the source, so rows of stores 3 and 5 never count', () => {
      const history = run.summary.tables.find((table) => table.name === 'customer_history');
      expect(history?.rows).toEqual({ source: 0, target: 0 });
    });

    it('writes summary.json with the summary it returns, without the passwords', async () => {
      expect(run.report.summary).toEqual(JSON.parse(JSON.stringify(run.summary)));
      const written = await readFile(join(files.output.dir(mode), 'summary.json'), 'utf8');
      for (const url of [files.pair.sourceUrl, files.pair.targetUrl]) {
        const password = new URL(url).password;
        if (password) expect(written).not.toContain(`:${password}@`);
      }
    });
  });
});
