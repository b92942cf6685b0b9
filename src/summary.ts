/** The verdict of one table or of a whole run. `error` means the check itself could not finish. */
export type Status = 'pass' | 'fail' | 'error';

/** `fast` compares in-database checksums and fetches only differing ranges; `exact` streams every row. */
export type Mode = 'fast' | 'exact';

/** Which side of the migration a value, a failure or a connection belongs to. */
export type Side = 'source' | 'target';

/** The outcome of comparing one table: counts are exact whatever the diff cap. */
export interface TableResult {
  readonly name: string;
  readonly status: Status;
  readonly reason?: string;
  readonly rows: { readonly source: number | null; readonly target: number | null };
  readonly diff: { readonly missing: number; readonly extra: number; readonly changed: number };
  readonly columns: {
    readonly compared: readonly string[];
    readonly sourceOnly: readonly string[];
    readonly targetOnly: readonly string[];
  };
  /** The columns rows were matched on; null when the table has no usable key and was compared as a multiset. */
  readonly key: readonly string[] | null;
  readonly warnings: readonly string[];
  readonly durationMs: number;
}

/** Everything a run found; the shape of summary.json. */
export interface Summary {
  readonly status: Status;
  readonly mode: Mode;
  /** Connection strings with the password removed. */
  readonly source: string;
  readonly target: string;
  readonly sourceSchema: string;
  readonly targetSchema: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly tables: readonly TableResult[];
}

/** The kinds of line diffs.csv holds. */
export type DiffKind = 'missing' | 'extra' | 'changed';

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

/** The worst of several statuses: error over fail over pass. */
export function worstStatus(statuses: Iterable<Status>): Status {
  let worst: Status = 'pass';
  for (const status of statuses) {
    if (status === 'error') return 'error';
    if (status === 'fail') worst = 'fail';
  }
  return worst;
}
