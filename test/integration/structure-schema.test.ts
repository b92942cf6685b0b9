import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StructureFinding } from '../../src/summary.js';
import { checkArgs, runCli } from '../support/cli.js';
import { runSql } from '../support/databases.js';
import { edgeAndCrossVersions } from '../support/servers.js';
import { useTestPair, useVerifiedRun } from '../support/test-pair.js';

// orders is identical on both sides; what differs is the schema around it and the database's extensions.
const COMMON = `
CREATE FUNCTION next_code() RETURNS text LANGUAGE sql AS $$SELECT 'A-1'$$;
CREATE TABLE orders (id integer PRIMARY KEY, code text NOT NULL DEFAULT next_code(), total numeric(12,2) NOT NULL, updated_at timestamptz);
CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();
INSERT INTO orders (id, total) VALUES (1, 10), (2, 20);
CREATE TABLE events (id integer PRIMARY KEY);`;

const SOURCE = `
CREATE EXTENSION citext;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.updated_at := now(); RETURN NEW; END$$;
CREATE FUNCTION audit_v1() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
${COMMON}
CREATE TRIGGER events_audit AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION audit_v1();
CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 15;
CREATE VIEW order_codes AS SELECT id, code FROM orders;
CREATE MATERIALIZED VIEW order_totals AS SELECT sum(total) AS total FROM orders;`;

const TARGET = `
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.updated_at := clock_timestamp(); RETURN NEW; END$$;
CREATE FUNCTION audit_v2() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
${COMMON}
CREATE TRIGGER events_audit AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION audit_v2();
CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 10;
CREATE VIEW order_codes AS SELECT id, code FROM orders;
CREATE VIEW recent_orders AS SELECT id FROM orders;`;

const touch = (now: string) =>
  expect.stringMatching(new RegExp(`^CREATE OR REPLACE FUNCTION touch\\(\\)\\n.*updated_at := ${now}\\(\\)`, 's'));

/** What the schema-level comparison of orders alone finds: every change to a view, matview, function or extension. */
const ORDERS_FINDINGS = [
  { object: 'extension', name: 'citext', change: 'missing', severity: 'fail', target: null },
  { object: 'view', name: 'big_orders', change: 'changed', severity: 'fail' },
  { object: 'view', name: 'recent_orders', change: 'extra', severity: 'info', source: null },
  { object: 'matview', name: 'order_totals', change: 'missing', severity: 'fail', target: null },
  {
    object: 'function',
    name: 'touch()',
    change: 'changed',
    severity: 'fail',
    source: touch('now'),
    target: touch('clock_timestamp'),
  },
];

/** citext's version on each major's embedded binaries. */
const CITEXT: Readonly<Record<string, string>> = {
  '13': '1.6',
  '14': '1.6',
  '15': '1.6',
  '16': '1.6',
  '17': '1.6',
  '18': '1.8',
};

