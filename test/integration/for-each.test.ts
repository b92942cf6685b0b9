import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verify, type ProgressEvent } from '../../src/index.js';
import { RUNS_PER_CONNECTION } from '../../src/verify/run-many.js';
import { runCli } from '../support/cli.js';
import { runSql } from '../support/databases.js';
import { useTestPair } from '../support/test-pair.js';

// Tenants are text codes, two of them with characters that must be quoted: a quote and a backslash.
const TENANTS = ['north', "o'hara", 'back\\slash', 'east'];
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

const SOURCE = `
  CREATE TABLE visits (id int PRIMARY KEY, tenant text NOT NULL, note text);
  INSERT INTO visits SELECT g, (ARRAY[${TENANTS.map(literal).join(', ')}])[1 + g % 4], 'visit ' || g FROM generate_series(1, 400) g;`;

// One schema per tenant on the target, listed in a registry there; east's schema was never created.
const TARGET = `
  CREATE TABLE tenant_schemas (code text PRIMARY KEY, schema_name text NOT NULL);
  INSERT INTO tenant_schemas VALUES ${TENANTS.map((tenant, index) => `(${literal(tenant)}, 't${index}')`).join(', ')};
  ${TENANTS.slice(0, 3)
    .map(
      (tenant, index) => `
    CREATE SCHEMA t${index};
    CREATE TABLE t${index}.visits (id int PRIMARY KEY, tenant text NOT NULL, note text);
    INSERT INTO t${index}.visits SELECT g, ${literal(tenant)}, 'visit ' || g FROM generate_series(1, 400) g
     WHERE (ARRAY[${TENANTS.map(literal).join(', ')}])[1 + g % 4] = ${literal(tenant)};`,
    )
    .join('\n')}`;

const FOR_EACH = {
  query: 'SELECT code AS tenant, schema_name AS target_schema FROM public.tenant_schemas ORDER BY schema_name',
  on: 'target' as const,
};

const files = useTestPair('for_each', (pair) =>
  Promise.all([runSql(pair.sourceUrl, SOURCE), runSql(pair.targetUrl, TARGET)]),
);

