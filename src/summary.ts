/** The verdict of one table or of a whole run. `error` means the check itself could not finish. */
export type Status = 'pass' | 'fail' | 'error';

/** `fast` compares in-database checksums and fetches only differing ranges; `exact` streams every row. */
export type Mode = 'fast' | 'exact';

/** Which side of the migration a value, a failure or a connection belongs to. */
export type Side = 'source' | 'target';

/** The outcome of comparing one table: counts are exact whatever the diff cap. */
export interface TableResult {
  /** The source table's name (the target's for a table only the target has). */
  readonly name: string;
  /** The target table's name when --map-table compared the source table with a table of another name. */
  readonly targetName?: string;
  readonly status: Status;
  readonly reason?: string;
  readonly rows: { readonly source: number | null; readonly target: number | null };
  readonly diff: RowDiffCounts;
  readonly columns: {
    readonly compared: readonly string[];
    readonly sourceOnly: readonly string[];
    readonly targetOnly: readonly string[];
    /** Compared columns the target names differently (--map-column): source name -> target name. */
    readonly renamed?: Readonly<Record<string, string>>;
    /** Columns left out of the comparison on both sides (--ignore-columns). */
    readonly ignored?: readonly string[];
    /** Compared columns whose numbers were equal within a tolerance (--tolerance): column -> N. */
    readonly tolerances?: Readonly<Record<string, string>>;
    /** Compared columns read truncated to a precision (--time-precision): column -> ms, s, min or h. */
    readonly timePrecision?: Readonly<Record<string, string>>;
  };
  /**
   * A source table without the tenant column, in a run selecting a tenant's rows: the tables its foreign keys
   * pass through to one with the column, and the filter its source rows were read with (instead of the run's).
   */
  readonly sourceRoute?: {
    readonly through: readonly string[];
    readonly where: string;
    /** Nullable foreign key columns on the way (`attachments.message_id`): rows holding NULL reach no tenant. */
    readonly nullable?: readonly string[];
    /** Routes as good as the one taken, in words (`transfers.to_order_id → orders`). */
    readonly alternatives?: readonly string[];
  };
  /** The columns rows were matched on; null when the table has no usable key and was compared as a multiset. */
  readonly key: readonly string[] | null;
  readonly warnings: readonly string[];
  /** Present only when tenant values were given and the target table has the tenant column. */
  readonly tenant?: TenantFinding;
  /** One entry per foreign key declared on the source or the target table. */
  readonly integrity: readonly IntegrityFinding[];
  /** One entry per sequence feeding a column of the target table. */
  readonly sequences: readonly SequenceFinding[];
  /** How the target table's structure differs from the source's; absent when the structure was not compared. */
  readonly structure?: readonly StructureFinding[];
  readonly durationMs: number;
}

/** A table's row differences. Counts are exact whatever the diff cap. */
export interface RowDiffCounts {
  readonly missing: number;
  readonly extra: number;
  readonly changed: number;
  /** Only with --recheck-after: rows that differed, then were equal when read again; they do not fail the table. */
  readonly inFlight?: number;
}

/** The kinds of object the structure comparison looks at on a table. */
export type TableStructureObject =
  'column' | 'constraint' | 'index' | 'trigger' | 'policy' | 'rls' | 'grant' | 'sequence';

/**
 * The kinds of object compared once per run, listed in the summary's top-level `structure`: the schema's views,
 * materialized views and the functions its tables' triggers and defaults call, the databases' extensions, and
 * the databases' encoding and collation (`database`).
 */
export type SchemaStructureObject = 'view' | 'matview' | 'function' | 'extension' | 'database';

export type StructureObject = TableStructureObject | SchemaStructureObject;

/** `missing`: only the source has it; `extra`: only the target; `changed`: both, with different definitions. */
export type StructureChange = 'missing' | 'extra' | 'changed';

/** `fail`: lost or weakened on the target, fails the table; `warning`: needs a look; `info`: added or widened. */
export type StructureSeverity = 'fail' | 'warning' | 'info';

/** One difference between the source's and the target's declared structure of a table. */
export interface StructureFinding {
  readonly object: StructureObject;
  /** The object's name on the side that has it (the source's when both do); the grantee for a grant. */
  readonly name: string;
  readonly change: StructureChange;
  readonly severity: StructureSeverity;
  /** Readable definitions, e.g. `numeric(12,2) NOT NULL` or `CREATE INDEX ... USING btree (telefono)`; null on the side that lacks it. */
  readonly source: string | null;
  readonly target: string | null;
}

