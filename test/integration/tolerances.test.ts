import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSchemaTables } from '../support/catalog.js';
import { runChecksum } from '../../src/compare/checksums.js';
import { bucketChecksumQuery } from '../../src/compare/queries.js';
import { WHOLE_TABLE } from '../../src/compare/segment.js';
import { openSide, type SideSession } from '../../src/connect/session.js';
import { verify } from '../../src/index.js';
import { buildMatchRules, columnRulesFor } from '../../src/plan/match-rules.js';
import { planTable } from '../../src/plan/table-plan.js';
import { Tolerance } from '../../src/plan/tolerance.js';
import type { DiffRecord, Mode, Side, Summary } from '../../src/summary.js';
import { runSql } from '../support/databases.js';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkArgs, runCli } from '../support/cli.js';
import { rowLines, tableResult } from '../support/report.js';
import { edgeAndCrossVersions } from '../support/servers.js';
import { useTestPair, useVerifiedRun } from '../support/test-pair.js';

// A copy whose numbers drifted (float arithmetic, a float4 column rewritten as float8 from the decimal source,
// values 1e-9 apart, integers off by one) and whose timestamps and times lost their microseconds, with six real
// changes beyond every tolerance: ids 7 to 12. Ids 4 to 6 straddle a line of the 0.01 grid fast mode hashes on.
const SOURCE = `
  CREATE TABLE readings (id int PRIMARY KEY, ratio float8, level float4, amount numeric(12,4), qty int,
                         taken_at timestamptz, taken_on timestamp, daily time, note text);
  INSERT INTO readings
  SELECT g, g * 0.1 + 0.2, g * 0.1, g * 1.2345, g, timestamptz '2024-02-29 10:00:00.123456+00' + g * interval '1.000001 s',
         timestamp '2024-02-29 10:00:00.987654' + g * interval '1 minute', time '10:00:00.5' + g * interval '1 s', 'n' || g
    FROM generate_series(1, 3000) g;
  UPDATE readings SET ratio = 0.1::float8 + 0.2::float8 WHERE id = 1;
  UPDATE readings SET ratio = 'NaN' WHERE id = 2;
  UPDATE readings SET ratio = 'Infinity' WHERE id IN (3, 10);
  UPDATE readings SET amount = 0.0049 WHERE id = 4;
  UPDATE readings SET amount = 0.0149 WHERE id = 5;
  UPDATE readings SET amount = -0.0051 WHERE id = 6;
  CREATE TABLE quotes (code text PRIMARY KEY, price float8);
  INSERT INTO quotes SELECT 'q' || g, g * 0.01 FROM generate_series(1, 2000) g;
  ANALYZE readings, quotes;`;

const TARGET = `
  CREATE TABLE readings (id int PRIMARY KEY, ratio float8, level float8, amount numeric(12,4), qty int,
                         taken_at timestamptz, taken_on timestamp, daily time, note text);
  INSERT INTO readings
  SELECT g, g * 0.1 + 0.2 + 1e-9, g * 0.1, g * 1.2345 + CASE WHEN g % 7 = 0 THEN 0.0001 ELSE 0 END, g + g % 2,
         date_trunc('milliseconds', timestamptz '2024-02-29 10:00:00.123456+00' + g * interval '1.000001 s'),
         date_trunc('milliseconds', timestamp '2024-02-29 10:00:00.987654' + g * interval '1 minute'),
         date_trunc('second', timestamp '2000-01-01 10:00:00.5' + g * interval '1 s')::time, 'n' || g
    FROM generate_series(1, 3000) g;
  UPDATE readings SET ratio = 0.3 WHERE id = 1;
  UPDATE readings SET ratio = 'NaN' WHERE id = 2;
  UPDATE readings SET ratio = 'Infinity' WHERE id = 3;
  UPDATE readings SET amount = 0.0051 WHERE id = 4;
  UPDATE readings SET amount = 0.0151 WHERE id = 5;
  UPDATE readings SET amount = -0.0049 WHERE id = 6;
  UPDATE readings SET ratio = ratio + 0.5 WHERE id = 7;
  UPDATE readings SET taken_at = taken_at + interval '1 s' WHERE id = 8;
  UPDATE readings SET ratio = NULL WHERE id = 9;
  UPDATE readings SET ratio = '-Infinity' WHERE id = 10;
  UPDATE readings SET amount = amount + 0.02 WHERE id = 11;
  UPDATE readings SET note = 'changed' WHERE id = 12;
  CREATE TABLE quotes (code text PRIMARY KEY, price float8);
  INSERT INTO quotes SELECT 'q' || g, g * 0.01 + 1e-12 * g FROM generate_series(1, 2000) g;
  UPDATE quotes SET price = price + 1 WHERE code = 'q5';
  ANALYZE readings, quotes;`;

