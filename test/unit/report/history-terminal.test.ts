import { describe, expect, it } from 'vitest';
import { renderHistory } from '../../../src/report/history-terminal.js';

const empty = { since: '2026-11-01T00:00:00.000Z', runs: [] };

describe('pgverify history with nothing to show', () => {
  it('says that nothing was recorded in the period', () => {
    expect(renderHistory(empty, { color: false })).toMatch(/: 0 runs; nothing recorded in this period\.$/);
  });

  it('says when the database holds no history at all, a mistyped --history being the likely cause', () => {
    expect(renderHistory({ ...empty, recorded: false }, { color: false })).toMatch(
      /: 0 runs; this database holds no pgverify history \(no schema pgverify\): is it the one `check --history` writes to\?$/,
    );
  });

  it('names the run asked for with --run, so that a mistyped name is seen for one', () => {
    expect(renderHistory(empty, { color: false, run: 'store:4' })).toMatch(
      /: 0 runs; no run named "store:4" was recorded in this period \(runs are named as check names them/,
    );
  });
});
