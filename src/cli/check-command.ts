import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { UsageError } from '../errors.js';
import { DEFAULT_JOBS, DEFAULT_LOCK_TIMEOUT, DEFAULT_MAX_DIFF_ROWS, DEFAULT_TENANT_COLUMN, type VerifyOptions } from '../options.js';
import { renderSummary } from '../report/terminal.js';
import type { Mode, Summary } from '../summary.js';
import { verify } from '../verify/run.js';
import { withInterrupt } from './interrupt.js';
import { createProgress } from './progress.js';

interface CheckArguments {
  source: string;
  target: string;
  sourceSchema: string;
  targetSchema?: string;
  tables?: string;
  exclude?: string;
  sourceWhere?: string;
  targetWhere?: string;
  mode: string;
  out?: string;
  jobs: number;
  maxDiffRows: number;
  lockTimeout: number;
  statementTimeout: number;
  tenantColumn: string;
  tenant?: string[];
}

/** `pgverify check`: compares two schemas table by table and exits 0 (identical), 1 (differences) or 3 (failure). */
export const checkCommand: CommandModule<object, CheckArguments> = {
  command: 'check',
  describe: 'Compare every table of the source schema with the target schema',
  builder: (yargs: Argv) =>
    yargs
      .option('source', { type: 'string', demandOption: true, describe: 'source connection (postgresql:// URL or key=value; PG* variables and .pgpass apply)' })
      .option('target', { type: 'string', demandOption: true, describe: 'target connection' })
      .option('source-schema', { type: 'string', default: 'public', describe: 'schema of the source tables' })
      .option('target-schema', { type: 'string', describe: 'schema of the target tables [default: the source schema]' })
      .option('tables', { type: 'string', describe: 'only these tables (comma-separated)' })
      .option('exclude', { type: 'string', describe: 'skip these tables (comma-separated)' })
      .option('source-where', { type: 'string', describe: 'SQL row filter for every source table, e.g. "store_id = 4"' })
      .option('target-where', { type: 'string', describe: 'SQL row filter for every target table' })
      .option('mode', { type: 'string', default: 'fast', describe: 'fast: in-database checksums; exact: stream and compare every row' })
      .option('out', { type: 'string', describe: 'directory for summary.json and diffs.csv [default: reports/<timestamp>]' })
      .option('jobs', { type: 'number', default: DEFAULT_JOBS, describe: 'tables compared in parallel (one connection per side each)' })
      .option('max-diff-rows', { type: 'number', default: DEFAULT_MAX_DIFF_ROWS, describe: 'diffs.csv lines kept per table (counts stay exact)' })
      .option('lock-timeout', { type: 'number', default: DEFAULT_LOCK_TIMEOUT, describe: 'seconds a query may wait for a lock before failing (never queue behind DDL)' })
      .option('statement-timeout', { type: 'number', default: 0, describe: 'seconds one query may run before the server cancels it (0: no limit)' })
      .option('tenant-column', { type: 'string', default: DEFAULT_TENANT_COLUMN, describe: 'column holding each row\'s tenant (also used for cross-tenant links)' })
      .option('tenant', { type: 'string', array: true, describe: 'an allowed tenant value (repeatable); checks every target table that has the tenant column' })
      .example('$0 check --source postgresql://app@old/shop --target postgresql://app@new/shop --source-where "store_id = 4" --target-schema store_1751248005649', 'verify one store moved into its own schema')
      .example('$0 check --source postgresql://app@old/shop --target postgresql://app@new/shop --tenant 00000000-0000-0000-0000-000000000001', 'verify a tenant_id backfill: every row in the default tenant') as unknown as Argv<CheckArguments>,
  handler: async (args) => {
    const outDir = args.out ?? join('reports', timestamp(new Date()));
    const summary = await runCheck({ ...toVerifyOptions(args), outDir });
    process.stdout.write(`${renderSummary(summary, { color: useColor(process.stdout) })}\n`);
    process.stderr.write(`reports written to ${outDir}/ (summary.json, diffs.csv)\n`);
    process.exitCode = exitCodeFor(summary);
  },
};

/** Runs verify with a live progress line on stderr when stderr is a terminal; Ctrl-C cancels and reports. */
export async function runCheck(options: VerifyOptions): Promise<Summary> {
  const progress = createProgress(process.stderr);
  try {
    return await withInterrupt((signal) => verify({ ...options, signal, onProgress: progress.update }));
  } finally {
    progress.stop();
  }
}

function toVerifyOptions(args: ArgumentsCamelCase<CheckArguments>): VerifyOptions {
  if (args.mode !== 'fast' && args.mode !== 'exact') throw new UsageError(`--mode must be fast or exact, not "${args.mode}"`);
  if (args.source.trim() === '' && args.target.trim() === '') throw new UsageError('--source and --target are empty');
  return {
    source: args.source,
    target: args.target,
    sourceSchema: args.sourceSchema,
    targetSchema: args.targetSchema,
    tables: splitList(args.tables),
    exclude: splitList(args.exclude),
    sourceWhere: args.sourceWhere,
    targetWhere: args.targetWhere,
    mode: args.mode as Mode,
    jobs: args.jobs,
    maxDiffRows: args.maxDiffRows,
    lockTimeout: args.lockTimeout,
    statementTimeout: args.statementTimeout,
    tenantColumn: args.tenantColumn,
    tenants: args.tenant?.map(String),
  };
}

function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((name) => name.trim()).filter((name) => name !== '');
}

/** 0 when every table passes, 1 when some differ, 3 when some could not be checked. */
export function exitCodeFor(summary: Summary): number {
  if (summary.interrupted === true) return 130;
  return summary.status === 'pass' ? 0 : summary.status === 'fail' ? 1 : 3;
}

/** Colors only on a terminal, and never with NO_COLOR set. */
export function useColor(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR;
}

function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}
