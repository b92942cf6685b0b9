import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verify } from '../../src/index.js';
import type { Mode, Summary } from '../../src/summary.js';
import { runCli } from '../support/cli.js';
import { runSql } from '../support/databases.js';
import { everyVersion } from '../support/servers.js';
import { useTestPair } from '../support/test-pair.js';

// Seed 003's shared schema as many real ones hold it: only the parents carry store_id; order_items reaches its
// store through orders, messages through conversations and customers, notes through nothing.
const SCHEMA = `
  CREATE TABLE customers (id int PRIMARY KEY, store_id int NOT NULL, name text NOT NULL);
  CREATE TABLE orders (id int PRIMARY KEY, store_id int NOT NULL, customer_id int NOT NULL REFERENCES customers);
  CREATE TABLE order_items (order_id int NOT NULL REFERENCES orders, line_no int NOT NULL, quantity int NOT NULL,
                            PRIMARY KEY (order_id, line_no));
  CREATE TABLE conversations (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers);
  CREATE TABLE messages (id int PRIMARY KEY, conversation_id int NOT NULL REFERENCES conversations, body text);
  CREATE TABLE attachments (id int PRIMARY KEY, message_id int REFERENCES messages, name text);
  -- Linked to orders by the application only: no foreign key says so.
  CREATE TABLE order_notes (id int PRIMARY KEY, order_id int NOT NULL, body text);`;
const ROWS = (where: string) => `
  INSERT INTO customers SELECT g, 1 + g % 3, 'customer ' || g FROM generate_series(1, 30) g WHERE ${where};
  INSERT INTO orders SELECT g, 1 + g % 3, g FROM generate_series(1, 30) g WHERE ${where};
  INSERT INTO order_notes SELECT g, g, 'note ' || g FROM generate_series(1, 30) g WHERE ${where};
  INSERT INTO order_items SELECT o, l, o * l FROM generate_series(1, 30) o, generate_series(1, 4) l
   WHERE ${where.replace(/\bg\b/g, 'o')};
  INSERT INTO conversations SELECT g, g FROM generate_series(1, 30) g WHERE ${where};
  INSERT INTO messages SELECT m, 1 + m % 30, 'message ' || m FROM generate_series(1, 300) m
   WHERE ${where.replace(/\bg\b/g, '(1 + m % 30)')};
  -- Every tenth attachment belongs to no message, so to no store: only the shared source holds it.
  INSERT INTO attachments SELECT a, CASE WHEN a % 10 <> 0 THEN a END, 'file ' || a FROM generate_series(1, 60) a
   WHERE ${where === 'true' ? 'true' : `a % 10 <> 0 AND ${where.replace(/\bg\b/g, '(1 + a % 30)')}`};`;
const SOURCE = `${SCHEMA} ${ROWS('true')} CREATE TABLE notes (id int PRIMARY KEY, body text);`;
// One schema per store. Store 2 lost an order line and has a changed message; store 3 holds a line of store 1.
const TARGET = [1, 2, 3]
  .map(
    (store) => `
  CREATE SCHEMA store_${store}; SET search_path = store_${store};
  ${SCHEMA} ${ROWS(`1 + g % 3 = ${store}`)}`,
  )
  .join('\n').concat(`
  DELETE FROM store_2.order_items WHERE order_id = 1 AND line_no = 4;
  UPDATE store_2.messages SET body = 'edited' WHERE id = 30;
  INSERT INTO store_3.customers VALUES (3, 1, 'customer 3');
  INSERT INTO store_3.orders VALUES (3, 1, 3);
  INSERT INTO store_3.order_items VALUES (3, 9, 27);
  RESET search_path;`);

const FOR_EACH = { query: 'SELECT s AS tenant, $$store_$$ || s AS target_schema FROM generate_series(1, 3) s' };

const byName = (summary: Pick<Summary, 'tables'>) => new Map(summary.tables.map((table) => [table.name, table]));

