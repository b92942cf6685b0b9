import { describe, expect, it } from 'vitest';
import { checkArgs, runCli } from '../support/cli.js';
import { queryRows, runSql } from '../support/databases.js';
import { readReport, rowLines } from '../support/report.js';
import { edgeAndCrossVersions } from '../support/servers.js';
import { useTestPair } from '../support/test-pair.js';

// PostgreSQL 18's NOT NULL ... NOT VALID sets attnotnull while old rows may still be NULL: a row hash that
// trusted attnotnull would drop the NULL's constant, turn such a row's hash NULL on both sides, and sum()
// would skip it, whatever its other columns say. On older majors the column is plainly nullable.
const SCHEMA = 'CREATE TABLE notes (id integer PRIMARY KEY, note text, amount integer NOT NULL);';

async function notNullNotValid(url: string): Promise<void> {
  const [row] = await queryRows<{ version: number }>(
    url,
    "SELECT current_setting('server_version_num')::int AS version",
  );
  if (row!.version >= 180000)
    await runSql(url, 'ALTER TABLE notes ADD CONSTRAINT notes_note_nn NOT NULL note NOT VALID;');
}

describe.each(edgeAndCrossVersions())('a NOT NULL NOT VALID column holding NULLs, PostgreSQL $label', (servers) => {
  const files = useTestPair(
    'not_null_not_valid',
    async (pair) => {
      await runSql(pair.sourceUrl, `${SCHEMA} INSERT INTO notes VALUES (1, 'a', 10), (2, NULL, 20), (3, 'c', 30);`);
      await runSql(pair.targetUrl, `${SCHEMA} INSERT INTO notes VALUES (1, 'a', 10), (2, NULL, 21), (3, 'c', 30);`);
      await notNullNotValid(pair.sourceUrl);
      await notNullNotValid(pair.targetUrl);
    },
    servers,
  );

  it.each(['fast', 'exact'])('finds the changed row whose note is NULL, in %s mode', async (mode) => {
    const out = files.output.dir(mode);
    const run = await runCli([...checkArgs(files.pair), '--mode', mode, '--out', out, '--quiet', '--no-checks']);
    expect(run.code).toBe(1);
    const { summary, diffs } = await readReport(out);
    expect(summary.tables.map((table) => [table.name, table.diff])).toEqual([
      ['notes', { missing: 0, extra: 0, changed: 1 }],
    ]);
    // Across versions the structure also notes the constraint only the newer side has; the rows are what matter here.
    expect(
      rowLines(diffs).map((line) => [line.kind, line.key, line.column, line.sourceValue, line.targetValue]),
    ).toEqual([['changed', '2', 'amount', '20', '21']]);
  });
});
