/** One column of a table as the catalog describes it. */
export interface Column {
  readonly name: string;
  /** format_type() text, e.g. `character varying(20)` or `numeric(12,2)`. */
  readonly type: string;
  /** The type name after resolving domains, e.g. `int4`, `numeric`, `_int4` for int[]. */
  readonly baseType: string;
  /** pg_type.typcategory of the base type (N numeric, S string, A array, ...). */
  readonly category: string;
  /** No row can hold NULL here: a valid NOT NULL constraint (not PostgreSQL 18's NOT VALID one). */
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
  /** Foreign keys declared on this table, by name. */
  readonly foreignKeys: readonly ForeignKey[];
  /** Sequences feeding its columns, in column order. */
  readonly sequences: readonly ColumnSequence[];
  /** A materialized view, compared like a table when --tables names it: its rows are refreshed, not written. */
  readonly materialized?: true;
}

/** A foreign key declared on a table: its columns point at `referencedColumns` of another (or the same) table. */
export interface ForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  readonly referencedSchema: string;
  readonly referencedTable: string;
  /** Pairwise with `columns`. */
  readonly referencedColumns: readonly string[];
}

/** How a sequence came to feed a column. */
export type SequenceKind = 'serial' | 'identity' | 'default';

/** A sequence's state; sequences are not transactional, so this is their value when the catalog was read. */
export interface SequenceState {
  readonly lastValue: bigint;
  /** False right after creation or `setval(..., false)`: the next value is lastValue itself. */
  readonly isCalled: boolean;
}

/** A sequence that hands out values of one column: serial, identity or a nextval() default. */
export interface ColumnSequence {
  readonly column: string;
  readonly schema: string;
  readonly name: string;
  readonly kind: SequenceKind;
  readonly increment: bigint;
  /** Null when this role may not read the sequence (no SELECT privilege on it or its schema). */
  readonly state: SequenceState | null;
  /** How the sequence is declared, as the structure comparison needs it. */
  readonly definition: SequenceDefinition;
}

/** A sequence's declaration (CREATE SEQUENCE ... AS type MINVALUE ... MAXVALUE ... CYCLE) and who may use it. */
export interface SequenceDefinition {
  /** format_type() of the sequence's type: `integer`, `bigint`, `smallint`. */
  readonly dataType: string;
  readonly minValue: bigint;
  readonly maxValue: bigint;
  readonly cycle: boolean;
  readonly grants: readonly Grant[];
}

/** One privilege a role holds on a table or sequence: a row of aclexplode() (the owner's implicit ones included). */
export interface Grant {
  /** The role's name, or `PUBLIC`. */
  readonly grantee: string;
  /** `SELECT`, `INSERT`, `USAGE`, ... as aclexplode() names it. */
  readonly privilege: string;
  readonly grantable: boolean;
}
