import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN } from '../support/cli.js';
import { runSql } from '../support/databases.js';
import { useTestPair } from '../support/test-pair.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

// 150 tables: summary.json is well over the 64 KiB a pipe holds at once.
const SCHEMA = `DO $$ BEGIN
  FOR i IN 1..150 LOOP
    EXECUTE format('CREATE TABLE t%s (id int PRIMARY KEY, note text); INSERT INTO t%s VALUES (1, %L)', i, i, 'row');
  END LOOP;
END $$;`;

/**
 * Runs the CLI into a pipe whose reader waits `delaySeconds` before it reads, as `pgverify ... --json | slow-reader`
 * does (a shell pipeline: a Node parent's own pipe would be drained by Node when the child exits).
 */
function runWithSlowReader(
  args: readonly string[],
  delaySeconds: number,
): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(
    'bash',
    ['-c', `set -o pipefail; "$NODE" ${BIN} "$@" | (sleep ${delaySeconds}; cat)`, 'pgverify', ...args],
    { cwd: root, env: { ...process.env, NODE: process.execPath }, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('output on a pipe', () => {
  const files = useTestPair('cli_output', (pair) =>
    Promise.all([runSql(pair.sourceUrl, SCHEMA), runSql(pair.targetUrl, SCHEMA)]),
  );

  it('writes the whole --json summary to a reader slower than the run before it exits', async () => {
    const run = await runWithSlowReader(
      ['check', '--source', files.pair.sourceUrl, '--target', files.pair.targetUrl, '--json', '--no-structure'],
      1.5,
    );
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBeGreaterThan(65_536);
    const summary = JSON.parse(run.stdout) as { status: string; tables: unknown[] };
    expect(summary.status).toBe('pass');
    expect(summary.tables).toHaveLength(150);
  });

  it('ends quietly with its exit code when the reader goes away early (`--json | head`)', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'check', '--source', files.pair.sourceUrl, '--target', files.pair.targetUrl, '--json', '--no-structure'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/EPIPE|at .*\(node:/);
  });
});
