import type { Dataset } from './dataset.js';
import { measureFloor, type FloorKind } from './floors.js';
import { runScenario, SCENARIOS, type Scenario, type ToolSetup } from './scenarios.js';
import { megabytes } from './measure.js';

/** Every run's seconds, the best of them and their median (how far apart best and median are shows the noise). */
export interface Timing {
  readonly best: number;
  readonly median: number;
  readonly all: readonly number[];
}

/** The tool's figures for one scenario at one size. */
export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly timing: Timing;
  /** The highest peak over all runs: memory is judged by its worst case, time by its best. */
  readonly peakRssBytes: number | null;
  /** CPU seconds of the fastest run: near its wall time, the tool itself (not the servers) is the bottleneck. */
  readonly cpuSeconds: number | null;
  /** Wrong answers, one per run that gave one. */
  readonly problems: readonly string[];
  /** Each run's seconds divided by its floor's, measured just before it: robust where the machine's speed drifts. */
  readonly pairedRatios: readonly number[];
  /**
   * The floor measured just before each run, whose best the ratio is judged against (see verdict.ts); absent
   * in results recorded before 2026-12-01's session 13.
   */
  readonly floorSeconds?: readonly number[];
}

/** Everything measured at one table size. */
export interface SizeResult {
  readonly rows: number;
  readonly heapBytesPerRow: number;
  readonly floors: Partial<Record<FloorKind, Timing>>;
  readonly scenarios: readonly ScenarioResult[];
}

/** How many times, with what, and where progress goes. */
export interface SuiteOptions {
  readonly runs: number;
  /** Also time psql's \copy floor (only where psql is on PATH). */
  readonly psql: boolean;
  readonly tool: ToolSetup;
  readonly log: (line: string) => void;
}

/**
 * Measures the floors and the tool on one dataset. Each run of the tool follows a run of its floor (floor, tool,
 * floor, tool, ..., then again), so that a machine that slows down or warms up mid-run shifts floors and tool
 * alike, and each run's ratio to the floor just before it is kept as well as the best times.
 */
export async function runSuite(dataset: Dataset, options: SuiteOptions): Promise<SizeResult> {
  const identical: [string, string] = [dataset.sourceUrl, dataset.targetUrl];
  // One untimed read of all three databases, so that even one run measures cached data, as the floors do.
  options.log('warming the cache');
  await measureFloor('fast', identical);
  await measureFloor('fast', [dataset.sourceUrl, dataset.changedUrl]);

  const floorKinds: FloorKind[] = options.psql ? ['fast', 'exact-node', 'exact-psql'] : ['fast', 'exact-node'];
  const floorSeconds = new Map<FloorKind, number[]>(floorKinds.map((kind) => [kind, []]));
  const runs = SCENARIOS.map(() => ({
    seconds: [] as number[],
    cpu: [] as Array<number | null>,
    rss: [] as number[],
    problems: [] as string[],
    ratios: [] as number[],
    floors: [] as number[],
  }));
  const floor = async (kind: FloorKind, round: number): Promise<number> => {
    const seconds = await measureFloor(kind, identical);
    floorSeconds.get(kind)!.push(seconds);
    options.log(`run ${round}/${options.runs}  ${kind} floor: ${seconds.toFixed(2)} s`);
    return seconds;
  };
  const exactKind: FloorKind = options.psql ? 'exact-psql' : 'exact-node';
  for (let round = 1; round <= options.runs; round++) {
    // Shown beside psql's, not a ratio's base: measured once a round. It pulls both tables through this process,
    // whose garbage collector then runs on the machine's two CPUs for a while: the fast floor measured next was
    // 3-5% slower than the round's others (2026-12-01). An untimed read lets that pass before the next floor.
    if (options.psql) {
      await floor('exact-node', round);
      await measureFloor('fast', identical);
    }
    // Each round starts one scenario later: a floor's place in the round (after which run, after the exact
    // floors) moved it by 3-5% in 2026-12-01's runs, and each scenario's floors then take every place in turn.
    for (const index of rotated(SCENARIOS.length, round - 1)) {
      const scenario = SCENARIOS[index]!;
      const floorSecondsNow = await floor(scenario.floor === 'fast' ? 'fast' : exactKind, round);
      const run = await runScenario(scenario, dataset, options.tool);
      const collected = runs[index]!;
      collected.ratios.push(run.seconds / floorSecondsNow);
      collected.floors.push(floorSecondsNow);
      collected.seconds.push(run.seconds);
      collected.cpu.push(run.cpuSeconds);
      if (run.peakRssBytes !== null) collected.rss.push(run.peakRssBytes);
      if (run.problem !== null) collected.problems.push(run.problem);
      const rss = run.peakRssBytes === null ? '' : `, peak RSS ${megabytes(run.peakRssBytes)}`;
      options.log(
        `run ${round}/${options.runs}  ${scenario.name}: ${run.seconds.toFixed(2)} s${rss}${run.problem ? `  WRONG: ${run.problem}` : ''}`,
      );
    }
  }
  return {
    rows: dataset.rows,
    heapBytesPerRow: dataset.heapBytesPerRow,
    floors: Object.fromEntries([...floorSeconds].map(([kind, seconds]) => [kind, timing(seconds)])),
    scenarios: SCENARIOS.map((scenario, index) => {
      const collected = runs[index]!;
      const peakRssBytes = collected.rss.length > 0 ? Math.max(...collected.rss) : null;
      const cpuSeconds = collected.cpu[collected.seconds.indexOf(Math.min(...collected.seconds))] ?? null;
      return {
        scenario,
        timing: timing(collected.seconds),
        peakRssBytes,
        cpuSeconds,
        problems: collected.problems,
        pairedRatios: collected.ratios,
        floorSeconds: collected.floors,
      };
    }),
  };
}

/** 0 to count - 1, starting at `shift` modulo count. */
export function rotated(count: number, shift: number): number[] {
  return Array.from({ length: count }, (_, position) => (position + shift) % count);
}

function timing(seconds: readonly number[]): Timing {
  const sorted = [...seconds].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { best: sorted[0]!, median, all: seconds };
}
