import type { Status } from '../summary.js';

/** The counts history keeps of each table of each run, under their column names in pgverify.table_results. */
export const TABLE_COUNTS = [
  'missing',
  'extra',
  'changed',
  'in_flight',
  'structure_failures',
  'tenant_nulls',
  'tenant_unexpected',
  'orphans',
  'cross_tenant',
  'sequence_failures',
] as const;

/** One of the counts history keeps per table. */
export type TableCount = (typeof TABLE_COUNTS)[number];

/** One table of one run, as pgverify.table_results holds it; a count is null where the run did not measure it. */
export interface TableNight {
  readonly runId: string;
  readonly startedAt: string;
  readonly status: Status;
  readonly counts: Readonly<Record<TableCount, number | null>>;
}

/** One run as pgverify.runs holds it. */
export interface RunNight {
  readonly runId: string;
  readonly startedAt: string;
  readonly status: Status;
  readonly reason: string | null;
}

/** The recorded runs of one run name, oldest first, and each table's results in them. */
export interface RunHistory {
  readonly name: string;
  readonly runs: readonly RunNight[];
  /** Per table name, its results, oldest first (a run that did not check the table has no entry). */
  readonly tables: ReadonlyMap<string, readonly TableNight[]>;
}

/** How a count moved over the nights shown: its first and last value and the change between them. */
export interface CountTrend {
  readonly count: TableCount;
  readonly first: number;
  readonly last: number;
  /** last - first; positive: growing. */
  readonly change: number;
  /** Each night's value, oldest first (null where the night did not measure it). */
  readonly values: readonly (number | null)[];
}

/** A run name's or a table's statuses over the recent nights, and what they add up to. */
export interface StatusStreak {
  /** Each night's status, oldest first; null where the run did not check the table. */
  readonly statuses: readonly (Status | null)[];
  /** `✓✓✗✗✗`: one mark per night, oldest first (✓ pass, ✗ fail, ! error, · not checked). */
  readonly strip: string;
  /** The newest status; null when the table was not checked on any night. */
  readonly lastStatus: Status | null;
  /** When it last passed (the run's start), null if never within the period. */
  readonly lastPassed: string | null;
  /** The start of the first run of the current streak of failures or errors; null when it passes now. */
  readonly failingSince: string | null;
  /** How many nights in a row it has not passed (0 when it passes now). */
  readonly failingNights: number;
}

/** One table of a run name over the recent nights, as `pgverify history` shows it. */
export interface TableTrend extends StatusStreak {
  readonly table: string;
  /** The counts that were not zero on some night, with how they moved. */
  readonly trends: readonly CountTrend[];
}

/** One run name (a config's run, a store of a forEach) over the recent nights, and its tables. */
export interface RunTrend extends StatusStreak {
  readonly run: string;
  /** The start of each night's run, oldest first. */
  readonly nights: readonly string[];
  readonly tables: readonly TableTrend[];
}

/** What `pgverify history` reports: every run name recorded in the period, and its tables. */
export interface HistoryReport {
  /** The period's start (ISO). */
  readonly since: string;
  readonly runs: readonly RunTrend[];
  /** False when the database holds no pgverify history at all (never written to by `check --history`). */
  readonly recorded?: boolean;
}
