import { exactFloorOf } from './floors.js';
import { megabytes } from './measure.js';
import type { ScenarioResult, SizeResult } from './suite.js';

/** A scenario's figures held against the targets. */
export interface Verdict {
  /** Best seconds of the tool divided by best seconds of its floor: what the targets are about. */
  readonly ratio: number;
  /** The median of each run's ratio to the floor measured just before it; near `ratio` on a steady machine. */
  readonly pairedMedian: number;
  /**
   * PASS: every target met; MISS: a target missed; WRONG: the tool's answer was wrong in some run;
   * MEASURED: a right answer in a scenario without targets.
   */
  readonly status: 'PASS' | 'MISS' | 'WRONG' | 'MEASURED';
  /** What was missed or wrong, for the table and the JSON. */
  readonly notes: readonly string[];
}

/** Judges one scenario against the floor measured in the same run. */
export function judge(result: ScenarioResult, size: SizeResult): Verdict {
  const floor = result.scenario.floor === 'fast' ? size.floors.fast : exactFloorOf(size.floors)?.value;
  const ratio = floor === undefined ? Number.NaN : result.timing.best / floor.best;
  const pairedMedian = median(result.pairedRatios);
  if (result.problems.length > 0) return { ratio, pairedMedian, status: 'WRONG', notes: [...new Set(result.problems)] };
  const { maxRatio, maxRssBytes } = result.scenario;
  if (maxRatio === undefined && maxRssBytes === undefined)
    return { ratio, pairedMedian, status: 'MEASURED', notes: [] };
  const notes: string[] = [];
  if (maxRatio !== undefined && !(ratio <= maxRatio)) notes.push(`ratio ${ratio.toFixed(2)}x > ${maxRatio}x`);
  if (maxRssBytes !== undefined) {
    if (result.peakRssBytes === null) notes.push('peak RSS not measured');
    else if (result.peakRssBytes >= maxRssBytes)
      notes.push(`peak RSS ${megabytes(result.peakRssBytes)} >= ${megabytes(maxRssBytes)}`);
  }
  return { ratio, pairedMedian, status: notes.length === 0 ? 'PASS' : 'MISS', notes };
}

function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
