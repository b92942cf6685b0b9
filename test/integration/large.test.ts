import { describe, expect, it } from 'vitest';
import type { Mode } from '../../src/summary.js';
import { LARGE_DEFAULT_ROWS, largeChangedRow, loadLargePair } from '../support/fixtures.js';
import { changed, facts, tableFacts } from '../support/report.js';
import { useTestPair, useVerifiedRun } from '../support/test-pair.js';

// PGVERIFY_LARGE_ROWS shrinks the table for a quick local run; CI uses the default.
const ROWS = Number(process.env.PGVERIFY_LARGE_ROWS ?? LARGE_DEFAULT_ROWS);
const changedRow = largeChangedRow(ROWS);

const files = useTestPair('large', (pair) => loadLargePair(pair, ROWS));

describe.each<Mode>(['fast', 'exact'])(`verifying ${ROWS} rows with one changed value in %s mode`, (mode) => {
  const run = useVerifiedRun(files, mode);

  it('counts every row on both sides and finds the one changed row', () => {
    expect(run.summary.status).toBe('fail');
    expect(tableFacts(run.summary)).toEqual({ events: facts('fail', [ROWS, ROWS], [0, 0, 1], ['id']) });
  });

  it('reports only the changed body of the middle row', () => {
    expect(run.report.diffs).toEqual([
      changed('events', changedRow.id, 'body', changedRow.sourceBody, changedRow.targetBody),
    ]);
  });
});
