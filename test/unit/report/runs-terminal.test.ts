import { describe, expect, it } from 'vitest';
import { renderRollup, renderRuns } from '../../../src/report/runs-terminal.js';
import type { RunSummary, RunsSummary, Status } from '../../../src/summary.js';

function run(name: string, status: Status, reason?: string): RunSummary {
  return {
    name,
    dir: name.replace(':', '_'),
    status,
    ...(reason !== undefined ? { reason } : {}),
    mode: 'fast',
    source: 'postgresql://a/db',
    target: 'postgresql://b/db',
    sourceSchema: 'public',
    targetSchema: 'public',
    sourceServer: null,
    targetServer: null,
    pgverifyVersion: '0.1.0',
    commandLine: null,
    startedAt: '2024-05-01T10:00:00.000Z',
    finishedAt: '2024-05-01T10:00:01.000Z',
    tables:
      reason !== undefined
        ? []
        : [
            {
              name: 'orders',
              status,
              rows: { source: 3, target: 3 },
              diff: { missing: 0, extra: 0, changed: status === 'fail' ? 1 : 0 },
              columns: { compared: ['id'], sourceOnly: [], targetOnly: [] },
              key: ['id'],
              warnings: [],
              integrity: [],
              sequences: [],
              durationMs: 5,
            },
          ],
  };
}

function runs(entries: RunSummary[], status: Status): RunsSummary {
  return {
    status,
    pgverifyVersion: '0.1.0',
    commandLine: null,
    startedAt: '2024-05-01T10:00:00.000Z',
    finishedAt: '2024-05-01T10:01:05.000Z',
    runs: entries,
  };
}

describe('renderRuns', () => {
  it('shows a passing run as one line, a failing run with its table, one that checked nothing by its reason, and the roll-up last', () => {
    const text = renderRuns(
      runs(
        [
          run('catalog', 'pass'),
          run('stores:1', 'pass'),
          run('stores:2', 'fail'),
          run('stores:3', 'error', 'target: schema "store_3" does not exist'),
        ],
        'error',
      ),
      { color: false },
    );
    const blocks = text.split('\n\n');
    expect(blocks).toHaveLength(4);
    expect(blocks[0]).toBe(
      'run catalog: PASS: 1 table identical (mode fast, 1.0 s)\nrun stores:1: PASS: 1 table identical (mode fast, 1.0 s)',
    );
    expect(blocks[1]!.split('\n')[0]).toBe('run stores:2');
    expect(blocks[1]).toContain('│ orders │');
    expect(blocks[1]!.split('\n').at(-1)).toMatch(/^FAIL: 1 of 1 table differs/);
    expect(blocks[2]).toBe('run stores:3\nERROR: target: schema "store_3" does not exist');
    expect(blocks[3]).toBe(
      'ERROR: 1 of 4 runs could not be checked (stores:3): target: schema "store_3" does not exist; 1 of 4 runs differs (stores:2); 2 pass (1 min 5 s)',
    );
  });

  it('shows the table of a config of one run, passing or not', () => {
    const text = renderRuns(runs([run('catalog', 'pass')], 'pass'), { color: false });
    expect(text.split('\n')[0]).toBe('run catalog');
    expect(text).toContain('│ orders │');
  });
});

describe('renderRollup', () => {
  it('says every run passes, or names the runs that differ and could not be checked', () => {
    expect(renderRollup(runs([run('a', 'pass'), run('b', 'pass')], 'pass'), { color: false })).toBe(
      'PASS: all 2 runs pass (1 min 5 s)',
    );
    expect(renderRollup(runs([run('a', 'pass')], 'pass'), { color: false })).toBe('PASS: the run passes (1 min 5 s)');
    expect(
      renderRollup(runs([run('s:1', 'fail'), run('s:2', 'fail'), run('s:3', 'pass')], 'fail'), { color: false }),
    ).toBe('FAIL: 2 of 3 runs differ (s:1, s:2); 1 passes (1 min 5 s)');
    expect(
      renderRollup(
        {
          ...runs(
            [run('s:1', 'pass'), run('s:2', 'error', 'interrupted'), run('s:3', 'error', 'interrupted')],
            'error',
          ),
          interrupted: true,
        },
        { color: false },
      ),
    ).toBe('ERROR: interrupted: 2 of 3 runs could not be checked (s:2, s:3): interrupted; 1 passes (1 min 5 s)');
  });

  it("gives the runs' reason when every run that checked nothing failed for the same one", () => {
    const down = 'source: could not connect to the server';
    expect(
      renderRollup(runs([run('s:1', 'error', down), run('s:2', 'error', down), run('s:3', 'pass')], 'error'), {
        color: false,
      }),
    ).toBe(`ERROR: 2 of 3 runs could not be checked (s:1, s:2): ${down}; 1 passes (1 min 5 s)`);
    expect(
      renderRollup(
        runs([run('s:1', 'error', down), run('s:2', 'error', 'target: schema "s2" does not exist')], 'error'),
        {
          color: false,
        },
      ),
    ).toBe('ERROR: 2 of 2 runs could not be checked (s:1, s:2) (1 min 5 s)');
  });

  it('adds up the rows that runs in error found in the tables they compared before a check failed', () => {
    const locked = run('s:2', 'error');
    const differing = { ...locked.tables[0]!, diff: { missing: 1, extra: 0, changed: 2 } };
    const failedCheck = { ...differing, reason: 'target: foreign key fk: canceling statement due to lock timeout' };
    const stores = [run('s:1', 'pass'), { ...locked, tables: [failedCheck] }, run('s:3', 'fail')];
    expect(renderRollup(runs(stores, 'error'), { color: false })).toBe(
      'ERROR: 1 of 3 runs could not be checked (s:2), the tables they compared found 1 missing, 0 extra, 2 changed rows; 1 of 3 runs differs (s:3); 1 passes (1 min 5 s)',
    );
  });

  it('names at most five runs and counts the rest', () => {
    const failing = Array.from({ length: 8 }, (_, index) => run(`s:${index + 1}`, 'fail'));
    expect(renderRollup(runs(failing, 'fail'), { color: false })).toBe(
      'FAIL: 8 of 8 runs differ (s:1, s:2, s:3, s:4, s:5 and 3 more) (1 min 5 s)',
    );
  });

  it('colours the label only when asked', () => {
    expect(renderRollup(runs([run('a', 'fail')], 'fail'), { color: true })).toMatch(
      /^\u001b\[31mFAIL\u001b\[39m: 1 of 1 run differs \(a\)/,
    );
  });
});
