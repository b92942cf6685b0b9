import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { verify, type VerifyOptions } from '../../src/index.js';
import { runSql } from '../support/databases.js';
import { readReport, tableResult } from '../support/report.js';
import { edgeAndCrossVersions } from '../support/servers.js';
import { useTestPair } from '../support/test-pair.js';

// A check that cannot run after the comparison finished must not take the comparison's findings with it: here the
// foreign-key check of `items` meets another session's DDL lock on `parents` and gives up after --lock-timeout,
// after its tenant check found a row of another tenant.
// (With the structure compared, the catalog read finds `parents` locked first and the key is skipped instead.)
const SCHEMA = `
  CREATE TABLE parents (id int PRIMARY KEY);
  INSERT INTO parents SELECT generate_series(1, 10);
  CREATE TABLE items (id int PRIMARY KEY, parent_id int REFERENCES parents (id), label text, tenant_id int);
  INSERT INTO items SELECT g, g % 10 + 1, 'item ' || g, 1 FROM generate_series(1, 200) g;`;
const EDGES = edgeAndCrossVersions().filter((servers) => servers.source === servers.target);

describe.each(EDGES)('a check that cannot run, PostgreSQL $label', (servers) => {
  const files = useTestPair(
    'check_failure',
    async (pair) => {
      await runSql(pair.sourceUrl, SCHEMA);
      await runSql(
        pair.targetUrl,
        `${SCHEMA} UPDATE items SET label = 'moved' WHERE id = 77; DELETE FROM items WHERE id = 5; UPDATE items SET tenant_id = 2 WHERE id = 150;`,
      );
    },
    servers,
  );

  /**
   * Runs verify on items and parents while another session holds parents under DDL; `options` add to the run's.
   * parents is in the run: a key into a table left out of it is not checked at all. Without the structure, no
   * catalog read finds parents locked first.
   */
  const runWhileParentsLocked = async (name: string, options: Partial<VerifyOptions>) => {
    const locker = new pg.Client({ connectionString: files.pair.targetUrl });
    await locker.connect();
    try {
      await locker.query('BEGIN; LOCK TABLE parents IN ACCESS EXCLUSIVE MODE');
      const outDir = files.output.dir(name);
      const summary = await verify({
        source: files.pair.sourceUrl,
        target: files.pair.targetUrl,
        tables: ['items', 'parents'],
        lockTimeout: 0.5,
        structure: false,
        outDir,
        ...options,
      });
      return { summary, diffs: (await readReport(outDir)).diffs };
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  };

  it('leaves the compared rows, their counts and their lines, beside the error that names the check', async () => {
    // The tenant check runs before the foreign key's, and finds row 150.
    const { summary, diffs } = await runWhileParentsLocked('locked-parent', { tenants: ['1'] });
    const items = tableResult(summary, 'items');
    expect(items).toMatchObject({
      rows: { source: 200, target: 199 },
      diff: { missing: 1, extra: 0, changed: 2 },
      tenant: { unexpected: 1 },
      integrity: [],
    });
    expect(items.status).toBe('error');
    expect(items.reason).toBe('target: foreign key items_parent_id_fkey: canceling statement due to lock timeout');
    expect(summary.status).toBe('error');
    // parents, whose own rows wait for the lock, is an error without counts on every major.
    expect(tableResult(summary, 'parents')).toMatchObject({ status: 'error', rows: { source: null, target: null } });
    const rowLines = diffs.filter((diff) => diff.table === 'items' && diff.kind !== 'structure');
    expect(rowLines.map((diff) => [diff.kind, diff.key])).toEqual([
      ['missing', '5'],
      ['changed', '77'],
      ['changed', '150'],
      ['tenant_unexpected', '150'],
    ]);
  });

  it('with --recheck-after, whose held rows an error is not read again for, reports no counts', async () => {
    const { summary, diffs } = await runWhileParentsLocked('locked-parent-recheck', { recheckAfter: 0.1 });
    expect(tableResult(summary, 'items')).toMatchObject({
      status: 'error',
      reason: 'target: foreign key items_parent_id_fkey: canceling statement due to lock timeout',
      rows: { source: null, target: null },
    });
    expect(diffs.filter((diff) => diff.table === 'items')).toEqual([]);
  });
});