describe.each(edgeAndCrossVersions())('the schema-level structure, PostgreSQL $label', (servers) => {
  const files = useTestPair(
    'structure_schema',
    async (pair) => {
      await runSql(pair.sourceUrl, SOURCE);
      await runSql(pair.targetUrl, TARGET);
    },
    servers,
  );

  describe('verify() over orders alone', () => {
    const run = useVerifiedRun(files, 'fast', { tables: ['orders'] });

    it('fails the run on the schema while its one table passes, listing each view, matview, function and extension finding', () => {
      expect(run.summary.tables.map((table) => [table.name, table.status])).toEqual([['orders', 'pass']]);
      expect(run.summary.status).toBe('fail');
      expect(run.summary.structure).toEqual(ORDERS_FINDINGS.map((found) => expect.objectContaining(found)));
      const big = (run.summary.structure as StructureFinding[])[1]!;
      expect([big.source, big.target]).toEqual([expect.stringMatching(/> \(?15/), expect.stringMatching(/> \(?10/)]);
    });

    it("records each side's encoding, locale, collation provider and version, and extensions with their versions", () => {
      const database = {
        encoding: 'UTF8',
        collate: 'C',
        ctype: 'C',
        collationProvider: 'libc',
        collationVersion: null,
      };
      expect(run.summary.sourceServer).toMatchObject({
        ...database,
        versionNum: expect.any(Number),
        extensions: [
          { name: 'citext', version: CITEXT[servers.source] },
          { name: 'plpgsql', version: '1.0' },
        ],
      });
      expect(run.summary.targetServer).toMatchObject({
        ...database,
        extensions: [{ name: 'plpgsql', version: '1.0' }],
      });
      expect(Math.floor(run.summary.sourceServer!.versionNum / 10000)).toBe(Number(servers.source));
    });

    it('writes each schema-level finding to diffs.csv as a structure line with an empty table', () => {
      const lines = run.report.diffs.filter((line) => line.kind === 'structure');
      expect(lines.map((line) => [line.table, line.key])).toEqual([
        ['', 'extension citext'],
        ['', 'view big_orders'],
        ['', 'view recent_orders'],
        ['', 'matview order_totals'],
        ['', 'function touch()'],
      ]);
      expect(lines[0]!.sourceValue).toBe(`EXTENSION citext VERSION '${CITEXT[servers.source]}'`);
    });
  });

  describe('verify() over the whole schema', () => {
    const run = useVerifiedRun(files, 'exact');

    it('pairs functions by name and argument types: the trigger function renamed is one missing and one extra', () => {
      const functions = (run.summary.structure as StructureFinding[]).filter((found) => found.object === 'function');
      expect(functions.map((found) => [found.name, found.change, found.severity])).toEqual([
        ['audit_v1()', 'missing', 'fail'],
        ['touch()', 'changed', 'fail'],
        ['audit_v2()', 'extra', 'info'],
      ]);
      expect(run.summary.tables.find((table) => table.name === 'events')?.status).toBe('fail');
    });
  });

  it('exits 1 on the CLI, saying why in the verdict, the JUnit testcase (structure) and report.html', async () => {
    const out = files.output.dir('cli');
    const junit = join(out, 'junit.xml');
    const args = [...checkArgs(files.pair), '--tables', 'orders'];
    const run = await runCli([...args, '--out', out, '--junit', junit]);
    expect(run.code).toBe(1);
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(
      /^FAIL: schema structure: extension citext missing in target, view big_orders changed, matview order_totals missing in target, function touch\(\) changed; 1 table identical \(mode fast, /,
    );
    const xml = await readFile(junit, 'utf8');
    expect(xml).toContain('tests="2" failures="1"');
    expect(xml).toContain(
      '<testcase classname="public.public" name="(structure)" time="0.000">\n      <failure message="schema structure: extension citext missing in target',
    );
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<h2>Schema structure</h2>');
    expect(html).toContain('Extension citext is missing in the target');
    expect(html).toContain('Materialized view order_totals is missing in the target');
    expect(html).toMatch(/Source database<\/dt>\s*<dd>UTF8, LC_COLLATE C, LC_CTYPE C, collation provider libc/);
  });

  it('compares the schema-level structure with --structure-only, and skips all of it with --no-structure', async () => {
    const args = [...checkArgs(files.pair), '--tables', 'orders'];
    const only = await runCli([...args, '--structure-only', '--out', files.output.dir('only')]);
    expect(only.code).toBe(1);
    expect(only.stdout).toContain('FAIL: schema structure: extension citext missing in target');
    const skipped = await runCli([...args, '--no-structure', '--out', files.output.dir('skipped')]);
    expect(skipped.code).toBe(0);
    const summary = JSON.parse(await readFile(join(files.output.dir('skipped'), 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ status: 'pass', structure: false });
    expect(summary.sourceServer.encoding).toBeUndefined();
  });
});
