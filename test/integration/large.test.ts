import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verify } from '../../src/index.js';
import type { Mode, Summary } from '../../src/summary.js';
import { createDatabasePair, type DatabasePair } from '../support/databases.js';
import { LARGE_DEFAULT_ROWS, largeChangedRow, loadLargePair } from '../support/fixtures.js';
import { createOutputRoot } from '../support/output-dir.js';
import { changed, facts, readReport, tableFacts, type WrittenReport } from '../support/report.js';

// PGVERIFY_LARGE_ROWS shrinks the table for a quick local run; CI uses the default.
const ROWS = Number(process.env.PGVERIFY_LARGE_ROWS ?? LARGE_DEFAULT_ROWS);
const changedRow = largeChangedRow(ROWS);

let pair: DatabasePair;
let output: Awaited<ReturnType<typeof createOutputRoot>>;

beforeAll(async () => {
  pair = await createDatabasePair('large');
  output = await createOutputRoot('large');
  await loadLargePair(pair, ROWS);
});

afterAll(async () => {
  await pair?.drop();
  await output?.remove();
});

describe.each<Mode>(['fast', 'exact'])(`verifying ${ROWS} rows with one changed value in %s mode`, (mode) => {
  let summary: Summary;
  let report: WrittenReport;

  beforeAll(async () => {
    const outDir = output.dir(mode);
    summary = await verify({ source: pair.sourceUrl, target: pair.targetUrl, mode, outDir });
    report = await readReport(outDir);
  });

  it('counts every row on both sides and finds the one changed row', () => {
    expect(summary.status).toBe('fail');
    expect(tableFacts(summary)).toEqual({ events: facts('fail', [ROWS, ROWS], [0, 0, 1], ['id']) });
  });

  it('reports only the changed body of the middle row', () => {
    expect(report.diffs).toEqual([changed('events', changedRow.id, 'body', changedRow.sourceBody, changedRow.targetBody)]);
  });
});
