import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkArgs, runCli, type CliRun } from '../support/cli.js';
import { runSql } from '../support/databases.js';
import { edgeMajors } from '../support/servers.js';
import { useTestPair } from '../support/test-pair.js';
import { sourceStatements } from '../support/trace.js';

// Small tables of every kind fast mode reads whole with the others: keyed by an integer (stores, orders), by
// text (products, one key-hash bucket) and keyless (tags), with foreign keys and a sequence for the checks.
const SCHEMA = `
  CREATE TABLE stores (id int PRIMARY KEY, name text NOT NULL);
  INSERT INTO stores SELECT g, 'store ' || g FROM generate_series(1, 20) g;
  CREATE TABLE products (sku text PRIMARY KEY, store_id int NOT NULL REFERENCES stores (id), name text);
  INSERT INTO products SELECT 'sku-' || g, 1 + g % 20, 'product ' || g FROM generate_series(1, 300) g;
  CREATE TABLE orders (id bigserial PRIMARY KEY, sku text NOT NULL REFERENCES products (sku), qty int);
  INSERT INTO orders (sku, qty) SELECT 'sku-' || (1 + g % 300), g FROM generate_series(1, 500) g;
  CREATE TABLE tags (label text);
  INSERT INTO tags SELECT 'tag ' || (g % 7) FROM generate_series(1, 40) g;
  ANALYZE;`;

/** The connections `side` opened in a traced run (each traces its session once it is set up). */
function connections(run: CliRun, side: 'source' | 'target'): number {
  return [...run.stderr.matchAll(new RegExp(`^\\[${side} pid \\d+, session ready at `, 'gm'))].length;
}

describe.each(edgeMajors())('small tables settled by checksums read with the others, on PostgreSQL %s', (major) => {
  const files = useTestPair(
    `settled_tables_${major}`,
    (pair) => Promise.all([runSql(pair.sourceUrl, SCHEMA), runSql(pair.targetUrl, SCHEMA)]),
    { label: major, source: major, target: major },
  );
  const trace = { PGVERIFY_TRACE: 'full' };
  let identical: CliRun;
  let changed: CliRun;

  beforeAll(async () => {
    // Four jobs for four tables: before, each table took a connection of each side, and the sides opened three
    // more each for tables that then sent nothing.
    identical = await runCli([...checkArgs(files.pair), '--jobs', '4', '--quiet'], trace);
    await runSql(files.pair.targetUrl, "UPDATE products SET name = 'renamed' WHERE sku = 'sku-42'");
    changed = await runCli(
      [...checkArgs(files.pair), '--jobs', '4', '--quiet', '--out', files.output.dir('changed')],
      trace,
    );
    await runSql(files.pair.targetUrl, "UPDATE products SET name = 'product 42' WHERE sku = 'sku-42'");
  });

  it('passes identical tables, checks and all, on one connection per side', () => {
    expect(identical.code).toBe(0);
    expect(identical.stdout).toMatch(/^PASS: 4 tables identical/);
    expect(connections(identical, 'source')).toBe(1);
    expect(connections(identical, 'target')).toBe(1);
  });

  it('reads a text-keyed table of one key-hash bucket with the others, not by a statement of its own', () => {
    const reads = sourceStatements(identical, 'products');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatch(/\] SELECT 0 AS entry, 0 AS part, count\(\*\)::int8 AS rows/);
  });

  it('finds a changed row of such a table by streaming its rows, without reading its total again', async () => {
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/1 of 4 tables differs: 0 missing, 0 extra, 1 changed rows?/);
    const reads = sourceStatements(changed, 'products');
    expect(reads.filter((line) => / AS bucket, count\(\*\)::int8 AS rows/.test(line))).toEqual([]);
    expect(reads.some((line) => line.includes('COPY (SELECT'))).toBe(true);
    const diffs = await readFile(join(files.output.dir('changed'), 'diffs.csv'), 'utf8');
    expect(diffs).toMatch(/products,.*sku-42.*name.*product 42.*renamed/);
  });
});
