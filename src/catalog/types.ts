/** One column of a table as the catalog describes it. */
export interface Column {
  readonly name: string;
  /** format_type() text, e.g. `character varying(20)` or `numeric(12,2)`. */
  readonly type: string;
  /** The type name after resolving domains, e.g. `int4`, `numeric`, `_int4` for int[]. */
  readonly baseType: string;
  /** pg_type.typcategory of the base type (N numeric, S string, A array, ...). */
  readonly category: string;
  readonly notNull: boolean;
  /** The column's collation name when it is not the database default. */
  readonly collation: string | null;
}

/** A key rows can be matched on: a primary key or a unique index on NOT NULL columns. */
export interface UniqueKey {
  readonly columns: readonly string[];
  readonly primary: boolean;
}

/** A table of one schema with what the comparison needs to know about it. */
export interface Table {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly Column[];
  /** Primary key first, then unique NOT NULL keys, fewest columns first. */
  readonly keys: readonly UniqueKey[];
  /** The planner's row estimate (pg_class.reltuples); -1 when never analysed. */
  readonly estimatedRows: number;
}
