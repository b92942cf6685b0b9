import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkArgs, runCli } from '../support/cli.js';
import { runSql } from '../support/databases.js';
import { useTestPair } from '../support/test-pair.js';

const SENTINEL = 'S3ntinel-pw-9f2c';

function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.password = password;
  return parsed.toString();
}

describe('pgverify check from the command line', () => {
  const schema = `CREATE TABLE items (id int PRIMARY KEY, name text);
    INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 50) g;
    CREATE TABLE notes (id int PRIMARY KEY, body text);
    INSERT INTO notes VALUES (1, 'a'), (2, 'b');
    CREATE SEQUENCE counter;`;
  const files = useTestPair('cli', (pair) =>
    Promise.all([
      runSql(pair.sourceUrl, schema),
      runSql(pair.targetUrl, `${schema} UPDATE notes SET body = 'B' WHERE id = 2;`),
    ]),
  );
  /** A path in the file's output directory. */
  const out = (...parts: string[]) => join(files.output.path, ...parts);

  it('exits 0 and prints a table and a PASS verdict when the tables are identical', async () => {
    const run = await runCli([...checkArgs(files.pair), '--tables', 'items', '--out', out('pass')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/│ items\s+│\s+50 │\s+50 │\s+0 │\s+0 │\s+0 │ pass/);
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/^PASS: /);
    const summary = JSON.parse(await readFile(out('pass', 'summary.json'), 'utf8'));
    expect(summary.status).toBe('pass');
    expect(summary.tables.map((table: { name: string }) => table.name)).toEqual(['items']);
  });

  it('exits 1 and writes the changed value to diffs.csv when a table differs', async () => {
    const run = await runCli([...checkArgs(files.pair), '--exclude', 'items', '--mode', 'exact', '--out', out('fail')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL: 1 of 1 table differs/m);
    const csv = await readFile(out('fail', 'diffs.csv'), 'utf8');
    expect(csv.trim().split('\n')).toEqual([
      'table,kind,key,column,source_value,target_value',
      'notes,changed,2,body,b,B',
    ]);
  });

  it.each([
    [['check', '--source', 'x', '--target', 'y', '--bogus'], /Unknown argument: bogus/, 'check'],
    // Named once, as typed, not also camel-cased.
    [
      ['check', '--source', 'x', '--target', 'y', '--bogus-flag', '--other-one'],
      /: Unknown arguments: bogus-flag, other-one$/,
      'check',
    ],
    [
      ['check', '--source', 'postgresql://h/db', '--target', 'postgresql://h/db', '--mode', 'slow'],
      /--mode must be fast or exact, not "slow"/,
      'check',
    ],
    [['check', '--target', 'postgresql://h/db'], /^pgverify: --source is required$/m, 'check'],
    [
      ['chek', '--source', 'postgresql://h/db'],
      /^pgverify: unknown command "chek": name one of check, recheck, history, demo$/m,
      null,
    ],
    [['recheck'], /^pgverify: name the output directory of the run to recheck: pgverify recheck DIR$/m, 'recheck'],
    [['history'], /^pgverify: --history is required$/m, 'history'],
    [
      ['check', '--source', 'mysql://h/db', '--target', 'postgresql://h/db'],
      /--source must be a postgresql:\/\/ URL or key=value pairs/,
      'check',
    ],
    [
      ['check', '--source', 'postgresql://h/db', '--target', 'postgresql://h/db', '--jobs', 'abc'],
      /^pgverify: --jobs must be an integer from 1 to 64, not "abc"$/,
      'check',
    ],
    [
      ['check', '--source', 'postgresql://h/db', '--target', 'postgresql://h/db', '--jobs', '1.5'],
      /^pgverify: --jobs must be an integer from 1 to 64, not "1.5"$/,
      'check',
    ],
    [
      ['check', '--source', 'postgresql://h/db', '--target', 'postgresql://h/db', '--max-diff-rows', 'many'],
      /^pgverify: --max-diff-rows must be a non-negative integer, not "many"$/,
      'check',
    ],
    [
      ['check', '--source', 'postgresql://h/db', '--target', 'postgresql://h/db', '--lock-timeout', 'soon'],
      /^pgverify: --lock-timeout must be a number of seconds \(0 for none\), not "soon"$/,
      'check',
    ],
    [
      ['check', '--source', 'postgresql://h/db', '--target', 'postgresql://h/db', '--statement-timeout', '-1'],
      /--statement-timeout must be a number of seconds \(0 for none\), not "-1"/,
      'check',
    ],
    [
      ['check', '--source', 'postgresql://h/db', '--target', 'postgresql://h/db', '--jobs'],
      /Not enough arguments following: jobs/,
      'check',
    ],
    [['demo', '--bogus'], /Unknown argument: bogus/, 'demo'],
    [['frobnicate'], /^pgverify: unknown command "frobnicate"/, null],
  ])('exits 2 with a one-line reason and a pointer to the help for bad input %j', async (args, message, command) => {
    // --out keeps the reports of a run that got as far as connecting out of the project.
    const run = await runCli(args[0] === 'check' ? [...args, '--out', out('bad-input')] : args);
    expect(run.code).toBe(2);
    const lines = run.stderr.split('\n');
    expect(lines[0]).toMatch(/^pgverify: /);
    expect(lines[0]).toMatch(message);
    expect(lines.slice(1)).toEqual([`Run 'pgverify ${command === null ? '' : `${command} `}--help' for usage.`, '']);
  });

  it('exits 2 naming a --tables entry that exists on neither side', async () => {
    const run = await runCli([...checkArgs(files.pair), '--tables', 'items,nope', '--out', out('typo')]);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('pgverify: --tables: no table named "nope" on either side');
  });

  it('names the source when --source-schema does not exist there, on every run, and suggests the name in another case', async () => {
    // The target schema defaults to the source's, so both sides fail: the source must be named whichever fails first.
    const runs = await Promise.all(
      [1, 2, 3].map(() => runCli([...checkArgs(files.pair), '--source-schema', 'Public'])),
    );
    for (const run of runs) {
      expect(run.code).toBe(3);
      expect(run.stderr).toBe(
        'pgverify: source: schema "Public" does not exist (names are case-sensitive: did you mean "public"?)\n',
      );
    }
    const target = await runCli([...checkArgs(files.pair), '--target-schema', 'nope']);
    expect(target.stderr).toBe('pgverify: target: schema "nope" does not exist\n');
    // --json still gives a script the summary, which says why.
    const json = await runCli([
      ...checkArgs(files.pair),
      '--target-schema',
      'nope',
      '--json',
      '--out',
      out('json-error'),
    ]);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({
      status: 'error',
      reason: 'target: schema "nope" does not exist',
      tables: [],
    });
  });

  it('exits 3 naming the side and never printing the password when the login fails', async () => {
    // A role that does not exist fails on any server: with password authentication the server says only that
    // the password failed (it never tells which roles exist); a trust-auth server (PGVERIFY_TEST_URL) names the role.
    const nobody = new URL(withPassword(files.pair.targetUrl, SENTINEL));
    nobody.username = 'pgv_nobody';
    const run = await runCli([
      'check',
      '--source',
      files.pair.sourceUrl,
      '--target',
      nobody.toString(),
      '--out',
      out('badpw'),
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr.trim()).toMatch(
      /^pgverify: target: cannot connect: (password authentication failed for user "pgv_nobody"|role "pgv_nobody" does not exist)$/,
    );
    const unreachable = await runCli([
      'check',
      '--source',
      `postgresql://u:${SENTINEL}@127.0.0.1:1/db`,
      '--target',
      files.pair.targetUrl,
      '--out',
      out('unreachable'),
    ]);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr.trim()).toMatch(
      /^pgverify: source: cannot connect: no server accepts connections at 127\.0\.0\.1:1 \(connection refused\)$/,
    );
    // summary.json says error with the line printed, for a cron job that reads it instead of stderr.
    const summaries = await Promise.all(
      ['badpw', 'unreachable'].map(async (dir) => readFile(out(dir, 'summary.json'), 'utf8')),
    );
    expect(summaries.map((text) => JSON.parse(text))).toEqual([
      expect.objectContaining({ status: 'error', reason: run.stderr.trim().replace(/^pgverify: /, ''), tables: [] }),
      expect.objectContaining({
        status: 'error',
        reason: unreachable.stderr.trim().replace(/^pgverify: /, ''),
        tables: [],
      }),
    ]);
    for (const output of [run.stdout, run.stderr, unreachable.stdout, unreachable.stderr, ...summaries])
      expect(output).not.toContain(SENTINEL);
  });

  it('reports a filter that tries a second statement as an error of the table and changes nothing', async () => {
    const run = await runCli([
      ...checkArgs(files.pair),
      '--tables',
      'notes',
      '--target-where',
      '1=1; DROP TABLE notes',
      '--out',
      out('inject'),
    ]);
    expect(run.code).toBe(3);
    const summary = JSON.parse(await readFile(out('inject', 'summary.json'), 'utf8'));
    expect(summary.tables[0]).toMatchObject({ name: 'notes', status: 'error' });
    expect(summary.tables[0].reason).toMatch(/^target: invalid --target-where filter \(1=1; DROP TABLE notes\): /);
    const still = await files.pair.target.query("SELECT to_regclass('public.notes') IS NOT NULL AS present");
    expect(still.rows[0].present).toBe(true);
  });

  it('fails only the table a filter does not fit, though small tables are checksummed together', async () => {
    const run = await runCli([...checkArgs(files.pair), '--source-where', "name <> 'x'", '--out', out('misfit')]);
    expect(run.code).toBe(3);
    const summary = JSON.parse(await readFile(out('misfit', 'summary.json'), 'utf8')) as {
      tables: Array<{ name: string; status: string; reason?: string }>;
    };
    const byName = Object.fromEntries(summary.tables.map((table) => [table.name, table]));
    expect(byName.items).toMatchObject({ status: 'pass', rows: { source: 50, target: 50 } });
    expect(byName.notes?.status).toBe('error');
    expect(byName.notes?.reason).toMatch(
      /^source: invalid --source-where filter \(name <> 'x'\): .*column "name" does not exist/,
    );
  });

  it('reports a table only in the source as missing, uncounted, when the filter does not fit it', async () => {
    await runSql(
      files.pair.targetUrl,
      'CREATE SCHEMA IF NOT EXISTS partial; CREATE TABLE IF NOT EXISTS partial.items (LIKE public.items INCLUDING ALL); INSERT INTO partial.items SELECT * FROM public.items ON CONFLICT DO NOTHING;',
    );
    const run = await runCli([
      ...checkArgs(files.pair),
      '--target-schema',
      'partial',
      '--source-where',
      "name <> 'x'",
      '--out',
      out('missing-misfit'),
    ]);
    expect(run.code).toBe(1);
    const summary = JSON.parse(await readFile(out('missing-misfit', 'summary.json'), 'utf8'));
    expect(summary.tables.map((table: { name: string; status: string }) => [table.name, table.status])).toEqual([
      ['items', 'pass'],
      ['notes', 'fail'],
    ]);
    expect(summary.tables[1]).toMatchObject({
      rows: { source: null, target: null },
      reason:
        'table missing in target; its rows not counted: source: invalid --source-where filter (name <> \'x\'): column "name" does not exist',
    });
  });

  it('names the source when both filters are invalid, on every run', async () => {
    const runs = await Promise.all(
      [1, 2, 3].map((index) =>
        runCli([
          ...checkArgs(files.pair),
          '--tables',
          'notes',
          '--source-where',
          'no_such_column = 1',
          '--target-where',
          'no_such_column = 1',
          '--out',
          out(`both-filters-${index}`),
        ]),
      ),
    );
    for (const [index, run] of runs.entries()) {
      expect(run.code).toBe(3);
      const summary = JSON.parse(await readFile(out(`both-filters-${index + 1}`, 'summary.json'), 'utf8'));
      expect(summary.tables[0].reason).toMatch(/^source: invalid --source-where filter \(no_such_column = 1\): /);
    }
  });

  it('runs every query read-only: a filter calling nextval() fails and the sequence does not move', async () => {
    const run = await runCli([
      ...checkArgs(files.pair),
      '--tables',
      'items',
      '--source-where',
      "nextval('counter') > 0",
      '--out',
      out('readonly'),
    ]);
    expect(run.code).toBe(3);
    const summary = JSON.parse(await readFile(out('readonly', 'summary.json'), 'utf8'));
    expect(summary.tables[0].reason).toMatch(/read-only transaction/);
    const sequence = await files.pair.source.query('SELECT last_value, is_called FROM counter');
    expect(sequence.rows[0]).toEqual({ last_value: '1', is_called: false });
  });

  it('writes a JUnit file CI servers read: one testcase per table, a failure with the counts for a table that differs', async () => {
    const junit = out('junit', 'pgverify.xml');
    await mkdir(out('junit'), { recursive: true });
    const run = await runCli([
      ...checkArgs(files.pair),
      '--tables',
      'items,notes',
      '--junit',
      junit,
      '--out',
      out('junit-run'),
    ]);
    expect(run.code).toBe(1);
    const xml = await readFile(junit, 'utf8');
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="pgverify" tests="2" failures="1" errors="0"/,
    );
    expect(xml).toContain('<testcase classname="public.public" name="items"');
    expect(xml).toMatch(
      /<testcase classname="public.public" name="notes" time="[\d.]+">\s*<failure message="source 2 rows, target 2 rows: 0 missing, 0 extra, 1 changed" type="difference">/,
    );
  });

  it('warns when the source and the target are the same database and schema, and runs all the same', async () => {
    const run = await runCli([
      'check',
      '--source',
      files.pair.sourceUrl,
      '--target',
      files.pair.sourceUrl,
      '--tables',
      'items',
      '--out',
      out('itself'),
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^pgverify: warning: the source and the target are the same database \(.+\) and schema \(public\): every table will pass$/m,
    );
    const password = new URL(files.pair.sourceUrl).password;
    if (password !== '') expect(run.stderr).not.toContain(`:${password}@`);
  });

  it('warns for each run of a config file that compares a database with itself', async () => {
    const config = out('itself.json');
    await writeFile(
      config,
      JSON.stringify({
        source: files.pair.sourceUrl,
        target: files.pair.sourceUrl,
        tables: ['items'],
        runs: [{ name: 'same' }, { name: 'other', target: files.pair.targetUrl }],
      }),
    );
    const run = await runCli(['check', '--config', config, '--quiet', '--out', out('itself-runs')]);
    const warnings = run.stderr.split('\n').filter((line) => line.includes('warning'));
    expect(warnings).toEqual([
      expect.stringMatching(/^pgverify: warning: run same: the source and the target are the same database/),
    ]);
  });

  it('makes the JUnit file a folder of its own, and refuses one that cannot be written before reading a table', async () => {
    const made = await runCli([
      ...checkArgs(files.pair),
      '--tables',
      'items',
      '--junit',
      out('junit-new', 'nested', 'pgverify.xml'),
      '--out',
      out('junit-new-run'),
    ]);
    expect(made.code).toBe(0);
    expect(existsSync(out('junit-new', 'nested', 'pgverify.xml'))).toBe(true);
    // A file where the JUnit file's folder would be.
    const blocker = out('junit-blocker');
    await writeFile(blocker, '');
    const refused = await runCli([
      ...checkArgs(files.pair),
      '--junit',
      join(blocker, 'pgverify.xml'),
      '--out',
      out('junit-refused-run'),
    ]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/^pgverify: cannot write --junit .*junit-blocker\/pgverify\.xml: /);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out('junit-refused-run'))).toBe(false);
  });

  it('never shows a working password in any output, on success or on failure', async () => {
    const role = `pgv_sentinel_${Math.random().toString(16).slice(2, 8)}`;
    await files.pair.source.query(`CREATE ROLE ${role} LOGIN SUPERUSER PASSWORD '${SENTINEL}'`);
    try {
      const asRole = (url: string) => {
        const parsed = new URL(url);
        parsed.username = role;
        parsed.password = SENTINEL;
        return parsed.toString();
      };
      const outputs: string[] = [];
      const cases = [[], ['--target-where', 'no_such_column = 1'], ['--mode', 'exact', '--tables', 'nope']];
      for (const [index, extra] of cases.entries()) {
        const dir = out(`sentinel-${index}`);
        const junit = out(`sentinel-${index}.xml`);
        const run = await runCli([
          'check',
          '--source',
          asRole(files.pair.sourceUrl),
          '--target',
          asRole(files.pair.targetUrl),
          '--out',
          dir,
          '--junit',
          junit,
          ...extra,
        ]);
        outputs.push(run.stdout, run.stderr);
        for (const file of ['summary.json', 'diffs.csv', 'report.html']) {
          if (existsSync(join(dir, file))) outputs.push(await readFile(join(dir, file), 'utf8'));
        }
        if (existsSync(junit)) outputs.push(await readFile(junit, 'utf8'));
      }
      // The outputs do name the role: the test would prove nothing if they were empty.
      expect(outputs.join('\n')).toContain(role);
      // Every case writes its reports, the --tables typo too: its run stopped after connecting, as a user's would.
      expect(outputs.filter((output) => output.includes('<testsuites'))).toHaveLength(3);
      expect(outputs.filter((output) => output.includes('<!DOCTYPE html>') || output.includes('<html'))).toHaveLength(
        3,
      );
      for (const output of outputs) expect(output).not.toContain(SENTINEL);
    } finally {
      await files.pair.source.query(`DROP ROLE ${role}`);
    }
  });
});

describe('pgverify --help', () => {
  // The help is wrapped to the terminal only when asked for (src/cli/main.ts): it must still be, for every command.
  it.each(['check', 'recheck', 'demo', 'history'])(
    'prints the help of %s, wrapped to 110 columns, and exits 0',
    async (command) => {
      const run = await runCli([command, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^pgverify ${command}`));
      expect(run.stdout).toContain('--help');
      expect(Math.max(...run.stdout.split('\n').map((line) => line.length))).toBeLessThanOrEqual(110);
      expect(run.stderr).toBe('');
      // -h is --help.
      const short = await runCli([command, '-h']);
      expect(short).toMatchObject({ code: 0, stdout: run.stdout, stderr: '' });
    },
  );
});
