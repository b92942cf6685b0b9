import { describe, expect, it } from 'vitest';
import { verify } from '../../src/index.js';
import { runSql } from '../support/databases.js';
import { oneCrossVersion } from '../support/servers.js';
import { useTestPair } from '../support/test-pair.js';

// A schema of more small tables than one statement reads (100 each): fast mode plans and reads them in parts,
// each part's statements sent before the next part is planned. Differences in the second and third parts
// are found as in the first, and every table is reported once, in order.
const TABLES = 230;
const name = (index: number) => `t_${String(index).padStart(3, '0')}`;
const schema = Array.from(
  { length: TABLES },
  (_, index) => `CREATE TABLE ${name(index + 1)} (id int PRIMARY KEY, store_id int NOT NULL, label text);
   INSERT INTO ${name(index + 1)} SELECT g, 1 + g % 3, 'row ' || g FROM generate_series(1, 20) g;`,
).join('\n');
const CHANGES = `
  DELETE FROM ${name(7)} WHERE id = 3;
  UPDATE ${name(150)} SET label = 'changed' WHERE id = 11;
  INSERT INTO ${name(229)} VALUES (99, 2, 'extra');`;

describe.each([oneCrossVersion()])('a run of $label over 230 small tables', (servers) => {
  const files = useTestPair(
    'many_tables',
    (pair) => Promise.all([runSql(pair.sourceUrl, schema), runSql(pair.targetUrl, `${schema}\n${CHANGES}`)]),
    servers,
  );

  it('finds the differences of every part and reports each table once, in order', async () => {
    const summary = await verify({
      source: files.pair.sourceUrl,
      target: files.pair.targetUrl,
      mode: 'fast',
      tenantColumn: 'store_id',
      tenants: ['1', '2', '3'],
    });
    expect(summary.tables.map((table) => table.name)).toEqual(
      Array.from({ length: TABLES }, (_, index) => name(index + 1)),
    );
    const differing = summary.tables
      .filter((table) => table.status !== 'pass')
      .map((table) => [table.name, table.status, table.diff.missing, table.diff.extra, table.diff.changed]);
    expect(differing).toEqual([
      [name(7), 'fail', 1, 0, 0],
      [name(150), 'fail', 0, 0, 1],
      [name(229), 'fail', 0, 1, 0],
    ]);
    expect(summary.status).toBe('fail');
  });
});
