import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkReport } from './check-report.js';
import type { Dataset } from './dataset.js';
import { TABLE, TENANT_IDS, TENANTS_TABLE } from './generator.js';
import { runProcess, type ProcessRun } from './measure.js';

/** One way of running `pgverify check`, with the target for it. */
export interface Scenario {
  readonly name: string;
  readonly mode: 'fast' | 'exact';
  /** Which target database: the identical copy or the one with 10 changed rows. */
  readonly pair: 'identical' | 'changed';
  /** The floor its ratio is taken to; `exact` is psql's where psql exists (see floors.ts). */
  readonly floor: 'fast' | 'exact';
  /** The ceiling on seconds divided by the floor's seconds; none for a scenario only measured. */
  readonly maxRatio?: number;
  /** The ceiling on the process's peak resident memory, where it sets one. */
  readonly maxRssBytes?: number;
  /**
   * The tenant check (every tenant id expected) and the foreign key's orphan check after the diff; the parent
   * table is then compared too (a key into a table the run leaves out is not checked). The targets are
   * for the comparison itself, so its scenarios run with --no-checks.
   */
  readonly checks: boolean;
  /**
   * Recorded with --history, as a nightly cron runs: the table passed its previous run, so fast mode sums it
   * whole before any range (the scenario's first run ever has no previous run and reads the ranges).
   */
  readonly history?: boolean;
}

/**
 * The targets of issue 14 (issue 5's, tightened), each beside the floor it is measured against, then what the
 * checks add.
 */
export const SCENARIOS: readonly Scenario[] = [
  { name: 'fast, identical', mode: 'fast', pair: 'identical', floor: 'fast', maxRatio: 1.15, checks: false },
  { name: 'fast, 10 changes', mode: 'fast', pair: 'changed', floor: 'fast', maxRatio: 1.3, checks: false },
  {
    name: 'exact, 10 changes',
    mode: 'exact',
    pair: 'changed',
    floor: 'exact',
    maxRatio: 1.2,
    maxRssBytes: 150_000_000,
    checks: false,
  },
  { name: 'fast, identical, with checks', mode: 'fast', pair: 'identical', floor: 'fast', checks: true },
  {
    name: 'fast, identical, passed its last run (--history)',
    mode: 'fast',
    pair: 'identical',
    floor: 'fast',
    checks: false,
    history: true,
  },
];

/** A timed run of the whole process and, when its reports are not what the data holds, why. */
export interface ScenarioRun extends ProcessRun {
  readonly problem: string | null;
}

/** Where the benchmark runs from and keeps its scratch output. */
export interface ToolSetup {
  readonly root: string;
  readonly scratchDir: string;
  /** PGVERIFY_TRACE=1 for the tool; its stderr (every query with its duration) is kept in the scratch directory. */
  readonly trace: boolean;
}

/**
 * Runs the built CLI the way a user runs `npx pgverify check` (a new Node process, connections, reports
 * written) and checks its verdict, summary.json and diffs.csv against what the databases hold.
 */
export async function runScenario(scenario: Scenario, dataset: Dataset, setup: ToolSetup): Promise<ScenarioRun> {
  const slug = `${dataset.rows}-${scenario.mode}-${scenario.pair}${scenario.history === true ? '-history' : ''}`;
  const outDir = join(setup.scratchDir, 'out', slug);
  await rm(outDir, { recursive: true, force: true });
  const target = scenario.pair === 'identical' ? dataset.targetUrl : dataset.changedUrl;
  const checks = scenario.checks
    ? ['--tables', `${TABLE},${TENANTS_TABLE}`, ...TENANT_IDS.flatMap((id) => ['--tenant', id])]
    : ['--tables', TABLE, '--no-checks'];
  const args = [
    'bin/pgverify.js',
    'check',
    '--source',
    dataset.sourceUrl,
    '--target',
    target,
    '--mode',
    scenario.mode,
    ...checks,
    ...(scenario.history === true ? ['--history', dataset.historyUrl] : []),
    '--out',
    outDir,
  ];
  const env = { ...process.env, NO_COLOR: '1', ...(setup.trace ? { PGVERIFY_TRACE: '1' } : {}) };
  const run = await runProcess(process.execPath, args, { cwd: setup.root, env });
  if (setup.trace) {
    const traces = join(setup.scratchDir, 'traces');
    await mkdir(traces, { recursive: true });
    await writeFile(join(traces, `${slug}.log`), run.stderr);
  }
  const expected = scenario.pair === 'identical' ? [] : dataset.expectedChanges;
  const problem = await checkReport(run, outDir, { rows: dataset.rows, expected, checks: scenario.checks });
  return { ...run, problem };
}
