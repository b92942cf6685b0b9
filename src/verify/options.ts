import { parseConnectionString } from '../connect/conninfo.js';
import { missingFlags, UsageError } from '../errors.js';
import { buildMatchRules, type MatchRules } from '../plan/match-rules.js';
import type { Mode } from '../summary.js';
import { strayBracket } from '../sql.js';
import { parseLinks, type TenantLink } from '../plan/tenant-links.js';

/** What `verify` is asked to do; the CLI flags map one to one onto these fields. */
export interface VerifyOptions {
  /** libpq-style URL or key=value string; empty means the PG* environment variables. */
  readonly source: string;
  readonly target: string;
  readonly sourceSchema?: string;
  readonly targetSchema?: string;
  readonly tables?: readonly string[];
  readonly exclude?: readonly string[];
  readonly sourceWhere?: string;
  readonly targetWhere?: string;
  readonly mode?: Mode;
  /** Where summary.json and diffs.csv go; omit to write no files. */
  readonly outDir?: string;
  readonly jobs?: number;
  readonly maxDiffRows?: number;
  /** Run the tenant, integrity and sequence checks after each table's diff (default true); false compares rows only. */
  readonly checks?: boolean;
  /**
   * Compare each table's structure (columns, constraints, indexes, triggers, row-level security, grants,
   * sequences) with the source's (default true); false compares rows only.
   */
  readonly structure?: boolean;
  /**
   * Compare only the structure, from the catalog alone: no row is read, no check runs (default false). For
   * checking every store schema against a template schema in seconds.
   */
  readonly structureOnly?: boolean;
  /** The column that holds each row's tenant; also decides which foreign keys get a cross-tenant check. */
  readonly tenantColumn?: string;
  /** The tenant values allowed in the target; the tenant checks run only when at least one is given. */
  readonly tenants?: readonly string[];
  /**
   * `{ "order_notes.order_id": "orders.id" }`: links the source schema does not declare as foreign keys, followed
   * like them when a source table without the tenant column is selected through its parents (--link).
   */
  readonly links?: Readonly<Record<string, string>>;
  /** Seconds a query may wait for a lock before it fails (it must never queue behind DDL); default 5. */
  readonly lockTimeout?: number;
  /** Seconds one query may run before the server cancels it; 0 (the default) means no limit. */
  readonly statementTimeout?: number;
  /** `{ old: new }`: source table `old` is compared with target table `new` (--map-table). */
  readonly mapTables?: Readonly<Record<string, string>>;
  /** `{ "table.old": "new" }`: column `old` of source table `table` is compared with target column `new` (--map-column). */
  readonly mapColumns?: Readonly<Record<string, string>>;
  /** `table.column` or `*.column`: columns meant to differ, left out of the comparison on both sides (--ignore-columns). */
  readonly ignoreColumns?: readonly string[];
  /**
   * The history database (a connection string): after the run, it and each table's result are written there
   * (schema pgverify, created on first use). Never the source's or the target's database. A failure to write
   * leaves the verdict as it is and is said in the summary's historyError.
   */
  readonly history?: string;
  /**
   * `{ "table.column": N }` or `*.column`: numbers (integer, numeric, float, money) at most N apart are equal
   * (--tolerance). N is a positive number, best given as a string (`"0.01"`) to keep it exact.
   */
  readonly tolerances?: Readonly<Record<string, string | number>>;
  /** `{ "table.column": "ms" }` or `*.column`: timestamps and times compared at ms, s, min or h (--time-precision). */
  readonly timePrecision?: Readonly<Record<string, string>>;
  /**
   * Seconds to wait after the first pass before reading the rows that differed again, on both sides in fresh
   * snapshots (--recheck-after): rows equal by then were in flight (written during the run) and do not fail the
   * table. Omit (or 0) for no recheck.
   */
  readonly recheckAfter?: number;
  /** How many times at most the differing rows are read again, while some still differ (--recheck-times, default 1). */
  readonly recheckTimes?: number;
  /** Aborting it cancels the running queries on both servers; the tables not finished become `interrupted` errors. */
  readonly signal?: AbortSignal;
  /** Called as tables start and finish, for progress displays. */
  readonly onProgress?: (event: ProgressEvent) => void;
  /**
   * The arguments the run was started with (argv after the program), recorded in the summary with passwords
   * redacted. The CLI sets it; a library caller usually leaves it out, and the summary then says null.
   */
  readonly commandLine?: readonly string[];
}