// The oldest and the newest started major: the routes are plain SQL, the same on every version.
const every = everyVersion();
describe.each([...new Set([every[0]!, every.at(-1)!])])('on PostgreSQL $label', (servers) => {
  const files = useTestPair(
    'tenant_route',
    (pair) => Promise.all([runSql(pair.sourceUrl, SOURCE), runSql(pair.targetUrl, TARGET)]),
    servers,
  );

  describe.each<Mode>(['fast', 'exact'])('%s mode', (mode) => {
    it("selects a child table's rows of each store through its foreign keys, and finds what differs", async () => {
      const summary = await verify({
        source: files.pair.sourceUrl,
        target: files.pair.targetUrl,
        mode,
        tenantColumn: 'store_id',
        exclude: ['notes'],
        links: { 'order_notes.order_id': 'orders.id' },
        runs: [{ name: 'stores', forEach: FOR_EACH }],
      });
      const [one, two, three] = summary.runs;
      expect(summary.runs.map((run) => [run.name, run.status])).toEqual([
        ['stores:1', 'pass'],
        ['stores:2', 'fail'],
        ['stores:3', 'fail'],
      ]);
      const items = byName(one!).get('order_items')!;
      expect(items.rows).toEqual({ source: 40, target: 40 });
      expect(items.sourceRoute?.through).toEqual(['orders']);
      expect(byName(one!).get('messages')).toMatchObject({
        rows: { source: 100, target: 100 },
        sourceRoute: { through: ['conversations', 'customers'] },
      });
      expect(byName(one!).get('orders')!.sourceRoute).toBeUndefined();
      expect(byName(one!).get('order_notes')).toMatchObject({
        status: 'pass',
        rows: { source: 10, target: 10 },
        sourceRoute: { through: ['orders'] },
      });
      // The attachments of no message are in no store: not read, and said so.
      expect(byName(one!).get('attachments')).toMatchObject({
        status: 'pass',
        rows: { source: 18, target: 18 },
        sourceRoute: { through: ['messages', 'conversations', 'customers'], nullable: ['attachments.message_id'] },
      });
      expect(byName(two!).get('order_items')).toMatchObject({
        status: 'fail',
        diff: { missing: 1, extra: 0, changed: 0 },
      });
      expect(byName(two!).get('messages')).toMatchObject({
        status: 'fail',
        diff: { missing: 0, extra: 0, changed: 1 },
      });
      // Store 3's stray order of store 1: its tenant check fails, and its line is extra in order_items.
      expect(byName(three!).get('order_items')).toMatchObject({ diff: { missing: 0, extra: 1, changed: 0 } });
      expect(byName(three!).get('orders')!.tenant).toMatchObject({ unexpected: 1 });
    });
  });

  it('does the same for one store from the command line, and says which tables it routed in summary.json', async () => {
    const outDir = files.output.dir('one-store');
    const run = await runCli([
      'check',
      '--source',
      files.pair.sourceUrl,
      '--target',
      files.pair.targetUrl,
      '--target-schema',
      'store_2',
      '--source-where',
      'store_id = 2',
      '--tenant-column',
      'store_id',
      '--exclude',
      'notes',
      '--link',
      'order_notes.order_id=orders.id',
      '--out',
      outDir,
      '--quiet',
    ]);
    expect(run.code).toBe(1);
    const summary = JSON.parse(await readFile(join(outDir, 'summary.json'), 'utf8')) as Summary;
    const items = byName(summary).get('order_items')!;
    expect(items).toMatchObject({ rows: { source: 40, target: 39 }, diff: { missing: 1 } });
    expect(items.sourceRoute!.where).toBe(
      '("order_id") IN (SELECT "id" FROM "public"."orders" WHERE (store_id = 2\n))',
    );
    // fix.sql puts the missing line back, selected by its key only.
    expect(await readFile(join(outDir, 'fix.sql'), 'utf8')).toMatch(/INSERT INTO "store_2"\."order_items"/);
  });

  it('leaves a table without the column and without a route an error, and routes nothing without a tenant column', async () => {
    const routed = await verify({
      source: files.pair.sourceUrl,
      target: files.pair.targetUrl,
      targetSchema: 'store_1',
      sourceWhere: 'store_id = 1',
      tenantColumn: 'store_id',
      tables: ['notes', 'order_items'],
    });
    expect(byName(routed).get('notes')).toMatchObject({
      status: 'fail',
      reason: expect.stringContaining('table missing in target'),
    });
    expect(byName(routed).get('order_items')!.status).toBe('pass');
    // A filter that is not said to select a tenant (no tenant column, no tenant) applies to every table as typed.
    const plain = await verify({
      source: files.pair.sourceUrl,
      target: files.pair.targetUrl,
      targetSchema: 'store_1',
      sourceWhere: 'store_id = 1',
      tables: ['order_items'],
    });
    expect(byName(plain).get('order_items')).toMatchObject({
      status: 'error',
      reason: expect.stringContaining('column "store_id" does not exist'),
    });
    expect(byName(plain).get('order_items')!.sourceRoute).toBeUndefined();
    // A typo in the filter: every table, routed or not, names the filter as typed, so the verdict can say it once.
    const typo = await verify({
      source: files.pair.sourceUrl,
      target: files.pair.targetUrl,
      targetSchema: 'store_1',
      sourceWhere: 'stor_id = 1',
      tenantColumn: 'store_id',
      tables: ['orders', 'order_items', 'messages'],
    });
    expect(new Set(typo.tables.map((table) => table.reason))).toEqual(
      new Set(['source: invalid --source-where filter (stor_id = 1): column "stor_id" does not exist']),
    );
  });
});
