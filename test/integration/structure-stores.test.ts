import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { runSql } from '../support/databases.js';
import { readReport } from '../support/report.js';
import { edgeAndCrossVersions } from '../support/servers.js';
import { useTestPair } from '../support/test-pair.js';

// Seed 003's stores that follow: every store_<n> schema is built from one template; store_2's build lost an index.
const TABLES = `
  CREATE TABLE customers (id serial PRIMARY KEY, store_id integer NOT NULL, phone varchar(32) NOT NULL);
  CREATE INDEX customers_phone_idx ON customers (phone);
  CREATE TABLE orders (id serial PRIMARY KEY, store_id integer NOT NULL, customer_id integer NOT NULL REFERENCES customers (id),
                       total numeric(12, 2) NOT NULL CHECK (total >= 0));`;
const SCHEMAS = ['template', 'store_1', 'store_2', 'store_3']
  .map((schema) => `CREATE SCHEMA ${schema}; SET search_path = ${schema}; ${TABLES}`)
  .join('\n');
const STORES = `
  CREATE SCHEMA ops; CREATE TABLE ops.stores (id int PRIMARY KEY, schema_name text NOT NULL);
  INSERT INTO ops.stores VALUES (1, 'store_1'), (2, 'store_2'), (3, 'store_3');
  DROP INDEX store_2.customers_phone_idx;`;

const EDGES = edgeAndCrossVersions().filter((servers) => servers.source === servers.target);

describe.each(EDGES)(
  'every store schema against the template with --structure-only and forEach, PostgreSQL $label',
  (servers) => {
    const files = useTestPair('structure_stores', (pair) => runSql(pair.targetUrl, SCHEMAS + STORES), servers);

    it('fails only the store whose schema lost an index, reading no row of any store', async () => {
      const out = files.output.dir('stores');
      const config = join(out, 'stores.json');
      await mkdir(out, { recursive: true });
      await writeFile(
        config,
        JSON.stringify({
          source: files.pair.targetUrl,
          target: files.pair.targetUrl,
          sourceSchema: 'template',
          structureOnly: true,
          tenantColumn: 'store_id',
          runs: [
            {
              name: 'stores',
              forEach: { query: 'SELECT id AS tenant, schema_name AS target_schema FROM ops.stores ORDER BY id' },
            },
          ],
        }),
      );
      const run = await runCli(['check', '--config', config, '--out', out]);
      expect(run.code).toBe(1);
      const store2 = await readReport(join(out, 'stores_2'));
      expect(store2.summary.tables.map((table) => [table.name, table.status, table.reason ?? null])).toEqual([
        ['customers', 'fail', 'structure: index customers_phone_idx missing in target'],
        ['orders', 'pass', null],
      ]);
      expect(store2.diffs).toEqual([
        {
          table: 'customers',
          kind: 'structure',
          key: 'index customers_phone_idx',
          column: null,
          sourceValue: 'CREATE INDEX ... USING btree (phone)',
          targetValue: null,
        },
      ]);
      for (const store of ['stores_1', 'stores_3']) {
        const { summary, diffs } = await readReport(join(out, store));
        expect(summary).toMatchObject({ status: 'pass', structureOnly: true });
        expect(summary.tables.map((table) => [table.rows, table.structure])).toEqual([
          [{ source: null, target: null }, []],
          [{ source: null, target: null }, []],
        ]);
        expect(diffs).toEqual([]);
      }
    });
  },
);
