import { describe, expect, it } from 'vitest';
import { UsageError, verify } from '../../src/index.js';
import type { Mode } from '../../src/summary.js';
import { checkArgs, runCli } from '../support/cli.js';
import { runSql } from '../support/databases.js';
import { changed, readReport, rowLines, sortDiffs, tableResult } from '../support/report.js';
import { useTestPair } from '../support/test-pair.js';

// The migration renamed customers to clients and its mail column to email, renamed orders.cust_id to
// customer_id, and rewrote every updated_at; one email really changed, and client 30 (six orders) was lost.
const SOURCE = `
  CREATE TABLE customers (id int PRIMARY KEY, store_id int NOT NULL, mail text, updated_at timestamptz NOT NULL DEFAULT '2024-01-01');
  CREATE INDEX customers_mail_idx ON customers (lower(mail));
  CREATE TABLE orders (id int PRIMARY KEY, store_id int NOT NULL, cust_id int REFERENCES customers (id), total numeric(10,2),
                       updated_at timestamptz NOT NULL DEFAULT '2024-01-01');
  INSERT INTO customers (id, store_id, mail) SELECT g, 4, 'c' || g || '@example.com' FROM generate_series(1, 30) g;
  INSERT INTO orders (id, store_id, cust_id, total) SELECT g, 4, 1 + g % 30, g * 1.5 FROM generate_series(1, 200) g;`;
const TARGET = `
  CREATE TABLE clients (id int PRIMARY KEY, store_id int NOT NULL, email text, updated_at timestamptz NOT NULL DEFAULT now());
  CREATE INDEX clients_email_idx ON clients (lower(email));
  CREATE TABLE orders (id int PRIMARY KEY, store_id int NOT NULL, customer_id int, total numeric(10,2),
                       updated_at timestamptz NOT NULL DEFAULT now());
  INSERT INTO clients (id, store_id, email) SELECT g, 4, 'c' || g || '@example.com' FROM generate_series(1, 30) g;
  INSERT INTO orders (id, store_id, customer_id, total) SELECT g, 4, 1 + g % 30, g * 1.5 FROM generate_series(1, 200) g;
  UPDATE clients SET email = 'new7@example.com' WHERE id = 7;
  DELETE FROM clients WHERE id = 30;`;

const RENAMES = {
  mapTables: { customers: 'clients' },
  mapColumns: { 'customers.mail': 'email', 'orders.cust_id': 'customer_id' },
  ignoreColumns: ['*.updated_at'],
  tenantColumn: 'store_id',
};

const files = useTestPair('renames', (pair) =>
  Promise.all([runSql(pair.sourceUrl, SOURCE), runSql(pair.targetUrl, TARGET)]),
);

describe.each<Mode>(['fast', 'exact'])('renamed tables and columns in %s mode', (mode) => {
  it('compares each source table and column with its renamed target and reports only the real differences', async () => {
    const outDir = files.output.dir(`library-${mode}`);
    const summary = await verify({
      source: files.pair.sourceUrl,
      target: files.pair.targetUrl,
      mode,
      outDir,
      ...RENAMES,
    });
    expect(summary.tables.map((table) => [table.name, table.targetName ?? null, table.status])).toEqual([
      ['customers', 'clients', 'fail'],
      ['orders', null, 'fail'],
    ]);
    expect(tableResult(summary, 'customers')).toMatchObject({
      rows: { source: 30, target: 29 },
      diff: { missing: 1, extra: 0, changed: 1 },
      columns: {
        compared: ['id', 'store_id', 'mail'],
        sourceOnly: [],
        targetOnly: [],
        renamed: { mail: 'email' },
        ignored: ['updated_at'],
      },
    });
    const orders = tableResult(summary, 'orders');
    expect(orders.diff).toEqual({ missing: 0, extra: 0, changed: 0 });
    expect(orders.columns).toEqual({
      compared: ['id', 'store_id', 'cust_id', 'total'],
      sourceOnly: [],
      targetOnly: [],
      renamed: { cust_id: 'customer_id' },
      ignored: ['updated_at'],
    });
    // The source's key orders.cust_id -> customers.id is checked on the target as orders.customer_id -> clients.id.
    expect(orders.integrity).toEqual([
      {
        name: 'orders_cust_id_fkey',
        columns: ['customer_id'],
        references: { table: 'clients', columns: ['id'] },
        declaredOn: 'source',
        orphans: 6,
        crossTenant: 0,
      },
    ]);
    // The structure is compared under the new names too: the index on lower(mail) is the index on lower(email).
    expect(tableResult(summary, 'customers').structure).toEqual([]);
    expect(orders.structure).toEqual([
      {
        object: 'constraint',
        name: 'orders_cust_id_fkey',
        change: 'missing',
        severity: 'fail',
        source: 'FOREIGN KEY (cust_id) REFERENCES customers(id)',
        target: null,
      },
    ]);
    const { diffs } = await readReport(outDir);
    expect(sortDiffs(rowLines(diffs).filter((diff) => diff.table === 'customers'))).toEqual([
      changed('customers', '7', 'mail', 'c7@example.com', 'new7@example.com'),
      { table: 'customers', kind: 'missing', key: '30', column: null, sourceValue: null, targetValue: null },
    ]);
  });
});

