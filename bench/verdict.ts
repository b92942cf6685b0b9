import { exactFloorOf } from './floors.js';
import { megabytes } from './measure.js';
import type { ScenarioResult, SizeResult } from './suite.js';

/** A scenario's figures held against the targets. */
export interface Verdict {
  /**
   * Best seconds of the tool divided by the best of its floor runs measured just before each of the tool's runs:
   * what the targets are about. As many floors as tool runs, since the best of more runs is lower by
   * chance alone (the fast floor runs before four scenarios: its best of 20 against a tool's best of 5 flatters
   * the floor by a few per cent).
   */
  readonly ratio: number;
  /** Best seconds of the tool over the best of every floor run of its kind in the run, shown beside `ratio`. */
  readonly ratioToBestFloor: number;
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
  const ratioToBestFloor = floor === undefined ? Number.NaN : result.timing.best / floor.best;
  // Results recorded before the floors were kept per scenario are judged as they were then.
  const ownFloors = result.floorSeconds ?? [];
  const ratio = ownFloors.length > 0 ? result.timing.best / Math.min(...ownFloors) : ratioToBestFloor;
  const pairedMedian = median(result.pairedRatios);
  const figures = { ratio, ratioToBestFloor, pairedMedian };
  if (result.problems.length > 0) return { ...figures, status: 'WRONG', notes: [...new Set(result.problems)] };
  const { maxRatio, maxRssBytes } = result.scenario;
  if (maxRatio === undefined && maxRssBytes === undefined) return { ...figures, status: 'MEASURED', notes: [] };
  const notes: string[] = [];
  if (maxRatio !== undefined && !(ratio <= maxRatio)) notes.push(`ratio ${ratio.toFixed(2)}x > ${maxRatio}x`);
  if (maxRssBytes !== undefined) {
    if (result.peakRssBytes === null) notes.push('peak RSS not measured');
    else if (result.peakRssBytes >= maxRssBytes)
      notes.push(`peak RSS ${megabytes(result.peakRssBytes)} >= ${megabytes(maxRssBytes)}`);
  }
  return { ...figures, status: notes.length === 0 ? 'PASS' : 'MISS', notes };
}

function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
