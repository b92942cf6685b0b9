import type { Argv } from 'yargs';
import {
  DEFAULT_JOBS,
  DEFAULT_LOCK_TIMEOUT,
  DEFAULT_RECHECK_TIMES,
  DEFAULT_MAX_DIFF_ROWS,
  DEFAULT_TENANT_COLUMN,
  numericOption,
  parseMode,
  type NumericOption,
} from '../verify/options.js';
import { withoutUndefined } from '../config/to-options.js';
import { parseAssignments } from '../plan/match-rules.js';
import type { RunSettings } from '../verify/runs-options.js';

/**
 * The flags of `check` as yargs parses them. None has a yargs default: a flag left out must be told apart
 * from one given, since a config file fills in what the command line leaves out.
 */
export interface CheckArguments {
  config?: string;
  source?: string;
  target?: string;
  sourceSchema?: string;
  targetSchema?: string;
  tables?: string;
  exclude?: string;
  sourceWhere?: string;
  targetWhere?: string;
  mode?: string;
  out?: string;
  // Numbers are kept as typed (yargs would turn "abc" into NaN): numericOption() reads them and quotes a bad one.
  jobs?: number | string;
  maxDiffRows?: number | string;
  lockTimeout?: number | string;
  statementTimeout?: number | string;
  recheckAfter?: number | string;
  recheckTimes?: number | string;
  checks?: boolean;
  structure?: boolean;
  structureOnly?: boolean;
  tenantColumn?: string;
  tenant?: string[];
  link?: string[];
  mapTable?: string[];
  mapColumn?: string[];
  ignoreColumns?: string[];
  tolerance?: string[];
  timePrecision?: string[];
  json?: boolean;
  quiet?: boolean;
  junit?: string;
  history?: string;
}

/** What the command line said, in the library's terms; only flags actually given are present. */
export interface CommandLine {
  readonly settings: RunSettings;
  readonly outDir?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly junit?: string;
  readonly config?: string;
  readonly history?: string;
}

/** How a command prints its result, shared by `check` and `recheck`. */
export const PRINT_FLAGS = {
  json: { type: 'boolean', describe: 'print the summary JSON on stdout instead of the table' },
  quiet: { type: 'boolean', describe: 'print only the verdict line; no progress' },
} as const;

/** Declares the flags of `check`. */
export function checkOptions(yargs: Argv): Argv<CheckArguments> {
  return yargs
    .option('config', {
      type: 'string',
      describe: 'JSON file with defaults for every flag and optionally several runs; flags given here override it',
    })
    .option('source', {
      type: 'string',
      describe:
        'source connection (postgresql:// URL or key=value; PG* variables and .pgpass apply) [required unless the config file has it]',
    })
    .option('target', { type: 'string', describe: 'target connection [required unless the config file has it]' })
    .option('source-schema', { type: 'string', defaultDescription: 'public', describe: 'schema of the source tables' })
    .option('target-schema', {
      type: 'string',
      defaultDescription: 'the source schema',
      describe: 'schema of the target tables',
    })
    .option('tables', { type: 'string', describe: 'only these tables or materialized views (comma-separated)' })
    .option('exclude', { type: 'string', describe: 'skip these tables (comma-separated)' })
    .option('source-where', { type: 'string', describe: 'SQL row filter for every source table, e.g. "store_id = 4"' })
    .option('target-where', { type: 'string', describe: 'SQL row filter for every target table' })
    .option('mode', {
      type: 'string',
      defaultDescription: 'fast',
      describe: 'fast: in-database checksums; exact: stream and compare every row',
    })
    .option('out', {
      type: 'string',
      defaultDescription: 'reports/<timestamp>',
      describe: 'directory for summary.json, diffs.csv and report.html',
    })
    .option('jobs', {
      requiresArg: true,
      defaultDescription: String(DEFAULT_JOBS),
      describe:
        'connections per side at most, opened as tables wait for one: tables compared in parallel (forEach tenants: two per connection)',
    })
    .option('max-diff-rows', {
      requiresArg: true,
      defaultDescription: String(DEFAULT_MAX_DIFF_ROWS),
      describe: 'diffs.csv lines kept per table (counts stay exact)',
    })
    .option('lock-timeout', {
      requiresArg: true,
      defaultDescription: String(DEFAULT_LOCK_TIMEOUT),
      describe: 'seconds a query may wait for a lock before failing (never queue behind DDL)',
    })
    .option('statement-timeout', {
      requiresArg: true,
      defaultDescription: '0',
      describe: 'seconds one query may run before the server cancels it (0: no limit)',
    })
    .option('recheck-after', {
      requiresArg: true,
      describe:
        'seconds after the first pass to read the differing rows again in fresh snapshots; rows equal by then are in flight and pass',
    })
    .option('recheck-times', {
      requiresArg: true,
      defaultDescription: String(DEFAULT_RECHECK_TIMES),
      describe: 'how many times at most the rows still differing are read again (with --recheck-after)',
    })
    .option('checks', {
      type: 'boolean',
      defaultDescription: 'true',
      describe: 'run the tenant, integrity and sequence checks after each diff (--no-checks: compare rows only)',
    })
    .option('structure', {
      type: 'boolean',
      defaultDescription: 'true',
      describe:
        "compare each table's columns, constraints, indexes, triggers, policies, grants and sequences, the schema's views and functions, the databases' extensions and collation (--no-structure: skip)",
    })
    .option('structure-only', {
      type: 'boolean',
      describe: 'compare only the structure, from the catalog: no row is read, no check runs',
    })
    .option('tenant-column', {
      type: 'string',
      defaultDescription: DEFAULT_TENANT_COLUMN,
      describe:
        "column holding each row's tenant (also used for cross-tenant links, and to select a source table without it through its foreign keys)",
    })
    .option('tenant', {
      type: 'string',
      array: true,
      describe: 'an allowed tenant value (repeatable); checks every target table that has the tenant column',
    })
    .option('link', {
      type: 'string',
      array: true,
      describe:
        'table.column=parent.column: a link the source does not declare as a foreign key, followed like one to select a table without the tenant column (repeatable)',
    })
    .option('map-table', {
      type: 'string',
      array: true,
      describe: 'old=new: compare source table old with target table new (repeatable)',
    })
    .option('map-column', {
      type: 'string',
      array: true,
      describe: 'table.old=new: compare column old of source table table with target column new (repeatable)',
    })
    .option('ignore-columns', {
      type: 'string',
      array: true,
      describe: 'table.column,... (or *.column for every table): columns meant to differ, left out on both sides',
    })
    .option('tolerance', {
      type: 'string',
      array: true,
      describe:
        'table.column=N (or *.column=N): numbers (integer, numeric, float, money) at most N apart are equal (repeatable)',
    })
    .option('time-precision', {
      type: 'string',
      array: true,
      describe:
        'table.column=ms|s|min|h (or *.column=...): timestamps and times compared truncated to that precision (repeatable)',
    })
    .option('json', PRINT_FLAGS.json)
    .option('quiet', PRINT_FLAGS.quiet)
    .option('junit', {
      type: 'string',
      describe: 'also write a JUnit XML report to this file (one testcase per table) for CI',
    })
    .option('history', {
      type: 'string',
      requiresArg: true,
      describe:
        "also record the run and each table's result in this PostgreSQL database (schema pgverify; never the source or target), for `pgverify history`",
    })
    .example(
      '$0 check --source postgresql://app@old/shop --target postgresql://app@new/shop --source-where "store_id = 4" --target-schema store_1751248005649',
      'verify one store moved into its own schema',
    )
    .example(
      '$0 check --source postgresql://app@old/shop --target postgresql://app@new/shop --tenant 00000000-0000-0000-0000-000000000001',
      'verify a tenant_id backfill: every row in the default tenant',
    )
    .example(
      '$0 check --config nightly.json --quiet',
      'every run of a config file (see docs/configuration.md)',
    ) as unknown as Argv<CheckArguments>;
}