const RULES = {
  tolerances: {
    'readings.ratio': '1e-6',
    'readings.level': 0.001,
    'readings.amount': '0.01',
    '*.qty': 1,
    '*.price': '1e-6',
  },
  timePrecision: { '*.taken_at': 'ms', 'readings.taken_on': 'ms', 'readings.daily': 's' },
};

const REAL_CHANGES = [
  ['quotes', 'q5', 'price'],
  ['readings', '7', 'ratio'],
  ['readings', '8', 'taken_at'],
  ['readings', '9', 'ratio'],
  ['readings', '10', 'ratio'],
  ['readings', '11', 'amount'],
  ['readings', '12', 'note'],
];

/** The [table, key, column] of every changed value in diffs.csv, sorted. */
const changedValues = (diffs: readonly DiffRecord[]) =>
  rowLines(diffs)
    .map((line) => [line.table, line.key, line.column])
    .sort();

describe.each(edgeAndCrossVersions())('on PostgreSQL $label', (servers) => {
  const files = useTestPair(
    'tolerances',
    (pair) => Promise.all([runSql(pair.sourceUrl, SOURCE), runSql(pair.targetUrl, TARGET)]),
    servers,
  );

  describe.each<Mode>(['fast', 'exact'])('drift within tolerances in %s mode', (mode) => {
    const run = useVerifiedRun(files, mode, RULES);

    it('finds only the six real changes: drift, straddling values and truncated times are equal', () => {
      const readings = tableResult(run.summary, 'readings');
      expect(readings).toMatchObject({ rows: { source: 3000, target: 3000 } });
      expect(readings.diff).toEqual({ missing: 0, extra: 0, changed: 6 });
      // quotes has a text key: fast mode buckets it by a hash of the key, and streams differing buckets.
      expect(tableResult(run.summary, 'quotes').diff).toEqual({ missing: 0, extra: 0, changed: 1 });
      expect(changedValues(run.report.diffs)).toEqual([...REAL_CHANGES].sort());
    });

    it('writes the rules in summary.json, run-wide and per table', () => {
      expect(run.report.summary).toMatchObject({
        tolerances: {
          'readings.ratio': '1e-6',
          'readings.level': '0.001',
          'readings.amount': '0.01',
          '*.qty': '1',
          '*.price': '1e-6',
        },
        timePrecision: RULES.timePrecision,
      });
      expect(tableResult(run.summary, 'quotes').columns.tolerances).toEqual({ price: '1e-6' });
      expect(tableResult(run.summary, 'readings').columns).toMatchObject({
        tolerances: { ratio: '1e-6', level: '0.001', amount: '0.01', qty: '1' },
        timePrecision: { taken_at: 'ms', taken_on: 'ms', daily: 's' },
      });
    });
  });

  it('finds the drift without the tolerances, in both modes alike', async () => {
    const results = await Promise.all(
      (['fast', 'exact'] as const).map((mode) =>
        verify({ source: files.pair.sourceUrl, target: files.pair.targetUrl, mode, checks: false, structure: false }),
      ),
    );
    const [fast, exact] = results.map((summary) => summary.tables.map((table) => [table.name, table.diff.changed]));
    expect(fast).toEqual([
      ['quotes', 2000],
      ['readings', 3000],
    ]);
    expect(exact).toEqual(fast);
  });
});

