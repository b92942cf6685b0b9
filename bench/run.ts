// `npm run bench`: the speed of `pgverify check` as a ratio to what the databases need to read the table once
// (issue 5). Flags: --rows N (default 2,000,000), --runs N (best of, default 3), --scale (also at 1/4 and 1/2
// of --rows), --rebuild (drop and recreate the databases), --trace (PGVERIFY_TRACE=1 logs of the tool's queries),
// --pg 15,18 (the embedded server's majors, one report each; default 18), --shared-buffers 2GB (a warm server
// whose buffers hold the table; default the server's 128MB). PGVERIFY_BENCH_URL measures another server instead.
// --fleet [--stores N]: instead, the fleet of N store schemas (default 89): a full check of every store against
// the shared schema (fleet-data.ts), --structure-only against a template (fleet.ts), and a schema of 500 small
// tables (wide.ts); --only data,structure,wide runs some of them.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeFile } from 'node:fs/promises';
import { EMBEDDED_MAJORS } from '../src/server/binaries.js';
import { ensureDataset } from './dataset.js';
import { dataFleet, ensureFleetData } from './fleet-data.js';
import { ensureWide, wideSchema } from './wide.js';
import {
  ensureFleet,
  fleetVerdict,
  measureFleet,
  structureFleet,
  type FleetResult,
  type FleetScenario,
} from './fleet.js';
import { psqlAvailable } from './floors.js';
import { describeMachine } from './machine.js';
import { rssMethod } from './measure.js';
import { renderReport, saveReport, type BenchReport } from './report.js';
import { openBenchServer } from './server.js';
import { runSuite, type SizeResult } from './suite.js';
import { judge } from './verdict.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const scratchDir = join(root, '.pgverify-bench');
const log = (line: string) => process.stderr.write(`${line}\n`);

interface BenchOptions {
  readonly rows: number;
  readonly runs: number;
  readonly scale: boolean;
  readonly rebuild: boolean;
  readonly trace: boolean;
  readonly majors: readonly string[];
  /** Store schemas of the fleet scenario; undefined for the table scenarios. */
  readonly fleet: number | undefined;
  /** The fleet scenarios to run (--only data,structure,wide); all by default. */
  readonly fleetScenarios: readonly FleetScenarioName[];
  readonly settings: Readonly<Record<string, string>>;
}

/** Majors the embedded benchmark server can run: the fast floor's hash_record_extended needs PostgreSQL 14. */
const BENCH_MAJORS = EMBEDDED_MAJORS.filter((major) => Number(major) >= 14);

function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      rows: { type: 'string', default: '2000000' },
      runs: { type: 'string', default: '3' },
      scale: { type: 'boolean', default: false },
      rebuild: { type: 'boolean', default: false },
      trace: { type: 'boolean', default: false },
      pg: { type: 'string', default: '18' },
      'shared-buffers': { type: 'string' },
      fleet: { type: 'boolean', default: false },
      stores: { type: 'string', default: '89' },
      only: { type: 'string' },
    },
  });
  const majors = values.pg.split(',').map((major) => major.trim());
  const unknown = majors.find((major) => !BENCH_MAJORS.includes(major));
  if (unknown !== undefined) throw new Error(`--pg takes majors among ${BENCH_MAJORS.join(', ')}, not "${unknown}"`);
  const sharedBuffers = values['shared-buffers'];
  if (sharedBuffers !== undefined && !/^\d+(kB|MB|GB)$/.test(sharedBuffers))
    throw new Error(`--shared-buffers takes a size like 2GB, not "${sharedBuffers}"`);
  const settings: Record<string, string> = sharedBuffers === undefined ? {} : { shared_buffers: sharedBuffers };
  const rows = wholeNumber('--rows', values.rows, values.scale ? 8 : 2);
  return {
    rows,
    runs: wholeNumber('--runs', values.runs, 1),
    scale: values.scale,
    rebuild: values.rebuild,
    trace: values.trace,
    majors,
    settings,
    fleet: values.fleet ? wholeNumber('--stores', values.stores, 1) : undefined,
    fleetScenarios: fleetScenarioNames(values.only),
  };
}

const FLEET_SCENARIOS = ['data', 'structure', 'wide'] as const;
type FleetScenarioName = (typeof FLEET_SCENARIOS)[number];

function fleetScenarioNames(only: string | undefined): FleetScenarioName[] {
  if (only === undefined) return [...FLEET_SCENARIOS];
  const names = only.split(',').map((name) => name.trim());
  const unknown = names.find((name) => !(FLEET_SCENARIOS as readonly string[]).includes(name));
  if (unknown !== undefined) throw new Error(`--only takes ${FLEET_SCENARIOS.join(', ')}, not "${unknown}"`);
  return names as FleetScenarioName[];
}

function wholeNumber(flag: string, text: string, minimum: number): number {
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isSafeInteger(value) || value < minimum)
    throw new Error(`${flag} must be a whole number of at least ${minimum}, not "${text}"`);
  return value;
}