/** Tenant coverage of a target table's rows (after --target-where): NULL or unexpected tenant values. */
export interface TenantFinding {
  readonly column: string;
  readonly expected: readonly string[];
  readonly nulls: number;
  readonly unexpected: number;
  /** Whether the column is declared NOT NULL; false is a warning, not a failure. */
  readonly notNull: boolean;
}

/** Where a foreign key is declared; keys are matched across the two schemas by table and column names. */
export type DeclaredOn = 'source' | 'target' | 'both';

/** One foreign key checked against the target's rows; counts are null when the key was skipped. */
export interface IntegrityFinding {
  readonly name: string;
  readonly columns: readonly string[];
  readonly references: { readonly table: string; readonly columns: readonly string[] };
  readonly declaredOn: DeclaredOn;
  /** Child rows whose non-NULL key has no parent row in the target. */
  readonly orphans: number | null;
  /** Child rows linked to a parent of another tenant; null when either table lacks the tenant column. */
  readonly crossTenant: number | null;
  /** Why the key was not checked (parent table excluded or absent, columns gone). */
  readonly skipped?: string;
}

/** A sequence feeding a target column; values are decimal text because sequences are bigint. */
export interface SequenceFinding {
  /** The sequence's name, schema-qualified when it lives outside the table's schema. */
  readonly name: string;
  readonly column: string;
  /** What the next nextval() would return; null when skipped. */
  readonly nextValue: string | null;
  /** The column's current maximum; null when the table is empty or the check was skipped. */
  readonly maxValue: string | null;
  /** `fail` when nextValue is not greater than maxValue: the next insert would collide. */
  readonly status: 'pass' | 'fail' | 'skipped';
  readonly skipped?: string;
}

/** A server's version as it reports it: `server_version` ("15.18", maybe with a distributor's suffix) and `server_version_num` (150018). */
export interface ServerVersion {
  readonly version: string;
  readonly versionNum: number;
}

/** An installed extension and its version (pg_extension). */
export interface ExtensionVersion {
  readonly name: string;
  readonly version: string;
}

/** What the compared database holds beyond its tables: how it stores and sorts text, and its extensions. */
export interface DatabaseFacts {
  /** pg_encoding_to_char(encoding): `UTF8`. */
  readonly encoding: string;
  /** LC_COLLATE and LC_CTYPE of the database: `en_US.UTF-8`, `C`. */
  readonly collate: string;
  readonly ctype: string;
  /** `libc`, `icu` or `builtin` (pg_database.datlocprovider; always libc before PostgreSQL 15). */
  readonly collationProvider: string;
  /** The version of the database's default collation; null where the provider has none (the C locale). */
  readonly collationVersion: string | null;
  /** Every extension installed in the database, by name. */
  readonly extensions: readonly ExtensionVersion[];
}

/** A side's server as summary.json states it: its version, and its database's facts when the structure was compared. */
export type ServerFacts = ServerVersion & Partial<DatabaseFacts>;

/** What identifies a run for a sign-off: pgverify's version and the command that started it. */
export interface RunOrigin {
  readonly pgverifyVersion: string;
  /** The arguments after the program's name, passwords redacted; null when the library was called directly. */
  readonly commandLine: readonly string[] | null;
}

/**
 * Where the source's snapshot stands in its WAL and how far a subscriber on the target had applied it when
 * the target's snapshot was taken (summary.json's `replication`, with --recheck-after).
 */
export interface ReplicationPositions {
  /** The target's subscription (fed by the source's slot its subslotname names). */
  readonly subscription: string;
  /** The source's WAL position at its snapshot; what the subscriber had applied (confirmed_flush_lsn) at the end. */
  readonly sourceLsn: string;
  readonly appliedLsn: string | null;
  /** Whether it had reached sourceLsn; false when the wait ran out (bounded by --recheck-after). */
  readonly caughtUp: boolean;
  readonly waitedMs: number;
}

