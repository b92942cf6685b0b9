import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createDatabasePair, runSql, type DatabasePair } from '../support/databases.js';
import { createOutputRoot } from '../support/output-dir.js';

const SCHEMA = `
  CREATE TABLE big (id int PRIMARY KEY, body text);
  INSERT INTO big SELECT g, repeat('x', 200) || g FROM generate_series(1, 400000) g;
  CREATE TABLE small (id int PRIMARY KEY);
  INSERT INTO small SELECT generate_series(1, 10);`;

let pair: DatabasePair;
let output: Awaited<ReturnType<typeof createOutputRoot>>;

beforeAll(async () => {
  pair = await createDatabasePair('faults');
  output = await createOutputRoot('faults');
  await Promise.all([runSql(pair.sourceUrl, SCHEMA), runSql(pair.targetUrl, SCHEMA)]);
});

afterAll(async () => {
  await pair?.drop();
  await output?.remove();
});

/** Terminates the target's pgverify backends as soon as one is busy reading `big`. */
async function terminateTargetWhenBusy(targetUrl: string): Promise<number> {
  const database = new URL(targetUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: targetUrl });
  await admin.connect();
  try {
    for (let attempt = 0; attempt < 400; attempt++) {
      const result = await admin.query(
        `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
          WHERE application_name = 'pgverify' AND datname = $1 AND state = 'active' AND query ILIKE '%"big"%'`,
        [database],
      );
      if (result.rowCount! > 0) return result.rowCount!;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return 0;
  } finally {
    await admin.end();
  }
}

describe('a connection lost in the middle of a run', () => {
  it('reports the affected table as an error naming the side, still writes the report and exits 3', async () => {
    const outDir = output.dir('killed');
    const [run, killed] = await Promise.all([
      runCli(['check', '--source', pair.sourceUrl, '--target', pair.targetUrl, '--mode', 'exact', '--jobs', '1', '--out', outDir]),
      terminateTargetWhenBusy(pair.targetUrl),
    ]);
    expect(killed).toBeGreaterThan(0);
    expect(run.code).toBe(3);
    const summary = JSON.parse(await readFile(join(outDir, 'summary.json'), 'utf8'));
    expect(summary.status).toBe('error');
    const big = summary.tables.find((table: { name: string }) => table.name === 'big');
    expect(big.status).toBe('error');
    expect(big.reason).toMatch(/^target: /);
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/^ERROR: /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
