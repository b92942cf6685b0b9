import type { RunHistory } from '../history/types.js';
import type { HistoryRecorder } from '../history/recorder.js';
import type { Summary } from '../summary.js';

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

/** Records the run when there is a history; a failure to write becomes the summary's historyError, never a throw. */
export async function recordRun<S extends Summary>(
  recording: RunRecording | undefined,
  summary: S,
): Promise<Recorded<S>> {
  if (recording === undefined) return { summary };
  const outcome = await recording.recorder.record(recording.name, summary);
  return 'error' in outcome
    ? { summary: { ...summary, historyError: outcome.error } }
    : { summary, history: outcome.history };
}