describe.each<Mode>(['fast', 'exact'])('the rename and ignore flags of check in %s mode', (mode) => {
  it('show the renamed table as old → new and find the same differences as the library', async () => {
    const outDir = files.output.dir(`cli-${mode}`);
    const run = await runCli([
      ...checkArgs(files.pair),
      '--mode',
      mode,
      '--out',
      outDir,
      '--map-table',
      'customers=clients',
      '--map-column',
      'customers.mail=email',
      '--map-column',
      'orders.cust_id=customer_id',
      '--ignore-columns',
      '*.updated_at',
      '--tenant-column',
      'store_id',
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/│ customers → clients │\s+30 │\s+29 │\s+1 │\s+0 │\s+1 │/);
    const { summary } = await readReport(outDir);
    expect(summary.tables.map((table) => [table.name, table.diff, table.columns.ignored])).toEqual([
      ['customers', { missing: 1, extra: 0, changed: 1 }, ['updated_at']],
      ['orders', { missing: 0, extra: 0, changed: 0 }, ['updated_at']],
    ]);
  });
});

describe('without the rename flags', () => {
  it('reports the renamed table as missing and the renamed columns as lost', async () => {
    const summary = await verify({ source: files.pair.sourceUrl, target: files.pair.targetUrl });
    expect(summary.tables.map((table) => [table.name, table.reason ?? ''])).toEqual([
      ['clients', 'table missing in source'],
      ['customers', 'table missing in target'],
      [
        'orders',
        expect.stringMatching(/^columns only in source \(data lost\): cust_id; 0 missing, 0 extra, 200 changed rows/),
      ],
    ]);
  });
});

describe('a rename or ignore rule that names nothing', () => {
  it.each([
    [{ mapTables: { customers: 'cliens' } }, '--map-table customers=cliens: no target table named "cliens"'],
    [
      { mapTables: { customers: 'clients' }, mapColumns: { 'customers.mial': 'email' } },
      '--map-column customers.mial=email: source table customers has no column "mial"',
    ],
    [
      { mapTables: { customers: 'clients' }, mapColumns: { 'customers.mail': 'e_mail' } },
      '--map-column customers.mail=e_mail: target table clients has no column "e_mail"',
    ],
    [
      { ignoreColumns: ['orders.nope'] },
      '--ignore-columns orders.nope: table orders has no column "nope" on either side',
    ],
  ])('makes verify() throw a UsageError for %j, naming the entry', async (rules, message) => {
    await expect(verify({ source: files.pair.sourceUrl, target: files.pair.targetUrl, ...rules })).rejects.toThrow(
      new UsageError(message),
    );
  });

  it.each([
    [['--map-table', 'orders=typo'], '--map-table orders=typo: no target table named "typo"'],
    [
      ['--map-column', 'orders.cust_id=customer'],
      '--map-column orders.cust_id=customer: target table orders has no column "customer"',
    ],
    [
      ['--ignore-columns', 'orders.total,orders.nope'],
      '--ignore-columns orders.nope: table orders has no column "nope" on either side',
    ],
    [['--ignore-columns', 'nope.total'], '--ignore-columns nope.total: no table named "nope" on either side'],
  ])('makes check exit 2 for %j with one line naming the entry', async (flags, message) => {
    const run = await runCli([...checkArgs(files.pair), '--out', files.output.dir('typo'), ...flags]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`pgverify: ${message}\nRun 'pgverify check --help' for usage.\n`);
    expect(run.stdout).toBe('');
  });
});