/**
 * A table started, read more rows, or finished, or (`run`) a run of several finished. `run` names the run
 * when several run (config file `runs`).
 * `rows` events say how many rows of the larger side are read so far; `total` is the planner's estimate,
 * null when the table was never analysed.
 */
export type ProgressEvent = { readonly run?: string } & (
  | { readonly type: 'start'; readonly table: string }
  | { readonly type: 'rows'; readonly table: string; readonly done: number; readonly total: number | null }
  | {
      readonly type: 'done';
      readonly table: string;
      /** pass, fail or error; `to recheck` for a table whose differing rows wait to be read again (--recheck-after). */
      readonly status: string;
      readonly durationMs: number;
    }
  | {
      readonly type: 'recheck';
      /** Which reading again this is, from 1 to `times`. */
      readonly round: number;
      readonly times: number;
      /** Rows that still differ and the tables they are in, read again after `afterSeconds`. */
      readonly rows: number;
      readonly tables: number;
      readonly afterSeconds: number;
    }
  | {
      readonly type: 'run';
      readonly run: string;
      readonly status: string;
      readonly reason?: string;
      readonly durationMs: number;
    }
);

/** VerifyOptions with every default filled in and every value checked. */
export interface ResolvedOptions extends Required<
  Omit<VerifyOptions, 'outDir' | 'sourceWhere' | 'targetWhere' | 'onProgress' | 'signal' | 'commandLine' | 'history'>
> {
  readonly outDir?: string;
  readonly history?: string;
  readonly commandLine?: readonly string[];
  readonly signal?: AbortSignal;
  readonly sourceWhere?: string;
  readonly targetWhere?: string;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** mapTables, mapColumns, ignoreColumns, tolerances and timePrecision, validated. */
  readonly matchRules: MatchRules;
  /**
   * The source filter selects a tenant's rows: the tenant column was named or tenant values given. A source table
   * without the column is then filtered through its foreign keys (plan/tenant-route.ts).
   */
  readonly tenantScoped: boolean;
  /** `links`, parsed. */
  readonly tenantLinks: readonly TenantLink[];
}

export const DEFAULT_MAX_DIFF_ROWS = 1000;
export const DEFAULT_JOBS = 2;
export const DEFAULT_TENANT_COLUMN = 'tenant_id';
export const DEFAULT_LOCK_TIMEOUT = 5;
export const DEFAULT_RECHECK_TIMES = 1;

/** Fills defaults and rejects values that cannot work, before any connection is made. */
export function resolveOptions(options: VerifyOptions): ResolvedOptions {
  const mode = parseMode(options.mode ?? 'fast');
  const jobs = numericOption('jobs', options.jobs ?? DEFAULT_JOBS);
  const maxDiffRows = numericOption('maxDiffRows', options.maxDiffRows ?? DEFAULT_MAX_DIFF_ROWS);
  if (typeof options.source !== 'string') throw missingFlags(['source']);
  if (typeof options.target !== 'string') throw missingFlags(['target']);
  // Both connection strings are read before either side is reached: a malformed target is a usage error (exit 2),
  // not hidden behind the source's failure to connect.
  parseConnectionString('source', options.source);
  parseConnectionString('target', options.target);
  const lockTimeout = numericOption('lockTimeout', options.lockTimeout ?? DEFAULT_LOCK_TIMEOUT);
  const statementTimeout = numericOption('statementTimeout', options.statementTimeout ?? 0);
  const recheckAfter = numericOption('recheckAfter', options.recheckAfter ?? 0);
  const recheckTimes = numericOption('recheckTimes', options.recheckTimes ?? DEFAULT_RECHECK_TIMES);
  if (options.recheckTimes !== undefined && recheckAfter === 0)
    throw new UsageError('--recheck-times needs --recheck-after, the seconds to wait before each recheck');
  const sourceSchema = options.sourceSchema ?? 'public';
  const tenantColumn = options.tenantColumn ?? DEFAULT_TENANT_COLUMN;
  if (typeof tenantColumn !== 'string' || tenantColumn.trim() === '')
    throw new UsageError('--tenant-column must name a column');
  const checks = options.checks ?? true;
  if (typeof checks !== 'boolean') throw new UsageError(`checks must be true or false, not ${JSON.stringify(checks)}`);
  const structure = options.structure ?? true;
  if (typeof structure !== 'boolean')
    throw new UsageError(`structure must be true or false, not ${JSON.stringify(structure)}`);
  const structureOnly = options.structureOnly ?? false;
  if (typeof structureOnly !== 'boolean')
    throw new UsageError(`structureOnly must be true or false, not ${JSON.stringify(structureOnly)}`);
  if (structureOnly && !structure) throw new UsageError('--structure-only and --no-structure contradict each other');
  const commandLine = options.commandLine;
  if (
    commandLine !== undefined &&
    (!Array.isArray(commandLine) || commandLine.some((arg) => typeof arg !== 'string'))
  ) {
    throw new UsageError('commandLine must be an array of strings');
  }
  const tenants = options.tenants ?? [];
  const blank = tenants.find((tenant) => typeof tenant !== 'string' || tenant.trim() === '');
  if (blank !== undefined) throw new UsageError(`--tenant must be a non-empty value, not ${JSON.stringify(blank)}`);
  return {
    ...options,
    mode,
    jobs,
    maxDiffRows,
    lockTimeout,
    statementTimeout,
    recheckAfter,
    recheckTimes,
    sourceSchema,
    targetSchema: options.targetSchema ?? sourceSchema,
    tables: options.tables ?? [],
    exclude: options.exclude ?? [],
    checks,
    structure,
    structureOnly,
    tenantColumn,
    tenants: [...new Set(tenants)],
    tenantScoped: options.tenantColumn !== undefined || tenants.length > 0,
    links: options.links ?? {},
    tenantLinks: parseLinks(options.links ?? {}),
    sourceWhere: oneCondition('--source-where', blankToUndefined(options.sourceWhere)),
    targetWhere: oneCondition('--target-where', blankToUndefined(options.targetWhere)),
    mapTables: options.mapTables ?? {},
    mapColumns: options.mapColumns ?? {},
    ignoreColumns: options.ignoreColumns ?? [],
    tolerances: options.tolerances ?? {},
    timePrecision: options.timePrecision ?? {},
    matchRules: buildMatchRules(options),
  };
}

