import { openHistory, type HistoryRecorder } from '../history/recorder.js';
import { singleRunName } from '../history/run-name.js';
import type { RunHistory } from '../history/types.js';
import { unfinished, type Summary } from '../summary.js';
import { resolveOptions, type VerifyOptions } from './options.js';

/** Where a run is recorded: the batch's (or the single run's) history recorder, and the run's name there. */
export interface RunRecording {
  readonly recorder: HistoryRecorder;
  readonly name: string;
}

/** A run's summary after recording it, and its recent history read back (for report.html's charts). */
export interface Recorded<S extends Summary> {
  readonly summary: S;
  readonly history?: RunHistory;
}

/**
 * Records the run when there is a history; a failure to write becomes the summary's historyError, never a throw.
 * A run interrupted before it finished a table is not recorded: it says nothing of the data, and the history's
 * strips would show it as an error.
 */
export async function recordRun<S extends Summary>(
  recording: RunRecording | undefined,
  summary: S,
): Promise<Recorded<S>> {
  if (recording === undefined) return { summary };
  if (summary.interrupted === true && summary.tables.every(unfinished)) return { summary };
  const outcome = await recording.recorder.record(recording.name, summary);
  return 'error' in outcome
    ? { summary: { ...summary, historyError: outcome.error } }
    : { summary, history: outcome.history };
}

/**
 * Runs `work` with the recording of a single run (a plain `check`): none without `history`; otherwise the
 * history database, refused when it is the source's or the target's, is open for the run and closed after it.
 */
export async function withSingleRunHistory<T>(
  options: VerifyOptions,
  work: (recording: RunRecording | undefined) => Promise<T>,
): Promise<T> {
  if (options.history === undefined) return work(undefined);
  const resolved = resolveOptions(options);
  const compared = [
    { side: 'source' as const, url: resolved.source },
    { side: 'target' as const, url: resolved.target },
  ];
  const recorder = await openHistory(options.history, compared, resolved);
  try {
    return await work({ recorder, name: singleRunName(resolved) });
  } finally {
    await recorder.close();
  }
}
