import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from '../support/cli.js';
import { runSql } from '../support/databases.js';
import { useTestPair } from '../support/test-pair.js';

const SCHEMA = `
  CREATE TABLE big (id int PRIMARY KEY, body text);
  INSERT INTO big SELECT g, repeat('x', 200) || g FROM generate_series(1, 400000) g;
  CREATE TABLE small (id int PRIMARY KEY);
  INSERT INTO small SELECT generate_series(1, 10);`;

const files = useTestPair('faults', (pair) => Promise.all([runSql(pair.sourceUrl, SCHEMA), runSql(pair.targetUrl, SCHEMA)]));

/** The pgverify backends connected to the pair's databases right now. */
async function pgverifyBackends(): Promise<number> {
  const names = [files.pair.sourceUrl, files.pair.targetUrl].map((url) => new URL(url).pathname.slice(1));
  const result = await files.pair.target.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'pgverify' AND datname = ANY($1)", [names]);
  return result.rows[0].n;
}

async function waitUntil(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting until ${what}`);
}

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
    const outDir = files.output.dir('killed');
    const [run, killed] = await Promise.all([
      runCli(['check', '--source', files.pair.sourceUrl, '--target', files.pair.targetUrl, '--mode', 'exact', '--jobs', '1', '--out', outDir]),
      terminateTargetWhenBusy(files.pair.targetUrl),
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

describe.each(['SIGINT', 'SIGTERM'] as const)('%s during a run', (signal) => {
  it('cancels the queries on both servers, writes the partial report marked interrupted and exits 130', async () => {
    const outDir = files.output.dir(`signal-${signal}`);
    const child = spawn(process.execPath, [BIN, 'check', '--source', files.pair.sourceUrl, '--target', files.pair.targetUrl,
      '--mode', 'exact', '--jobs', '1', '--out', outDir], { cwd: new URL('../../', import.meta.url), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const database = new URL(files.pair.targetUrl).pathname.slice(1);
    await waitUntil(async () => {
      const busy = await files.pair.target.query(
        "SELECT 1 FROM pg_stat_activity WHERE application_name = 'pgverify' AND datname = $1 AND state = 'active' AND query ILIKE '%\"big\"%'", [database]);
      return busy.rowCount! > 0;
    }, 'pgverify is reading big');
    child.kill(signal);
    expect(await exited).toBe(130);
    expect(stderr).toContain('pgverify: interrupted');
    expect(stderr).not.toContain('internal error');
    const summary = JSON.parse(await readFile(join(outDir, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ status: 'error', interrupted: true });
    expect(summary.tables.map((table: { name: string; status: string; reason?: string }) => [table.name, table.status, table.reason]))
      .toEqual([['big', 'error', 'interrupted'], ['small', 'error', 'interrupted']]);
    expect((await readdir(outDir)).sort()).toEqual(['diffs.csv', 'report.html', 'summary.json']);
    await waitUntil(async () => (await pgverifyBackends()) === 0, 'no pgverify backend is left');
  });
});

describe('a second signal while the first one winds the run down', () => {
  // Every tenth row of big differs, so its diff lines stream to a temporary file while it is read.
  const differing = useTestPair('faults_twice', (pair) => Promise.all([
    runSql(pair.sourceUrl, SCHEMA),
    runSql(pair.targetUrl, `${SCHEMA} UPDATE big SET body = 'changed' WHERE id % 10 = 0;`),
  ]));

  it('exits 130 at once and leaves no temporary file in the output directory', async () => {
    const outDir = differing.output.dir('twice');
    const child = spawn(process.execPath, [BIN, 'check', '--source', differing.pair.sourceUrl, '--target', differing.pair.targetUrl,
      '--mode', 'exact', '--jobs', '1', '--max-diff-rows', '100000', '--out', outDir], { cwd: new URL('../../', import.meta.url), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const interrupted = new Promise<void>((resolve) => child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('pgverify: interrupted')) resolve();
    }));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await waitUntil(async () => (await readdir(outDir).catch(() => [])).some((name) => name.endsWith('.tmp')), 'big\'s diff lines are being written');
    child.kill('SIGINT');
    await interrupted;
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect((await readdir(outDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
