import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verify, type ProgressEvent } from '../../src/index.js';
import type { Mode } from '../../src/summary.js';
import { BIN, checkArgs } from '../support/cli.js';
import { runSql } from '../support/databases.js';
import { useTestPair } from '../support/test-pair.js';

const SCHEMA = `
  CREATE TABLE events (id int PRIMARY KEY, body text);
  INSERT INTO events SELECT g, repeat('x', 200) || g FROM generate_series(1, 20000) g;
  ANALYZE events;
  CREATE TABLE big_events (id int PRIMARY KEY, body text);
  INSERT INTO big_events SELECT g, repeat('y', 300) || g FROM generate_series(1, 300000) g;
  ANALYZE big_events;`;

const files = useTestPair('progress', (pair) =>
  Promise.all([runSql(pair.sourceUrl, SCHEMA), runSql(pair.targetUrl, SCHEMA)]),
);

describe.each<Mode>(['exact', 'fast'])('progress events in %s mode', (mode) => {
  it("reports rows read that only grow, up to the whole table, with the planner's estimate, between start and done", async () => {
    const events: ProgressEvent[] = [];
    await verify({
      source: files.pair.sourceUrl,
      target: files.pair.targetUrl,
      mode,
      tables: ['events'],
      onProgress: (event) => events.push(event),
    });
    expect(events[0]).toEqual({ type: 'start', table: 'events' });
    expect(events.at(-1)).toMatchObject({ type: 'done', table: 'events', status: 'pass' });
    const rows = events.filter((event) => event.type === 'rows');
    const done = rows.map((event) => event.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBe(20_000);
    expect(rows.every((event) => event.total === 20_000)).toBe(true);
    // Exact mode streams in batches, so its count climbs; fast mode learns it from the checksum pass at once.
    if (mode === 'exact') expect(rows.length).toBeGreaterThan(1);
    else expect(done).toEqual([20_000]);
  });
});

// util-linux's script(1) runs the CLI in a real pseudo-terminal, where stderr is a TTY as in an interactive shell.
const script = spawnSync('script', ['--version'], { encoding: 'utf8' });
const hasScript = script.status === 0;

describe('live progress in a real terminal', () => {
  it.skipIf(!hasScript)('redraws a line per running table in place, clears it, and leaves the verdict', () => {
    const command = [
      process.execPath,
      BIN,
      ...checkArgs(files.pair),
      '--tables',
      'big_events',
      '--mode',
      'exact',
      '--out',
      files.output.dir('tty'),
    ]
      .map((arg) => `'${arg.replace(/'/g, "'\\''")}'`)
      .join(' ');
    const run = spawnSync('script', ['-qfec', command, '/dev/null'], {
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 120_000,
    });
    const screen = run.stdout;
    // A live line (the table, a bar, rows read of the estimate, a rate, an ETA), redrawn in place more than once.
    const frames =
      screen.match(/\u001b\[1Gbig_events \[[█░]+\] [\d,]+\/300,000 rows {2}[\d,]+ rows\/s {2}ETA \d+ s\u001b\[0K/g) ??
      [];
    expect(frames.length).toBeGreaterThan(1);
    // Then erased (cursor up, clear below) before the summary table and the verdict are printed.
    const afterLast = screen.slice(screen.lastIndexOf(frames.at(-1)!));
    expect(afterLast).toMatch(/\u001b\[0J┌/);
    expect(afterLast).toMatch(/PASS: 1 table identical \(mode exact, /);
    expect(run.status).toBe(0);
  });
});
