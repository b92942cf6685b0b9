import type { Grant } from '../types.js';

/*
 * A table's declared structure as the catalog prints it, read with search_path set to the table's own schema:
 * names of that schema print unqualified (`nextval('orders_id_seq'::regclass)`), so two schemas holding the
 * same structure print the same text.
 */

/** Where a column's value comes from when an INSERT does not give it. */
export type ValueSource =
  | { readonly kind: 'default'; readonly expression: string }
  | { readonly kind: 'identity'; readonly always: boolean }
  | { readonly kind: 'generated'; readonly expression: string; readonly stored: boolean };

/** A column's declaration: type with typmod, NOT NULL, collation and default, identity or generation. */
export interface ColumnDefinition {
  readonly name: string;
  /** The name as definitions print it (quote_ident): `mail`, `"Mail"`, `"order"`. */
  readonly quotedName: string;
  /** format_type() with typmod: `numeric(12,2)`, `character varying(20)`, `integer[]`. */
  readonly type: string;
  readonly notNull: boolean;
  /** The quoted collation name when it is not the type's default (`"C"`), else null. */
  readonly collation: string | null;
  readonly valueSource: ValueSource | null;
}

/** The kinds of table constraint compared (NOT NULL is a column's property; PostgreSQL 18's `n` rows are left out). */
export type ConstraintKind = 'primary key' | 'unique' | 'check' | 'exclusion' | 'foreign key';

/** A table constraint with its pg_get_constraintdef() text, e.g. `CHECK ((total >= (0)::numeric))`. */
export interface ConstraintDefinition {
  readonly name: string;
  readonly kind: ConstraintKind;
  readonly definition: string;
  /**
   * A foreign key's behaviour, which its columns and parent (Table.foreignKeys, same name) do not say: match type,
   * ON UPDATE / ON DELETE actions, deferrability, validation; e.g. `s a c n n v`.
   */
  readonly behaviour: string | null;
}

/** An index with its definition minus its name and table: `CREATE INDEX ... USING btree (tenant_id, telefono)`. */
export interface IndexDefinition {
  readonly name: string;
  readonly definition: string;
  /** False for an index a failed CREATE INDEX CONCURRENTLY left behind: the planner never uses it. */
  readonly valid: boolean;
  /** True for the index behind a primary key, unique or exclusion constraint: compared as that constraint. */
  readonly backsConstraint: boolean;
  /** The first key column, or null when the index starts with an expression. */
  readonly leadingColumn: string | null;
}

/** A trigger with its definition minus name and table: `CREATE TRIGGER ... BEFORE UPDATE ON ... FOR EACH ROW EXECUTE FUNCTION touch()`. */
export interface TriggerDefinition {
  readonly name: string;
  readonly definition: string;
  /** pg_trigger.tgenabled in words: `enabled`, `disabled`, `enabled on replica only`, `enabled always`. */
  readonly state: string;
}

/** A row-level security policy in words: `AS PERMISSIVE FOR SELECT TO app USING (store_id = 4)`. */
export interface PolicyDefinition {
  readonly name: string;
  readonly definition: string;
}

/** One table's structure beyond its rows. */
export interface TableStructure {
  readonly name: string;
  readonly columns: readonly ColumnDefinition[];
  readonly constraints: readonly ConstraintDefinition[];
  readonly indexes: readonly IndexDefinition[];
  readonly triggers: readonly TriggerDefinition[];
  readonly policies: readonly PolicyDefinition[];
  readonly rowSecurity: { readonly enabled: boolean; readonly forced: boolean };
  readonly grants: readonly Grant[];
}