/** The comparison modes. */
export const MODES: readonly Mode[] = ['fast', 'exact'];

/** Whether a value names a comparison mode. */
export function isMode(value: unknown): value is Mode {
  return MODES.includes(value as Mode);
}

/** A mode from what the user gave (a flag, a config value, a library option); anything else is a UsageError. */
export function parseMode(value: unknown): Mode {
  if (!isMode(value)) throw new UsageError(`--mode must be ${MODES.join(' or ')}, not "${String(value)}"`);
  return value;
}

const isSeconds = (value: number) => Number.isFinite(value) && value >= 0;

/**
 * Each numeric option's flag, what it must be and the check: the one place for the library, the CLI and the
 * config file's schema.
 */
export const NUMERIC_OPTIONS = {
  jobs: {
    flag: '--jobs',
    expected: 'an integer from 1 to 64',
    valid: (value: number) => Number.isInteger(value) && value >= 1 && value <= 64,
  },
  maxDiffRows: {
    flag: '--max-diff-rows',
    expected: 'a non-negative integer',
    valid: (value: number) => Number.isInteger(value) && value >= 0,
  },
  lockTimeout: { flag: '--lock-timeout', expected: 'a number of seconds (0 for none)', valid: isSeconds },
  statementTimeout: { flag: '--statement-timeout', expected: 'a number of seconds (0 for none)', valid: isSeconds },
  recheckAfter: {
    flag: '--recheck-after',
    expected: 'a number of seconds up to 3600 (0 for no recheck)',
    valid: (value: number) => isSeconds(value) && value <= 3600,
  },
  recheckTimes: {
    flag: '--recheck-times',
    expected: 'an integer from 1 to 100',
    valid: (value: number) => Number.isInteger(value) && value >= 1 && value <= 100,
  },
} as const;

/** The options that take a number. */
export type NumericOption = keyof typeof NUMERIC_OPTIONS;

/**
 * A numeric option's value, from a number or from the text typed on the command line; anything else is a
 * UsageError quoting the value as given (`--jobs abc`, not the NaN it would become).
 */
export function numericOption(name: NumericOption, value: unknown): number {
  const rule = NUMERIC_OPTIONS[name];
  const number =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!rule.valid(number)) throw new UsageError(`${rule.flag} must be ${rule.expected}, not "${String(value)}"`);
  return number;
}

/** A row filter that stays one condition inside the brackets it is put in (see strayBracket). */
function oneCondition(flag: string, filter: string | undefined): string | undefined {
  const stray = filter === undefined ? undefined : strayBracket(filter);
  if (stray === undefined) return filter;
  throw new UsageError(
    `${flag} ${JSON.stringify(filter)}: the ")" at character ${stray + 1} closes a bracket the filter did not open; a filter must be one condition`,
  );
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
