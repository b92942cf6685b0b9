import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { recheck, verify, type Summary } from '../../src/index.js';
import { databaseUrl, runSql } from '../support/databases.js';
import { REPAIR_CASES, type RepairCase } from '../support/repair-cases.js';
import { everyVersion, oneCrossVersion, serverUrl, type ServerPair } from '../support/servers.js';
import { useTestPair } from '../support/test-pair.js';

// fix.sql is applied to a copy of the target, built again from its fixture in a database of its own, with
// the pg client running the whole file as one transaction (a multi-statement simple query), as `psql -1` does.

/** The oldest and newest started major and one migration across them. */
function repairServers(): ServerPair[] {
  const every = everyVersion();
  const pairs = [every[0]!, every.at(-1)!, oneCrossVersion()];
  return pairs.filter((pair, index) => pairs.findIndex((other) => other.label === pair.label) === index);
}

/** A run's differing keys as sorted lines of keys.jsonl; none when it wrote no keys.jsonl. */
async function keyLines(dir: string): Promise<string[]> {
  const text = await readFile(join(dir, 'keys.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .sort();
}

/** Runs `work` with PGPASSWORD set, as a user of recheck.json's password-less connection strings does. */
async function withPassword<T>(password: string, work: () => Promise<T>): Promise<T> {
  const before = process.env.PGPASSWORD;
  process.env.PGPASSWORD = decodeURIComponent(password);
  try {
    return await work();
  } finally {
    if (before === undefined) delete process.env.PGPASSWORD;
    else process.env.PGPASSWORD = before;
  }
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** Rows that still differ per table after the repair, and sequences still lagging. */
function leftOver(summary: Summary) {
  return summary.tables.flatMap((table) => [
    ...(table.diff.missing + table.diff.extra + table.diff.changed > 0
      ? [`${table.name}: ${JSON.stringify(table.diff)}`]
      : []),
    ...table.sequences
      .filter((found) => found.status === 'fail')
      .map((found) => `${table.name}: sequence ${found.name}`),
    ...(table.status === 'error' ? [`${table.name}: ${table.reason}`] : []),
  ]);
}

describe.each(repairServers())('on PostgreSQL $label', (servers) => {
  describe.each(REPAIR_CASES.map((found) => [found.name, found] as const))('%s', (_name, repairCase: RepairCase) => {
    const files = useTestPair(
      `repair_${repairCase.name.replace(/[^a-z]+/gi, '_').slice(0, 20)}`,
      repairCase.load,
      servers,
    );
    const adminUrl = () => serverUrl(servers.target);
    const copyName = `repaired_${randomBytes(4).toString('hex')}`;
    let copyUrl = '';
    const runs: Partial<Record<'first' | 'recheckTarget' | 'repaired' | 'recheckCopy', Summary>> = {};

    beforeAll(async () => {
      const options = { ...repairCase.options, mode: repairCase.mode };
      const dir = files.output.dir('first');
      runs.first = await verify({
        source: files.pair.sourceUrl,
        target: files.pair.targetUrl,
        ...options,
        outDir: dir,
      });
      // Against the run's own pair: the connection strings recheck.json kept, the password from the environment.
      runs.recheckTarget = await withPassword(new URL(files.pair.targetUrl).password, () =>
        recheck({ dir, outDir: files.output.dir('recheck-target') }),
      );
      await runSql(adminUrl(), `CREATE DATABASE ${copyName}`);
      copyUrl = databaseUrl(adminUrl(), copyName);
      await repairCase.buildTarget(copyUrl);
      await runSql(copyUrl, await readFile(join(dir, 'fix.sql'), 'utf8'));
      runs.repaired = await verify({
        source: files.pair.sourceUrl,
        target: copyUrl,
        ...options,
        outDir: files.output.dir('repaired'),
      });
      runs.recheckCopy = await recheck({
        dir,
        source: files.pair.sourceUrl,
        target: copyUrl,
        outDir: files.output.dir('recheck-copy'),
      });
    }, 300_000);

    afterAll(async () => {
      await runSql(adminUrl(), `DROP DATABASE IF EXISTS ${copyName} WITH (FORCE)`);
    });

    it('finds differences and writes fix.sql, the complete keys and the options without a password', async () => {
      const dir = files.output.dir('first');
      expect(leftOver(runs.first!)).not.toEqual([]);
      const fix = await readFile(join(dir, 'fix.sql'), 'utf8');
      expect(fix).toContain("SET TIME ZONE 'UTC';");
      const saved = await readFile(join(dir, 'recheck.json'), 'utf8');
      expect(saved).not.toMatch(/password|:[^:@/]+@/);
      const keyedTables = new Set(runs.first!.tables.filter((table) => table.key !== null).map((table) => table.name));
      const listed = runs
        .first!.tables.filter((table) => keyedTables.has(table.name))
        .reduce((sum, table) => sum + table.diff.missing + table.diff.extra + table.diff.changed, 0);
      const keyed = (await keyLines(dir)).filter((line) =>
        keyedTables.has((JSON.parse(line) as { table: string }).table),
      );
      expect(keyed).toHaveLength(listed);
    });

    it('leaves no data difference once fix.sql is applied to a copy of the target', () => {
      expect(leftOver(runs.repaired!)).toEqual([]);
    });

    it('rechecks the same keys against the untouched target', async () => {
      expect(await keyLines(files.output.dir('recheck-target'))).toEqual(await keyLines(files.output.dir('first')));
      expect(runs.recheckTarget!.status).toBe('fail');
    });

    it('rechecks no difference against the repaired copy', async () => {
      expect(leftOver(runs.recheckCopy!)).toEqual([]);
      expect(runs.recheckCopy!.status).toBe('pass');
      expect(await exists(join(files.output.dir('recheck-copy'), 'fix.sql'))).toBe(false);
    });
  });
});
