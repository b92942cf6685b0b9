import fc from 'fast-check';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { verify } from '../../src/index.js';
import type { Mode } from '../../src/summary.js';
import { targetRows, type OracleCase, type OracleRow, oracleCases } from '../support/oracle/cases.js';
import { expectedDiff } from '../support/oracle/expected.js';
import type { OracleType } from '../support/oracle/values.js';
import { readReport, rowLines, sortDiffs } from '../support/report.js';
import { oneCrossVersion } from '../support/servers.js';
import { useTestPair } from '../support/test-pair.js';

// A bounded number of cases in CI; PGVERIFY_ORACLE_RUNS=500 npx vitest run test/integration/oracle.test.ts locally.
const RUNS = Number(process.env.PGVERIFY_ORACLE_RUNS ?? 15);

let caseNumber = 0;

// On one migration across versions: the oldest major as source, the newest as target.
const files = useTestPair('oracle', undefined, oneCrossVersion());

const KEY_COLUMNS: Record<OracleCase['keyKind'], string> = {
  int: 'k int4, ',
  text: 'k text, ',
  uuid: 'k uuid, ',
  composite: 'region text, id int4, ',
  none: '',
};
const PRIMARY_KEY: Record<OracleCase['keyKind'], string> = {
  int: ', PRIMARY KEY (k)',
  text: ', PRIMARY KEY (k)',
  uuid: ', PRIMARY KEY (k)',
  composite: ', PRIMARY KEY (region, id)',
  none: '',
};

/** Filler keys that no generated key can take. */
const FILLER_KEY: Record<OracleCase['keyKind'], string> = {
  int: '2000000 + g, ',
  text: "'~filler' || g, ",
  uuid: "md5('filler' || g)::uuid, ",
  composite: "'~filler', g, ",
  none: '',
};

function columnType(type: OracleType, side: 'source' | 'target', widen: boolean): string {
  if (widen && type === 'int4' && side === 'target') return 'int8';
  if (widen && type === 'text' && side === 'source') return 'varchar(100)';
  return type;
}

async function load(
  pool: pg.Pool,
  schema: string,
  oracle: OracleCase,
  side: 'source' | 'target',
  rows: readonly OracleRow[],
): Promise<void> {
  const columns = oracle.types.map((type, index) => `c${index} ${columnType(type, side, oracle.widen)}`).join(', ');
  await pool.query(
    `CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (${KEY_COLUMNS[oracle.keyKind]}${columns}${PRIMARY_KEY[oracle.keyKind]})`,
  );
  const nulls = oracle.types.map(() => ', NULL').join('');
  if (oracle.bulk > 0)
    await pool.query(
      `INSERT INTO ${schema}.t SELECT ${FILLER_KEY[oracle.keyKind]}${nulls.slice(2)} FROM generate_series(1, $1::int) AS g`,
      [oracle.bulk],
    );
  if (rows.length === 0) return;
  const width = rows[0]!.key.length + oracle.types.length;
  const placeholders = rows.map(
    (_, row) => `(${Array.from({ length: width }, (__, column) => `$${row * width + column + 1}`).join(', ')})`,
  );
  await pool.query(
    `INSERT INTO ${schema}.t VALUES ${placeholders.join(', ')}`,
    rows.flatMap((row) => [...row.key, ...row.values]),
  );
}

describe('fast mode, exact mode and a naive in-memory comparison agree', () => {
  it(`on ${RUNS} random tables and random migrations`, async () => {
    await fc.assert(
      fc.asyncProperty(oracleCases, async (oracle) => {
        const schema = `oracle_${++caseNumber}`;
        await Promise.all([
          load(files.pair.source, schema, oracle, 'source', oracle.source),
          load(files.pair.target, schema, oracle, 'target', targetRows(oracle)),
        ]);
        const expected = expectedDiff(oracle);
        const reports = [];
        for (const mode of ['fast', 'exact'] as Mode[]) {
          const outDir = files.output.dir(`${schema}-${mode}`);
          const summary = await verify({
            source: files.pair.sourceUrl,
            target: files.pair.targetUrl,
            sourceSchema: schema,
            mode,
            outDir,
            maxDiffRows: 10_000,
          });
          const table = summary.tables[0]!;
          expect(table.status, `${mode}: ${table.reason}`).not.toBe('error');
          expect(table.diff, mode).toEqual({
            missing: expected.missing,
            extra: expected.extra,
            changed: expected.changed,
          });
          reports.push(await readReport(outDir));
        }
        const [fast, exact] = reports.map((report) =>
          sortDiffs(rowLines(report.diffs).filter((diff) => diff.table === 't')),
        );
        expect(fast).toEqual(exact);
        if (oracle.keyKind !== 'none') {
          expect(exact!.map((diff) => `${diff.kind} ${diff.key} ${diff.column ?? ''}`).sort()).toEqual(expected.lines);
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  }, 600_000);
});
