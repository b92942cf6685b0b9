import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { createDatabasePair } from '../support/databases.js';
import { type FixtureName, largeChangedRow, loadFixturePair, loadLargePair } from '../support/fixtures.js';
import { parseCsv } from '../support/csv.js';
import { useTestPair } from '../support/test-pair.js';

/** Row counts of every table in `schema`, by table name. */
async function rowCounts(pool: pg.Pool, schema: string, where = 'true'): Promise<Record<string, number>> {
  const { rows: tables } = await pool.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name`,
    [schema],
  );
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    const qualified = `${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)}`;
    const { rows } = await pool.query<{ count: string }>(`SELECT count(*) FROM ${qualified} WHERE ${where}`);
    counts[table] = Number(rows[0]!.count);
  }
  return counts;
}

/** The pair of a describe, loaded with fixture `name`. */
const useFixture = (name: FixtureName) => useTestPair(`harness_${name}`, (pair) => loadFixturePair(pair, name));

describe('the test harness', () => {
  it('reaches a server that answers queries', async () => {
    const client = new pg.Client({ connectionString: inject('adminUrl') });
    await client.connect();
    try {
      const { rows } = await client.query<{ answer: number }>('SELECT 1 AS answer');
      expect(rows).toEqual([{ answer: 1 }]);
    } finally {
      await client.end();
    }
  });

  it('creates a source and a target database with one random stem per pair and drops both', async () => {
    // The helper under useTestPair itself, called by hand to see what it creates and that drop removes it.
    const pair = await createDatabasePair('Harness-Pair');
    const names = await Promise.all(
      [pair.source, pair.target].map(
        async (pool) => (await pool.query<{ name: string }>('SELECT current_database() AS name')).rows[0]!.name,
      ),
    );
    expect(names[0]).toMatch(/^harness_pair_[0-9a-f]{8}_source$/);
    expect(names[1]).toBe(names[0]!.replace(/_source$/, '_target'));
    await pair.drop();
    const admin = new pg.Pool({ connectionString: inject('adminUrl'), max: 1 });
    const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = ANY($1)', [names]);
    await admin.end();
    expect(rows).toEqual([]);
  });

  describe('with the store-move fixture', () => {
    const files = useFixture('store-move');

    it('loads the store-move fixture with the counts of the migration report for store 4', async () => {
      const reportedCounts = {
        assignment_rules: 6,
        auto_responses: 32,
        conversations: 8,
        customer_history: 0,
        customers: 8,
        messages: 87,
        notifications: 7,
        order_items: 7,
        orders: 4,
        products: 2,
        shopping_cart: 0,
        store_settings: 1,
        users: 4,
        whatsapp_logs: 14_737,
        whatsapp_settings: 4,
      };
      expect(await rowCounts(files.pair.source, 'public', 'store_id = 4')).toEqual(reportedCounts);
      expect(await rowCounts(files.pair.target, 'store_1751248005649')).toEqual({
        ...reportedCounts,
        customers: 9,
        whatsapp_logs: 14_736,
      });
      expect(await rowCounts(files.pair.source, 'public', 'store_id <> 4')).toMatchObject({
        customer_history: 6,
        shopping_cart: 4,
        whatsapp_logs: 5_500,
      });
    });
  });

  describe('with the tenant-backfill fixture', () => {
    const files = useFixture('tenant-backfill');

    it('loads the tenant-backfill fixture with every target row in the default tenant', async () => {
      const counts = { flow_pedidos: 180, flow_sesiones: 240, whatsapp_settings: 3 };
      expect(await rowCounts(files.pair.source, 'public')).toEqual(counts);
      expect(
        await rowCounts(files.pair.target, 'public', `tenant_id = '00000000-0000-0000-0000-000000000001'`),
      ).toEqual(counts);
    });
  });

  describe('with the keys-and-types fixture', () => {
    const files = useFixture('keys-and-types');

    it('loads the keys-and-types fixture with text keys the two collations order differently', async () => {
      const { source, target } = files.pair;
      expect(await rowCounts(source, 'public')).toEqual({
        all_types: 7,
        composite_key: 6,
        equivalent_values: 500,
        keyless: 4,
        text_key: 13,
        uuid_key: 4,
      });
      expect(await rowCounts(target, 'public')).toEqual({
        all_types: 7,
        composite_key: 7,
        equivalent_values: 500,
        keyless: 3,
        text_key: 13,
        uuid_key: 3,
      });
      const order = async (pool: pg.Pool) =>
        (await pool.query<{ code: string }>('SELECT code FROM text_key ORDER BY code')).rows.map((row) => row.code);
      expect(await order(source)).toEqual(['10', '9', 'A', 'Ab', 'B', 'Z', '_x', 'a', 'aa', 'b', 'e', 'ß', 'é']);
      expect(await order(target)).toEqual(['10', '9', 'a', 'A', 'Ä', 'aa', 'Ab', 'b', 'B', 'e', 'é', 'ß', 'Z']);
    });

    it('gives new sessions on the keys-and-types target the hostile session defaults', async () => {
      const { rows } = await files.pair.target.query(
        `SELECT current_setting('TimeZone') AS timezone, current_setting('DateStyle') AS datestyle,
                current_setting('IntervalStyle') AS intervalstyle, current_setting('extra_float_digits') AS extra_float_digits,
                current_setting('bytea_output') AS bytea_output`,
      );
      expect(rows).toEqual([
        {
          timezone: 'Asia/Tokyo',
          datestyle: 'SQL, DMY',
          intervalstyle: 'postgres_verbose',
          extra_float_digits: '0',
          bytea_output: 'escape',
        },
      ]);
    });
  });

  describe('with the large fixture', () => {
    const files = useTestPair('harness_large', (pair) => loadLargePair(pair, 1_001));

    it('generates the large fixture with the requested row count and one changed body in the middle', async () => {
      const changedRow = largeChangedRow(1_001);
      const body = async (pool: pg.Pool) =>
        (
          await pool.query<{ body: string; count: string }>(
            'SELECT (SELECT body FROM events WHERE id = $1) AS body, (SELECT count(*) FROM events) AS count',
            [changedRow.id],
          )
        ).rows[0];
      expect(await body(files.pair.source)).toEqual({ body: changedRow.sourceBody, count: '1001' });
      expect(await body(files.pair.target)).toEqual({ body: changedRow.targetBody, count: '1001' });
      const { rows } = await files.pair.target.query<{ count: string }>(
        `SELECT count(*) FROM events WHERE body LIKE '%!'`,
      );
      expect(rows[0]!.count).toBe('1');
    });
  });
});

describe('the CSV reader of the tests', () => {
  it('reads an empty unquoted field as NULL and a quoted empty field as the empty string', () => {
    expect(parseCsv('a,b,c\nx,,""\n"q ""u"" ote","1,2","line\nbreak"\n')).toEqual([
      ['a', 'b', 'c'],
      ['x', null, ''],
      ['q "u" ote', '1,2', 'line\nbreak'],
    ]);
  });
});