describe('on the newest server', () => {
  const files = useTestPair('tolerance_cli', (pair) =>
    Promise.all([runSql(pair.sourceUrl, SOURCE), runSql(pair.targetUrl, TARGET)]),
  );
  const sessions: Partial<Record<Side, SideSession>> = {};
  beforeAll(async () => {
    sessions.source = await openSide('source', files.pair.sourceUrl, 1, { lockTimeout: 5, statementTimeout: 0 });
    sessions.target = await openSide('target', files.pair.targetUrl, 1, { lockTimeout: 5, statementTimeout: 0 });
  });
  afterAll(async () => {
    await Promise.all([sessions.source?.close(), sessions.target?.close()]);
  });

  it('gives drifting rows the same checksum, so that only buckets with real changes or straddlers are fetched', async () => {
    const read = (side: Side) =>
      sessions[side]!.withClient(async (client) =>
        (await readSchemaTables(client, 'public')).find((table) => table.name === 'readings')!,
      );
    const [source, target] = await Promise.all([read('source'), read('target')]);
    // qty drifts by all of its tolerance, crossing a grid line in every other row: fast mode fetches those rows.
    const rules = columnRulesFor(
      buildMatchRules({ ...RULES, ignoreColumns: ['readings.qty'] }),
      'readings',
      'readings',
    );
    const none = { where: undefined, hashFunctions: new Map() };
    const plan = planTable(source, target, { source: none, target: none }, rules);
    // 30 buckets of 100 ids: the real changes and the straddlers (ids 4 to 12) are in the first.
    const boundaries = Array.from({ length: 29 }, (_, index) => [String(100 * (index + 1) + 1)]);
    const sums = await Promise.all(
      (['source', 'target'] as const).map((side) =>
        sessions[side]!.withClient((client) =>
          runChecksum(client, bucketChecksumQuery(plan, plan[side], WHOLE_TABLE, boundaries), boundaries.length + 1),
        ),
      ),
    );
    const differing = [...sums[0]!].filter(([bucket, sum]) => sums[1]!.get(bucket)?.hash !== sum.hash);
    expect(differing.map(([bucket]) => bucket)).toEqual([0]);
  });

  it('puts values on both sides of a grid line in different cells, NaN and the infinities in cells of their own', async () => {
    const tolerance = Tolerance.parse('readings.amount', '0.01');
    const numerics = ['0.0049', '0.0051', '0.0149', '0.0151', '-0.0051', '-0.0049', '0.0099', '0.0101', 'NaN'];
    const floats = ['0.0049', '-0.0049', 'NaN', 'Infinity', '-Infinity'];
    const cell = (type: string, value: string) => {
      const ref = `'${value}'::${type}`;
      return `SELECT ${tolerance.gridSql(type, ref, `${ref}::text`)} AS cell`;
    };
    const result = await sessions.source!.withClient((client) =>
      client.query<{ cell: string }>(
        [...numerics.map((value) => cell('numeric', value)), ...floats.map((value) => cell('float8', value))].join(
          ' UNION ALL ',
        ),
      ),
    );
    expect(result.rows.map((row) => row.cell)).toEqual([
      ...['0:1', '1:1', '1:1', '2:1', '0:-1', '0:1', '1:1', '1:1', 'NaN:NaN'],
      ...['0:1', '0:1', 'NaN', 'Infinity', '-Infinity'],
    ]);
  });

  const FLAGS = [
    ...['readings.ratio=1e-6', 'readings.level=0.001', 'readings.amount=0.01', '*.qty=1', '*.price=1e-6'].flatMap(
      (rule) => ['--tolerance', rule],
    ),
    ...['*.taken_at=ms', 'readings.taken_on=ms', 'readings.daily=s'].flatMap((rule) => ['--time-precision', rule]),
  ];

  it('says what was tolerated on the terminal, in report.html and in the JUnit properties', async () => {
    const out = files.output.dir('cli');
    const junit = join(out, 'junit.xml');
    const run = await runCli([...checkArgs(files.pair), ...FLAGS, '--out', out, '--junit', junit, '--no-structure']);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.at(-2)).toBe(
      'Compared within tolerances: readings.ratio within 1e-6; readings.level within 0.001; readings.amount within 0.01; ' +
        '*.qty within 1; *.price within 1e-6; *.taken_at at ms; readings.taken_on at ms; readings.daily at s',
    );
    expect(lines.at(-1)).toMatch(
      /^FAIL: 2 of 2 tables differ: 0 missing, 0 extra, 7 changed rows \(mode fast, structure off, with tolerances, /,
    );
    const xml = await readFile(junit, 'utf8');
    expect(xml).toContain(
      '<property name="tolerances" value="readings.ratio=1e-6, readings.level=0.001, readings.amount=0.01, *.qty=1, *.price=1e-6"/>',
    );
    expect(xml).toContain(
      '<property name="timePrecision" value="*.taken_at=ms, readings.taken_on=ms, readings.daily=s"/>',
    );
    expect(xml).toContain('note: Numbers equal within a tolerance: ratio=1e-6, level=0.001, amount=0.01, qty=1.');
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toContain('Tolerances');
    expect(html).toContain('readings.ratio within 1e-6');
  });

  it('reads the same rules from a config file', async () => {
    const path = join(files.output.path, 'tolerances.json');
    await writeFile(
      path,
      JSON.stringify({
        tolerances: { ...RULES.tolerances, 'readings.ratio': 1e-6 },
        timePrecision: RULES.timePrecision,
      }),
    );
    const out = files.output.dir('config');
    const run = await runCli([...checkArgs(files.pair), '--config', path, '--out', out, '--mode', 'exact', '--json']);
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout) as Summary;
    expect(summary.tables.map((table) => table.diff.changed)).toEqual([1, 6]);
    expect(summary.tolerances).toEqual({
      'readings.ratio': '0.000001',
      'readings.level': '0.001',
      'readings.amount': '0.01',
      '*.qty': '1',
      '*.price': '1e-6',
    });
  });

  it.each([
    [
      ['--tolerance', 'readings.note=0.1'],
      '--tolerance readings.note: the source column note is text, not a number (integer, numeric, float or money)',
    ],
    [['--tolerance', 'readings=0.1'], '--tolerance entries must be table.column, not "readings=0.1"'],
    [['--tolerance', 'readings.ratio'], '--tolerance must be table.column=N, not "readings.ratio"'],
    [['--tolerance', 'readings.ratio=-1'], '--tolerance readings.ratio must be a positive number, not "-1"'],
    [['--tolerance', 'readings.id=1'], '--tolerance readings.id: id is part of the key rows are matched on'],
    [['--tolerance', 'nope.ratio=1'], '--tolerance nope.ratio: no table named "nope" on either side'],
    [
      ['--time-precision', 'readings.ratio=ms'],
      '--time-precision readings.ratio: the source column ratio is double precision, not a timestamp, timestamptz or time',
    ],
    [
      ['--time-precision', 'readings.taken_at=us'],
      '--time-precision readings.taken_at must be ms, s, min, h, not "us"',
    ],
  ])('makes check exit 2 for %j with one line naming the rule', async (flags, message) => {
    const run = await runCli([...checkArgs(files.pair), '--out', files.output.dir('usage'), ...flags]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`pgverify: ${message}\nRun 'pgverify check --help' for usage.\n`);
    expect(run.stdout).toBe('');
  });
});
