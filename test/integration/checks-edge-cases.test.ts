import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError, verify } from '../../src/index.js';
import { runSql } from '../support/databases.js';
import { finding, readReport, sortDiffs, tableResult } from '../support/report.js';
import { useTestPair } from '../support/test-pair.js';

// Both sides: regions keyed by (code, n); shops point at them with the columns in the other order.
const SCHEMA = `
  CREATE TABLE regions (code text, n int, tenant_id int NOT NULL, PRIMARY KEY (code, n));
  CREATE TABLE shops (id serial PRIMARY KEY, tenant_id int, region_n int, region_code text,
                      FOREIGN KEY (region_n, region_code) REFERENCES regions (n, code));
  CREATE SCHEMA shared; CREATE TABLE shared.stores (id int PRIMARY KEY);
  CREATE TABLE stock (id int PRIMARY KEY, store_id int REFERENCES shared.stores (id));
  INSERT INTO regions VALUES ('north', 1, 1), ('south', 2, 1), ('west', 3, 2);
  INSERT INTO shops (tenant_id, region_n, region_code) VALUES (1, 1, 'north'), (1, 2, 'south'), (2, 1, 'north'),
    (NULL, 3, 'west'), (1, NULL, 'nowhere'), (2, 3, 'west');`;

// The target lost the regions key and its copy of ('north', 1) doubled; shops lost its foreign key and
// gained orphans; a new table appeared that only the target has.
const TARGET_CHANGES = `
  ALTER TABLE shops DROP CONSTRAINT shops_region_n_region_code_fkey;
  ALTER TABLE regions DROP CONSTRAINT regions_pkey;
  INSERT INTO regions VALUES ('north', 1, 1);
  INSERT INTO shops (id, tenant_id, region_n, region_code) VALUES (7, 1, 9, 'east'), (8, 1, 9, 'east'), (9, NULL, 8, 'east');
  CREATE TABLE audit (id int PRIMARY KEY, shop_id int, tenant_id int);
  INSERT INTO audit VALUES (1, 1, 1), (2, 99, 1);`;

const role = `pgverify_noseq_${randomBytes(4).toString('hex')}`;
const files = useTestPair('checks_edges', async (pair) => {
  await runSql(pair.sourceUrl, SCHEMA);
  await runSql(pair.targetUrl, SCHEMA + TARGET_CHANGES);
  await runSql(pair.targetUrl, `CREATE ROLE ${role} LOGIN PASSWORD 'noseq'`);
  await runSql(
    pair.targetUrl,
    `GRANT USAGE ON SCHEMA public, shared TO ${role}; GRANT SELECT ON ALL TABLES IN SCHEMA public, shared TO ${role};`,
  );
});

afterAll(async () => {
  // Roles belong to the server: revoke what the target granted, then drop it (before the pair is dropped).
  await runSql(files.pair.targetUrl, `DROP OWNED BY ${role}`);
  await runSql(files.pair.targetUrl, `DROP ROLE IF EXISTS ${role}`);
});

describe('the integrity check on unusual keys', () => {
  it('matches a composite key by its column pairs and counts each child once when the parent repeats a key', async () => {
    const summary = await verify({
      source: files.pair.sourceUrl,
      target: files.pair.targetUrl,
      tables: ['regions', 'shops'],
    });
    expect(tableResult(summary, 'shops').integrity).toEqual([
      {
        name: 'shops_region_n_region_code_fkey',
        columns: ['region_n', 'region_code'],
        references: { table: 'regions', columns: ['n', 'code'] },
        declaredOn: 'source',
        orphans: 3,
        crossTenant: 1,
      },
    ]);
  });

  it('skips a key into a schema outside the comparison', async () => {
    const summary = await verify({ source: files.pair.sourceUrl, target: files.pair.targetUrl, tables: ['stock'] });
    expect(tableResult(summary, 'stock')).toMatchObject({
      status: 'pass',
      integrity: [
        {
          name: 'stock_store_id_fkey',
          orphans: null,
          crossTenant: null,
          skipped: 'references shared.stores, outside the public schema',
        },
      ],
    });
  });

  it('keeps counts exact while diffs.csv keeps at most --max-diff-rows lines per table', async () => {
    const outDir = files.output.dir('capped');
    // Rows only: structure lines come first and would take the cap this test is about.
    const summary = await verify({
      source: files.pair.sourceUrl,
      target: files.pair.targetUrl,
      tables: ['shops'],
      tenants: ['1', '2'],
      maxDiffRows: 4,
      outDir,
      structure: false,
    });
    expect(tableResult(summary, 'shops')).toMatchObject({
      diff: { extra: 3 },
      tenant: { nulls: 2, unexpected: 0, notNull: false },
    });
    const { diffs } = await readReport(outDir);
    expect(diffs.map((diff) => diff.kind)).toEqual(['extra', 'extra', 'extra', 'tenant_null']);
  });
});

describe('a table only the target has', () => {
  it('still gets its tenant and sequence checks, with rows named by its own key', async () => {
    const outDir = files.output.dir('target-only');
    const summary = await verify({
      source: files.pair.sourceUrl,
      target: files.pair.targetUrl,
      tables: ['audit'],
      tenants: ['3'],
      outDir,
    });
    expect(tableResult(summary, 'audit')).toMatchObject({
      status: 'fail',
      reason: 'table missing in source; 2 rows with an unexpected tenant_id',
      tenant: { unexpected: 2 },
    });
    const { diffs } = await readReport(outDir);
    expect(sortDiffs(diffs)).toEqual([
      finding('audit', 'tenant_unexpected', '1', 'tenant_id', '1'),
      finding('audit', 'tenant_unexpected', '2', 'tenant_id', '1'),
    ]);
  });
});

describe('failures of the checks themselves', () => {
  it('reports a sequence this role may not read as skipped and still checks the rest of the table', async () => {
    const url = new URL(files.pair.targetUrl);
    url.username = role;
    url.password = 'noseq';
    const summary = await verify({
      source: files.pair.sourceUrl,
      target: url.toString(),
      tables: ['shops', 'regions'],
    });
    expect(tableResult(summary, 'shops')).toMatchObject({
      status: 'fail',
      diff: { extra: 3 },
      integrity: [{ orphans: 3 }],
    });
    expect(tableResult(summary, 'shops').sequences).toEqual([
      {
        name: 'shops_id_seq',
        column: 'id',
        nextValue: null,
        maxValue: null,
        status: 'skipped',
        skipped: 'no privilege to read sequence public.shops_id_seq',
      },
    ]);
  });

  it('refuses a tenant value an integer tenant column cannot hold before comparing anything', async () => {
    const run = (tenants: string[]) =>
      verify({ source: files.pair.sourceUrl, target: files.pair.targetUrl, tables: ['regions'], tenants });
    await expect(run(['north'])).rejects.toThrow(
      new UsageError(
        'tenant "north" cannot be a value of the tenant column "tenant_id" (integer in the target\'s regions)',
      ),
    );
    await expect(run(['99999999999'])).rejects.toThrow(UsageError);
    expect((await run([' 1'])).status).not.toBe('error');
  });
});
