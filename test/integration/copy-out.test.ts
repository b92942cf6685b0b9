import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CopyOutQuery, type CopyLines } from '../../src/connect/copy-out.js';
import { decodeCopyLine } from '../../src/compare/row.js';
import { useTestPair } from '../support/test-pair.js';

// The COPY reader of exact mode against a real server: what the protocol really sends, not a model of it.
const files = useTestPair('copy_out');
let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: files.pair.sourceUrl });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
});

const copy = (sql: string) => client.query(new CopyOutQuery(`COPY (${sql}) TO STDOUT`)) as AsyncIterable<CopyLines>;
const linesOf = (batch: CopyLines) =>
  Array.from({ length: batch.bounds.length / 2 }, (_, index) =>
    batch.data.subarray(batch.bounds[2 * index], batch.bounds[2 * index + 1]),
  );

describe('CopyOutQuery on a real server', () => {
  it('reads every row exactly, rows of several megabytes and escaped characters included', async () => {
    const sql = `SELECT g, CASE WHEN g % 1000 = 0 THEN repeat('ab', 1500000) ELSE E'tab\\there\\nnew\\\\line ' || g END, NULL::text
                 FROM generate_series(1, 20000) g ORDER BY g`;
    let count = 0;
    let batches = 0;
    for await (const batch of copy(sql)) {
      batches++;
      for (const line of linesOf(batch)) {
        count++;
        const expected = count % 1000 === 0 ? 'ab'.repeat(1_500_000) : `tab\there\nnew\\line ${count}`;
        expect(decodeCopyLine(line)).toEqual([String(count), expected, null]);
      }
    }
    expect(count).toBe(20000);
    expect(batches).toBeGreaterThan(1);
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('leaves the connection usable when the reader stops after the first chunk', async () => {
    let seen = 0;
    for await (const batch of copy("SELECT g, repeat('x', 100) FROM generate_series(1, 300000) g")) {
      seen += batch.bounds.length / 2;
      break;
    }
    expect(seen).toBeGreaterThan(0);
    expect((await client.query('SELECT count(*)::int AS n FROM generate_series(1, 5)')).rows).toEqual([{ n: 5 }]);
  });

  it('fails with the server error raised mid-COPY, after the rows before it, and the connection goes on', async () => {
    let seen = 0;
    const reading = (async () => {
      for await (const batch of copy('SELECT 1 / (g - 50000) FROM generate_series(1, 100000) g'))
        seen += batch.bounds.length / 2;
    })();
    await expect(reading).rejects.toThrow('division by zero');
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(50000);
    expect((await client.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
  });

  it('fails with the server error when the COPY cannot start', async () => {
    await expect(
      (async () => {
        for await (const _ of copy('SELECT * FROM no_such_table')) expect.unreachable();
      })(),
    ).rejects.toThrow('relation "no_such_table" does not exist');
    expect((await client.query('SELECT 3 AS three')).rows).toEqual([{ three: 3 }]);
  });
});