/** The benchmark times the built CLI (tsc, then the bundle bin/pgverify.js loads), as users run it: never stale code. */
function build(): void {
  log('building: npm run build');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  for (const args of [[tsc, '-p', 'tsconfig.json'], [join(root, 'scripts', 'bundle.mjs')]]) {
    const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
    if (result.status !== 0)
      throw new Error(`the build failed (${args.at(-1)}: exit ${result.status}); the benchmark needs dist/`);
  }
}

async function bench(options: BenchOptions): Promise<number> {
  build();
  let status = 0;
  for (const major of options.majors) status = Math.max(status, await benchOn(major, options));
  return status;
}

/** One report on one server: the embedded server of `major`, or the server of PGVERIFY_BENCH_URL. */
async function benchOn(major: string, options: BenchOptions): Promise<number> {
  if (options.fleet !== undefined) return fleetOn(major, options.fleet, options);
  const sizes = options.scale
    ? [Math.round(options.rows / 4), Math.round(options.rows / 2), options.rows]
    : [options.rows];
  const server = await openBenchServer(scratchDir, { major, settings: options.settings });
  try {
    const machine = await describeMachine(server.url('postgres'), server.origin, root);
    log(`\nserver: ${machine.postgres}`);
    const psql = psqlAvailable();
    const results: SizeResult[] = [];
    for (const rows of sizes) {
      log(`\n${rows.toLocaleString('en-US')} rows`);
      const dataset = await ensureDataset(server, rows, { rebuild: options.rebuild, log });
      results.push(
        await runSuite(dataset, { runs: options.runs, psql, tool: { root, scratchDir, trace: options.trace }, log }),
      );
    }
    const report: BenchReport = { machine, runs: options.runs, rssMethod: rssMethod(), sizes: results };
    process.stdout.write(`${renderReport(report)}\n`);
    // Node's protocol parsing competes with the servers for CPU where they use it all: a slower, kinder floor.
    if (!psql)
      process.stdout.write(
        'psql is not on PATH: the exact floor is read by Node, which can be slower than psql on a busy few-CPU machine\n',
      );
    if (options.trace)
      process.stdout.write(`traces of the last run of each scenario: ${join(scratchDir, 'traces')}/\n`);
    process.stdout.write(`results written to ${await saveReport(report, join(root, 'bench', 'results'))}\n`);
    const wrong = results.some((size) => size.scenarios.some((result) => judge(result, size).status === 'WRONG'));
    return wrong ? 1 : 0;
  } finally {
    await server.stop();
  }
}

/** The fleet scenario on one server: its seconds and its floor's, printed and saved beside the other results. */
async function fleetOn(major: string, stores: number, options: BenchOptions): Promise<number> {
  const server = await openBenchServer(scratchDir, { major, settings: options.settings });
  try {
    const machine = await describeMachine(server.url('postgres'), server.origin, root);
    log(`\nserver: ${machine.postgres}`);
    const builders: Record<FleetScenarioName, () => Promise<FleetScenario>> = {
      data: async () => {
        await ensureFleetData(server, stores, log);
        return dataFleet(server, stores);
      },
      structure: async () => {
        await ensureFleet(server, stores, log);
        return structureFleet(server, stores);
      },
      wide: async () => {
        await ensureWide(server, log);
        return wideSchema(server);
      },
    };
    const results: FleetResult[] = [];
    for (const name of options.fleetScenarios) {
      const scenario = await builders[name]();
      log(`\n${scenario.title}`);
      results.push(await measureFleet(scenario, options.runs, { root, scratchDir }, log));
    }
    process.stdout.write(
      [
        `pgverify fleet benchmark, ${machine.date}${machine.commit ? `, commit ${machine.commit}` : ''}, load average ${machine.loadAverage.toFixed(2)} at start`,
        `server: ${machine.postgres}; ${Object.entries(machine.settings)
          .map(([name, value]) => `${name}=${value}`)
          .join(', ')}`,
        ...results.flatMap((fleet) => [
          `${fleet.title}, best of ${options.runs}:`,
          `  pgverify ${fleet.tool.best.toFixed(2)} s (median ${fleet.tool.median.toFixed(2)} s), floor ${fleet.floor.best.toFixed(2)} s (median ${fleet.floor.median.toFixed(2)} s): ${(fleet.tool.best / fleet.floor.best).toFixed(2)}x; ${fleetVerdict(fleet)}`,
          `  last run: ${fleet.tool.status}`,
        ]),
      ].join('\n') + '\n',
    );
    const file = join(
      root,
      'bench',
      'results',
      `fleet-${machine.date.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}.json`,
    );
    await writeFile(file, `${JSON.stringify({ machine, runs: options.runs, fleets: results }, null, 2)}\n`);
    process.stdout.write(`results written to ${file}\n`);
    return 0;
  } finally {
    await server.stop();
  }
}

// Errors are printed once, here, and the exit code is explicit.
try {
  process.exit(await bench(parseOptions(process.argv.slice(2))));
} catch (error) {
  log(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error && error.cause !== undefined)
    log(`  cause: ${error.cause instanceof Error ? error.cause.message : JSON.stringify(error.cause)}`);
  process.exit(1);
}
