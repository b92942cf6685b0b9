import { describe, expect, it } from 'vitest';
import type { HistoryRecorder } from '../../../src/history/recorder.js';
import { INTERRUPTED, uncheckedTable, type Summary } from '../../../src/summary.js';
import { recordRun } from '../../../src/verify/run-history.js';

/** A recorder that keeps the names it was asked to record (what it writes is the history tests' concern). */
function recorder(): { recorded: string[]; recording: { recorder: HistoryRecorder; name: string } } {
  const recorded: string[] = [];
  const fake = {
    record: (name: string) => {
      recorded.push(name);
      return Promise.resolve({ history: { runs: [] } });
    },
  } as unknown as HistoryRecorder;
  return { recorded, recording: { recorder: fake, name: 'stores:4' } };
}

const passed = { ...uncheckedTable('orders', '', 3), status: 'pass' as const, reason: undefined };

const summary = (extra: Partial<Summary>): Summary =>
  ({ status: 'error', reason: 'interrupted', tables: [], ...extra }) as unknown as Summary;

describe('recordRun', () => {
  it('records nothing of a run interrupted before it finished a table: it says nothing of the data', async () => {
    const { recorded, recording } = recorder();
    const result = await recordRun(recording, summary({ interrupted: true }));
    // Stopped in the middle of its tables, none of which finished: each only says `interrupted`.
    await recordRun(
      recording,
      summary({
        interrupted: true,
        tables: [uncheckedTable('orders', INTERRUPTED, 5), uncheckedTable('items', INTERRUPTED, 0)],
      }),
    );
    expect(recorded).toEqual([]);
    expect(result.history).toBeUndefined();
  });

  it('records a run that failed to start for another reason, and an interrupted run that finished a table', async () => {
    const { recorded, recording } = recorder();
    await recordRun(recording, summary({ reason: 'target: schema "store_4" does not exist' }));
    await recordRun(
      recording,
      summary({ interrupted: true, tables: [passed, uncheckedTable('items', INTERRUPTED, 0)] }),
    );
    await recordRun(
      recording,
      summary({ interrupted: true, tables: [uncheckedTable('audit', 'permission denied', 1)] }),
    );
    expect(recorded).toEqual(['stores:4', 'stores:4', 'stores:4']);
  });
});