/** Everything a run found; the shape of summary.json. */
export interface Summary extends RunOrigin {
  readonly status: Status;
  /**
   * Present only when the run checked no table at all (a side unreachable, a schema or a --tables name that
   * does not exist, a forEach query failing): the one-line message the CLI printed. `tables` is then empty.
   */
  readonly reason?: string;
  readonly mode: Mode;
  /** Connection strings with the password removed. */
  readonly source: string;
  readonly target: string;
  readonly sourceSchema: string;
  readonly targetSchema: string;
  /** The row filters the run applied, when given. */
  readonly sourceWhere?: string;
  readonly targetWhere?: string;
  /** Each side's server version; null for a side the run never connected to. */
  readonly sourceServer: ServerFacts | null;
  readonly targetServer: ServerFacts | null;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Present (false) when the run compared rows only and skipped the tenant, integrity and sequence checks. */
  readonly checks?: false;
  /**
   * False when the run did not compare the structure (--no-structure); otherwise how the schema's views,
   * materialized views and functions, the databases' extensions, encoding and collation differ (empty when
   * they do not). A `fail` among them fails the run even when every table passes. Absent in a run that
   * stopped before comparing anything.
   */
  readonly structure?: false | readonly StructureFinding[];
  /** The run's --tolerance rules as `table.column` (or `*.column`) -> N; absent when none. */
  readonly tolerances?: Readonly<Record<string, string>>;
  /** The run's --time-precision rules as `table.column` (or `*.column`) -> ms, s, min or h; absent when none. */
  readonly timePrecision?: Readonly<Record<string, string>>;
  /**
   * Present when the run waited (--recheck-after) for the target, a logical-replication subscriber of the
   * source, to apply the source's snapshot before taking its own: both positions.
   */
  readonly replication?: ReplicationPositions;
  /** Present (true) when the run compared the structure only (--structure-only): no row was read, rows are null. */
  readonly structureOnly?: true;
  /** Present when the run was stopped (Ctrl-C, SIGTERM): unfinished tables are `error: interrupted`. */
  readonly interrupted?: true;
  readonly tables: readonly TableResult[];
  /** Present when the run was to be written to a history database (--history) and could not be: why. The verdict stands. */
  readonly historyError?: string;
}

/** The kinds of line diffs.csv holds: row differences, rows the tenant and integrity checks found, structure findings. */
export type DiffKind =
  | 'missing'
  | 'extra'
  | 'changed'
  | 'in_flight'
  | 'orphan'
  | 'cross_tenant'
  | 'tenant_null'
  | 'tenant_unexpected'
  | 'structure';

/** A field of a canonical row: text, or null for SQL NULL. */
export type Field = string | null;

/** One line of diffs.csv. Values are canonical text; null is SQL NULL. */
export interface DiffRecord {
  readonly table: string;
  readonly kind: DiffKind;
  /** The key value, or a JSON array of values for a composite key or a keyless row. */
  readonly key: string;
  readonly column: string | null;
  readonly sourceValue: string | null;
  readonly targetValue: string | null;
}

/** The reason of a table, or of a run of a fan-out, that a stopped run (Ctrl-C, SIGTERM) did not finish. */
export const INTERRUPTED = 'interrupted';

/** Whether a result only says that the run was stopped before it finished (nothing of the data). */
export function unfinished(result: { readonly status: Status; readonly reason?: string | undefined }): boolean {
  return result.status === 'error' && result.reason === INTERRUPTED;
}

/** The entry of a table that could not be checked: status `error` with its reason and no counts. */
export function uncheckedTable(name: string, reason: string, durationMs: number): TableResult {
  return {
    name,
    status: 'error',
    reason,
    rows: { source: null, target: null },
    diff: { missing: 0, extra: 0, changed: 0 },
    columns: { compared: [], sourceOnly: [], targetOnly: [] },
    key: null,
    warnings: [],
    integrity: [],
    sequences: [],
    durationMs,
  };
}

/**
 * Whether a table's rows were read and counted. An `error` table may be either: one that could not be compared
 * (uncheckedTable), or one whose comparison finished before a check could not run, its counts standing.
 */
export function wasCompared(result: Pick<TableResult, 'rows'>): boolean {
  return result.rows.source !== null || result.rows.target !== null;
}

/** The worst of several statuses: error over fail over pass. */
export function worstStatus(statuses: Iterable<Status>): Status {
  let worst: Status = 'pass';
  for (const status of statuses) {
    if (status === 'error') return 'error';
    if (status === 'fail') worst = 'fail';
  }
  return worst;
}

/** One run of several: its summary as in its own summary.json, with its name and directory. */
export interface RunSummary extends Summary {
  readonly name: string;
  /** The run's directory under the output directory: its name made safe for file systems. */
  readonly dir: string;
}

/** Everything several runs found; the shape of summary.json for a config file with `runs`. */
export interface RunsSummary extends RunOrigin {
  /** The worst status of the runs. */
  readonly status: Status;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Present when the runs were stopped (Ctrl-C, SIGTERM); runs not started are `error: interrupted`. */
  readonly interrupted?: true;
  readonly runs: readonly RunSummary[];
}
