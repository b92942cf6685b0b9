import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { createDatabasePair, type DatabasePair } from '../support/databases.js';
import { type FixtureName, largeChangedRow, loadFixturePair, loadLargePair } from '../support/fixtures.js';
import { parseCsv } from '../support/csv.js';

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

async function withFixture(name: FixtureName, check: (pair: DatabasePair) => Promise<void>): Promise<void> {
  const pair = await createDatabasePair(`harness_${name}`);
  try {
    await loadFixturePair(pair, name);
    await check(pair);
  } finally {
    await pair.drop();
  }
}

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
    const pair = await createDatabasePair('Harness-Pair');
    const names = await Promise.all([pair.source, pair.target].map(async (pool) => (await pool.query<{ name: string }>('SELECT current_database() AS name')).rows[0]!.name));
    expect(names[0]).toMatch(/^harness_pair_[0-9a-f]{8}_source$/);
    expect(names[1]).toBe(names[0]!.replace(/_source$/, '_target'));
    await pair.drop();
    const admin = new pg.Pool({ connectionString: inject('adminUrl'), max: 1 });
    const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = ANY($1)', [names]);
    await admin.end();
    expect(rows).toEqual([]);
  });

  it('loads the store-move fixture with the counts of the migration report for store 4', async () => {
    await withFixture('store-move', async (pair) => {
      const reportedCounts = {
        assignment_rules: 6, auto_responses: 32, conversations: 8, customer_history: 0, customers: 8, messages: 87,
        notifications: 7, order_items: 7, orders: 4, products: 2, shopping_cart: 0, store_settings: 1, users: 4,
        whatsapp_logs: 14_737, whatsapp_settings: 4,
      };
      expect(await rowCounts(pair.source, 'public', 'store_id = 4')).toEqual(reportedCounts);
      expect(await rowCounts(pair.target, 'store_1751248005649')).toEqual({ ...reportedCounts, customers: 9, whatsapp_logs: 14_736 });
      expect(await rowCounts(pair.source, 'public', 'store_id <> 4')).toMatchObject({ customer_history: 6, shopping_cart: 4, whatsapp_logs: 5_500 });
    });
  });

  it('loads the tenant-backfill fixture with every target row in the default tenant', async () => {
    await withFixture('tenant-backfill', async (pair) => {
      const counts = { flow_pedidos: 180, flow_sesiones: 240, whatsapp_settings: 3 };
      expect(await rowCounts(pair.source, 'public')).toEqual(counts);
      expect(await rowCounts(pair.target, 'public', `tenant_id = '00000000-0000-0000-0000-000000000001'`)).toEqual(counts);
    });
  });

  it('loads the keys-and-types fixture with text keys the two collations order differently', async () => {
    await withFixture('keys-and-types', async (pair) => {
      expect(await rowCounts(pair.source, 'public')).toEqual({ all_types: 7, composite_key: 6, equivalent_values: 500, keyless: 4, text_key: 13, uuid_key: 4 });
      expect(await rowCounts(pair.target, 'public')).toEqual({ all_types: 7, composite_key: 7, equivalent_values: 500, keyless: 3, text_key: 13, uuid_key: 3 });
      const order = async (pool: pg.Pool) => (await pool.query<{ code: string }>('SELECT code FROM text_key ORDER BY code')).rows.map((row) => row.code);
      expect(await order(pair.source)).toEqual(['10', '9', 'A', 'Ab', 'B', 'Z', '_x', 'a', 'aa', 'b', 'e', 'ß', 'é']);
      expect(await order(pair.target)).toEqual(['10', '9', 'a', 'A', 'Ä', 'aa', 'Ab', 'b', 'B', 'e', 'é', 'ß', 'Z']);
    });
  });

  it('gives new sessions on the keys-and-types target the hostile session defaults', async () => {
    await withFixture('keys-and-types', async (pair) => {
      const { rows } = await pair.target.query(
        `SELECT current_setting('TimeZone') AS timezone, current_setting('DateStyle') AS datestyle,
                current_setting('IntervalStyle') AS intervalstyle, current_setting('extra_float_digits') AS extra_float_digits,
                current_setting('bytea_output') AS bytea_output`,
      );
      expect(rows).toEqual([{ timezone: 'Asia/Tokyo', datestyle: 'SQL, DMY', intervalstyle: 'postgres_verbose', extra_float_digits: '0', bytea_output: 'escape' }]);
    });
  });

  it('generates the large fixture with the requested row count and one changed body in the middle', async () => {
    const pair = await createDatabasePair('harness_large');
    try {
      await loadLargePair(pair, 1_001);
      const changedRow = largeChangedRow(1_001);
      const body = async (pool: pg.Pool) => (await pool.query<{ body: string; count: string }>(
        'SELECT (SELECT body FROM events WHERE id = $1) AS body, (SELECT count(*) FROM events) AS count', [changedRow.id])).rows[0];
      expect(await body(pair.source)).toEqual({ body: changedRow.sourceBody, count: '1001' });
      expect(await body(pair.target)).toEqual({ body: changedRow.targetBody, count: '1001' });
      const { rows } = await pair.target.query<{ count: string }>(`SELECT count(*) FROM events WHERE body LIKE '%!'`);
      expect(rows[0]!.count).toBe('1');
    } finally {
      await pair.drop();
    }
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
