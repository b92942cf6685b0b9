import { readdir, readFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type RunningCli, checkArgs, startCli } from '../support/cli.js';
import { runSql } from '../support/databases.js';
import { useTestPair } from '../support/test-pair.js';
import { untilDirectory } from '../support/watch-dir.js';

const SCHEMA = `
  CREATE TABLE big (id int PRIMARY KEY, body text);
  INSERT INTO big SELECT g, repeat('x', 200) || g FROM generate_series(1, 400000) g;
  CREATE TABLE small (id int PRIMARY KEY);
  INSERT INTO small SELECT generate_series(1, 10);`;

const files = useTestPair('faults', (pair) =>
  Promise.all([runSql(pair.sourceUrl, SCHEMA), runSql(pair.targetUrl, SCHEMA)]),
);

/** The line pgverify prints on stderr (not a terminal) as it starts checking `big`. */
const BIG_STARTED = /^\S+ big: started$/;

/** The target's pgverify backends running a query on big: what the tests act on, once pgverify has started big. */
const READING_BIG = `FROM pg_stat_activity WHERE application_name = 'pgverify' AND datname = current_database() AND state = 'active' AND query ILIKE '%"big"%'`;

/**
 * Asks the server until `condition` holds (true), or until `stop()` says it never will (false). No pause between
 * asks: each round trip paces the loop, and the state asked about is the event (a backend's state shows only in
 * pg_stat_activity, which notifies nobody).
 */
async function untilServer(condition: () => Promise<boolean>, stop: () => boolean = () => false): Promise<boolean> {
  for (;;) {
    if (await condition()) return true;
    if (stop()) return false;
  }
}

/** The pgverify backends connected to the pair's databases right now. */
async function pgverifyBackends(): Promise<number> {
  const names = [files.pair.sourceUrl, files.pair.targetUrl].map((url) => new URL(url).pathname.slice(1));
  const result = await files.pair.target.query(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'pgverify' AND datname = ANY($1)",
    [names],
  );
  return result.rows[0].n;
}

/** Waits until the run's target backend is reading big; false if the run ended first. */
async function untilReadingBig(cli: RunningCli): Promise<boolean> {
  await cli.stderrLine(BIG_STARTED);
  return untilServer(
    async () => (await files.pair.target.query(`SELECT 1 ${READING_BIG}`)).rowCount! > 0,
    () => cli.exited,
  );
}

describe('a connection lost in the middle of a run', () => {
  it('reports the affected table as an error naming the side, still writes the report and exits 3', async () => {
    const outDir = files.output.dir('killed');
    const cli = startCli([...checkArgs(files.pair), '--mode', 'exact', '--jobs', '1', '--out', outDir]);
    await cli.stderrLine(BIG_STARTED);
    // Terminates the target's backends as soon as one is busy reading big.
    const terminate = async () =>
      (await files.pair.target.query(`SELECT pg_terminate_backend(pid) ${READING_BIG}`)).rowCount!;
    const killed = await untilServer(
      async () => (await terminate()) > 0,
      () => cli.exited,
    );
    const run = await cli.done;
    expect(killed).toBe(true);
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
    const cli = startCli([...checkArgs(files.pair), '--mode', 'exact', '--jobs', '1', '--out', outDir]);
    expect(await untilReadingBig(cli)).toBe(true);
    cli.child.kill(signal);
    const { code, stderr } = await cli.done;
    expect(code).toBe(130);
    expect(stderr).toContain('pgverify: interrupted');
    expect(stderr).not.toContain('internal error');
    const summary = JSON.parse(await readFile(join(outDir, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ status: 'error', interrupted: true });
    expect(
      summary.tables.map((table: { name: string; status: string; reason?: string }) => [
        table.name,
        table.status,
        table.reason,
      ]),
    ).toEqual([
      ['big', 'error', 'interrupted'],
      ['small', 'error', 'interrupted'],
    ]);
    expect((await readdir(outDir)).sort()).toEqual(['diffs.csv', 'report.html', 'summary.json']);
    // The process has exited; its backends leave pg_stat_activity as they end.
    await untilServer(async () => (await pgverifyBackends()) === 0);
  });
});

describe('a second signal while the first one winds the run down', () => {
  // Every tenth row of big differs, so its diff lines stream to a temporary file while it is read.
  const differing = useTestPair('faults_twice', (pair) =>
    Promise.all([
      runSql(pair.sourceUrl, SCHEMA),
      runSql(pair.targetUrl, `${SCHEMA} UPDATE big SET body = 'changed' WHERE id % 10 = 0;`),
    ]),
  );

  it('exits 130 at once and leaves no temporary file in the output directory', async () => {
    const outDir = differing.output.dir('twice');
    const cli = startCli([
      ...checkArgs(differing.pair),
      '--mode',
      'exact',
      '--jobs',
      '1',
      '--max-diff-rows',
      '100000',
      '--out',
      outDir,
    ]);
    // The output directory exists once a table has started; big's part file appears in it with its first diff line.
    await cli.stderrLine(BIG_STARTED);
    await untilDirectory(outDir, (entries) => entries.some((name) => name.endsWith('.tmp')));
    cli.child.kill('SIGINT');
    await cli.stderrLine(/^pgverify: interrupted/);
    cli.child.kill('SIGINT');
    expect((await cli.done).code).toBe(130);
    expect((await readdir(outDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('a server that accepts the connection and never answers', () => {
  /** A listener that takes every connection and says nothing: a hung server, a firewall, the wrong service. */
  async function silentServer(): Promise<{ readonly url: string; close(): Promise<void> }> {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `postgresql://app:pw@127.0.0.1:${port}/shop`,
      close: async () => {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }

  it('gives up after connect_timeout, naming the address and the setting, exit 3', async () => {
    const silent = await silentServer();
    try {
      const outDir = files.output.dir('silent-timeout');
      const run = await startCli([
        'check',
        '--source',
        files.pair.sourceUrl,
        '--target',
        `${silent.url}?connect_timeout=1`,
        '--out',
        outDir,
      ]).done;
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(
        /^pgverify: target: cannot connect: no answer from 127\.0\.0\.1:\d+ within 1 s \(connect_timeout=1; 0 waits forever\)\n$/,
      );
    } finally {
      await silent.close();
    }
  });

  it('stops at the first Ctrl-C while it waits for the server, writes the report and exits 130', async () => {
    const silent = await silentServer();
    try {
      const outDir = files.output.dir('silent-interrupt');
      // No connect_timeout: the default (30 s) would outlast the test, so only the signal can end the wait.
      const cli = startCli(['check', '--source', files.pair.sourceUrl, '--target', silent.url, '--out', outDir]);
      await untilServer(async () => cli.exited || (await pgverifyBackends()) > 0);
      cli.child.kill('SIGINT');
      const started = performance.now();
      const { code, stderr } = await cli.done;
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(code).toBe(130);
      expect(stderr).toContain('pgverify: interrupted before any table was checked');
      const summary = JSON.parse(await readFile(join(outDir, 'summary.json'), 'utf8'));
      expect(summary).toMatchObject({ status: 'error', interrupted: true, tables: [] });
    } finally {
      await silent.close();
    }
  });
});