describe('verify with a forEach run', () => {
  it("selects each tenant's rows by a safely quoted value, runs two tenants a connection and finishes them all", async () => {
    const events: ProgressEvent[] = [];
    const summary = await verify({
      source: files.pair.sourceUrl,
      target: files.pair.targetUrl,
      tenantColumn: 'tenant',
      jobs: 2,
      runs: [{ name: 'visits', tables: ['visits'], forEach: FOR_EACH }],
      onProgress: (event) => events.push(event),
    });
    expect(summary.status).toBe('error');
    expect(summary.runs.map((run) => [run.name, run.dir, run.status, run.tables[0]?.rows ?? null])).toEqual([
      ['visits:north', 'visits_north', 'pass', { source: 100, target: 100 }],
      ["visits:o'hara", 'visits_o_hara', 'pass', { source: 100, target: 100 }],
      ['visits:back\\slash', 'visits_back_slash', 'pass', { source: 100, target: 100 }],
      ['visits:east', 'visits_east', 'error', null],
    ]);
    expect(summary.runs[3]!.reason).toBe('target: schema "t3" does not exist');
    expect(summary.runs[1]!.tables[0]!.tenant).toMatchObject({ expected: ["o'hara"], unexpected: 0, nulls: 0 });

    // A run is busy from its first table's start to its end; never more than RUNS_PER_CONNECTION × `jobs` at once.
    let busy = 0;
    let most = 0;
    const started = new Set<string>();
    for (const event of events) {
      if (event.type === 'start' && !started.has(event.run!)) {
        started.add(event.run!);
        most = Math.max(most, ++busy);
      }
      if (event.type === 'run' && started.has(event.run)) busy--;
    }
    expect(most).toBeLessThanOrEqual(RUNS_PER_CONNECTION * 2);
    expect(
      events
        .filter((event) => event.type === 'run')
        .map((event) => event.run)
        .sort(),
    ).toEqual(summary.runs.map((run) => run.name).sort());
  });

  it('turns a failing forEach query into one error entry and still runs the other runs', async () => {
    const outDir = files.output.dir('broken-query');
    const summary = await verify({
      source: files.pair.sourceUrl,
      target: files.pair.targetUrl,
      outDir,
      runs: [
        { name: 'broken', forEach: { query: 'SELECT code AS tenant FROM no_such_table', on: 'target' } },
        { name: 'nameless', forEach: { query: 'SELECT 1 AS store', on: 'source' } },
        { name: 'two', forEach: { query: "SELECT 'north' AS tenant; SELECT 'south' AS tenant;", on: 'source' } },
        { name: 'writes', forEach: { query: 'DELETE FROM visits RETURNING tenant', on: 'source' } },
        {
          name: 'twice',
          tables: ['visits'],
          tenantColumn: 'tenant',
          forEach: {
            query: "SELECT 'north' AS tenant, 't0' AS target_schema FROM generate_series(1, 2)",
            on: 'source',
          },
        },
        { name: 'north', tables: ['visits'], targetSchema: 't0', sourceWhere: "tenant = 'north'" },
      ],
    });
    expect(summary.runs.map((run) => [run.name, run.status, run.reason ?? null])).toEqual([
      ['broken', 'error', 'forEach: target: relation "no_such_table" does not exist'],
      ['nameless', 'error', 'forEach: the forEach query returns no column named tenant'],
      ['two', 'error', 'forEach: the query must be one statement, not several (source: syntax error at or near ";")'],
      ['writes', 'error', 'forEach: the query must be a SELECT (source: syntax error at or near "FROM")'],
      ['twice:north', 'pass', null],
      ['twice:north', 'error', 'forEach: the query returned the tenant "north" more than once'],
      ['north', 'pass', null],
    ]);
    expect(existsSync(`${outDir}/broken/summary.json`) && existsSync(`${outDir}/broken/diffs.csv`)).toBe(true);
    // A run's report.html links back to the report of every run, one directory up.
    expect(await readFile(`${outDir}/north/report.html`, 'utf8')).toContain('<a href="../report.html">');
  });

  it('starts no run once the signal is aborted, and marks the summary interrupted', async () => {
    const controller = new AbortController();
    controller.abort();
    const summary = await verify({
      source: files.pair.sourceUrl,
      target: files.pair.targetUrl,
      signal: controller.signal,
      runs: [
        { name: 'a', tables: ['visits'] },
        { name: 'b', forEach: FOR_EACH },
      ],
    });
    expect(summary).toMatchObject({ status: 'error', interrupted: true });
    expect(summary.runs.map((run) => [run.name, run.reason])).toEqual([
      ['a', 'interrupted'],
      ['b', 'interrupted'],
    ]);
  });

  it('reads the fan-out in one snapshot per side: the source catalog and hash functions once, not once per tenant', async () => {
    const config = join(files.output.path, 'fan-out.json');
    await writeFile(
      config,
      JSON.stringify({
        source: files.pair.sourceUrl,
        target: files.pair.targetUrl,
        tenantColumn: 'tenant',
        runs: [{ name: 'visits', tables: ['visits'], forEach: { ...FOR_EACH, query: `${FOR_EACH.query} LIMIT 3` } }],
      }),
    );
    const run = await runCli(['check', '--config', config, '--quiet', '--out', files.output.dir('fan-out')], {
      PGVERIFY_TRACE: '1',
    });
    expect(run.code).toBe(0);
    const traced = (side: string, query: RegExp) =>
      run.stderr.split('\n').filter((line) => line.startsWith(`[${side} `) && query.test(line)).length;
    // Every schema of the fan-out is listed by one query per side (see catalog/relations.ts), and the three target
    // schemas' catalog is read in one batch (see verify/fleet-catalog.ts), as is the source's one schema.
    expect(traced('source', /SELECT c\.oid::int8::text AS oid, n\.nspname AS schema/)).toBe(1);
    expect(traced('target', /SELECT c\.oid::int8::text AS oid, n\.nspname AS schema/)).toBe(1);
    expect(traced('source', /SAVEPOINT pgverify_catalog/)).toBe(1);
    expect(traced('target', /SAVEPOINT pgverify_catalog/)).toBe(1);
    expect(traced('source', /SELECT t\.typname AS type, quote_ident\(fn\.nspname\)/)).toBe(1);
    // The source's shared table is checksummed once for every tenant, grouped, not once per tenant.
    expect(traced('source', /SELECT v\.tenant, g\.rows, g\.hash/)).toBe(1);
    expect(traced('source', /SELECT 0 AS entry, 0 AS part, count\(\*\)/)).toBe(0);
    // Each tenant's target table is read by one statement: its checksum, with the checks' counts of the same scan.
    expect(traced('target', /SELECT 0 AS entry, 0 AS part, count\(\*\)/)).toBe(3);
    expect(traced('target', /SELECT 0 AS entry, 0 AS part, ARRAY\[/)).toBe(0);
  });

  it("holds no lock on a store once its run is done, though the fan-out's snapshot stays open", async () => {
    // o'hara's table is locked by a migration still running, so the fan-out waits there, after north is done.
    const migration = await files.pair.target.connect();
    const ddl = await files.pair.target.connect();
    try {
      await migration.query('BEGIN');
      await migration.query('LOCK TABLE t1.visits IN ACCESS EXCLUSIVE MODE');
      let northDone!: () => void;
      const north = new Promise<void>((resolve) => (northDone = resolve));
      const running = verify({
        source: files.pair.sourceUrl,
        target: files.pair.targetUrl,
        tenantColumn: 'tenant',
        jobs: 1,
        lockTimeout: 60,
        runs: [{ name: 'visits', tables: ['visits'], forEach: FOR_EACH }],
        onProgress: (event) => {
          if (event.type === 'run' && event.run === 'visits:north') northDone();
        },
      });
      await north;
      // DDL on north's table needs every lock on it gone: it would time out if the open snapshot still held one.
      await ddl.query('BEGIN');
      await ddl.query("SET LOCAL lock_timeout = '5s'");
      await ddl.query('ALTER TABLE t0.visits ADD COLUMN probe int');
      await ddl.query('ROLLBACK');
      await migration.query('ROLLBACK');
      const summary = await running;
      // o'hara's catalog read waited out its lock timeout while north waited behind it on the one connection; its
      // table is then found under the migration's lock (an error naming it) or, when the migration has ended by
      // the time its run looks again, read and compared.
      const ohara = summary.runs[1]!;
      expect(summary.runs.map((run) => run.name)).toEqual([
        'visits:north',
        "visits:o'hara",
        'visits:back\\slash',
        'visits:east',
      ]);
      expect(summary.runs.map((run) => run.status)).toEqual(['pass', ohara.status, 'pass', 'error']);
      if (ohara.status === 'error')
        expect(ohara.tables[0]!.reason).toMatch(
          /^target: reading the structure: visits is locked by another session's DDL/,
        );
      else expect(ohara.status).toBe('pass');
    } finally {
      await migration.query('ROLLBACK').catch(() => undefined);
      migration.release();
      ddl.release();
    }
  });
});