/** The flags given, as library settings; a malformed --mode, --map-table, --map-column, --tolerance or --time-precision is a UsageError. */
export function commandLineOf(args: CheckArguments): CommandLine {
  const settings: RunSettings = {
    source: args.source,
    target: args.target,
    sourceSchema: args.sourceSchema,
    targetSchema: args.targetSchema,
    tables: splitList(args.tables),
    exclude: splitList(args.exclude),
    sourceWhere: args.sourceWhere,
    targetWhere: args.targetWhere,
    mode: args.mode === undefined ? undefined : parseMode(args.mode),
    jobs: numberOf('jobs', args.jobs),
    maxDiffRows: numberOf('maxDiffRows', args.maxDiffRows),
    lockTimeout: numberOf('lockTimeout', args.lockTimeout),
    statementTimeout: numberOf('statementTimeout', args.statementTimeout),
    recheckAfter: numberOf('recheckAfter', args.recheckAfter),
    recheckTimes: numberOf('recheckTimes', args.recheckTimes),
    checks: args.checks,
    structure: args.structure,
    structureOnly: args.structureOnly,
    tenantColumn: args.tenantColumn,
    tenants: args.tenant?.map(String),
    links: args.link === undefined ? undefined : parseAssignments('--link', args.link.map(String)),
    mapTables: args.mapTable === undefined ? undefined : parseAssignments('--map-table', args.mapTable.map(String)),
    mapColumns: args.mapColumn === undefined ? undefined : parseAssignments('--map-column', args.mapColumn.map(String)),
    ignoreColumns:
      args.ignoreColumns === undefined
        ? undefined
        : args.ignoreColumns.flatMap((value) => splitList(String(value)) ?? []),
    tolerances: args.tolerance === undefined ? undefined : parseAssignments('--tolerance', args.tolerance.map(String)),
    timePrecision:
      args.timePrecision === undefined
        ? undefined
        : parseAssignments('--time-precision', args.timePrecision.map(String)),
  };
  return {
    settings: withoutUndefined(settings),
    ...withoutUndefined({
      outDir: args.out,
      json: args.json,
      quiet: args.quiet,
      junit: args.junit,
      config: args.config,
      history: args.history,
    }),
  };
}

function numberOf(name: NumericOption, value: number | string | undefined): number | undefined {
  return value === undefined ? undefined : numericOption(name, value);
}

function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}
