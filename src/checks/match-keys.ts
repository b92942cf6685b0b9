import type { ForeignKey, Table } from '../catalog/types.js';
import type { MatchRules } from '../plan/match-rules.js';
import type { DeclaredOn } from '../summary.js';

/** What a foreign key is checked against: the parent table in the target schema. */
export interface KeyTarget {
  readonly parent: Table;
  /** The parent has one row at most per referenced value (a declared key needs a unique index), so a plain join counts right. */
  readonly parentUnique: boolean;
  /** The tenant column both tables have, or null: then the key has no cross-tenant check. */
  readonly tenantColumn: string | null;
}

/** A foreign key of a table, matched across both schemas, with what it is checked against or why it is not. */
export interface KeyCheck {
  readonly name: string;
  readonly columns: readonly string[];
  readonly parentName: string;
  readonly parentColumns: readonly string[];
  readonly declaredOn: DeclaredOn;
  readonly check: KeyTarget | { readonly skipped: string };
}

/** Everything matching needs to know about the run, built once. */
export interface KeyScope {
  readonly sourceSchema: string;
  readonly targetSchema: string;
  /** Every table of the target schema, checked or not. */
  readonly targetTables: ReadonlyMap<string, Table>;
  /** Names of the tables this run checks (after --tables and --exclude). */
  readonly checked: ReadonlySet<string>;
  readonly tenantColumn: string;
  /** --map-table and --map-column: a source key is checked under the target's names. */
  readonly rules?: MatchRules;
  /**
   * Target tables whose definition could not be read (DDL holds them), with why: a key into one is not checked,
   * as its count would wait out --lock-timeout for the same lock and fail the child table too.
   */
  readonly unreadable?: ReadonlyMap<string, string>;
}

/**
 * The foreign keys of one table declared on the source or the target, matched by parent table name and
 * column pairs (constraint names may differ): a source key pointing into the source schema is checked
 * against the table of the same name in the target schema.
 */
export function matchForeignKeys(source: Table | undefined, target: Table, scope: KeyScope): KeyCheck[] {
  const declared = new Map<string, { key: ForeignKey; schema: string; declaredOn: DeclaredOn }>();
  for (const sourceKey of source?.foreignKeys ?? []) {
    const key = inTargetNames(sourceKey, source!.name, scope);
    declared.set(signature(key, key.referencedSchema === scope.sourceSchema), {
      key,
      schema: scope.sourceSchema,
      declaredOn: 'source',
    });
  }
  for (const key of target.foreignKeys) {
    const id = signature(key, key.referencedSchema === scope.targetSchema);
    const fromSource = declared.get(id);
    declared.set(id, { key, schema: scope.targetSchema, declaredOn: fromSource === undefined ? 'target' : 'both' });
  }
  return [...declared.values()]
    .map(({ key, schema, declaredOn }): KeyCheck => ({
      name: key.name,
      columns: key.columns,
      parentName: key.referencedTable,
      parentColumns: key.referencedColumns,
      declaredOn,
      check: resolve(key, schema, declaredOn, target, scope),
    }))
    .sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
}

/** The warning a key declared on the source only deserves, whatever its rows say. */
export function missingKeyWarning(key: KeyCheck): string | undefined {
  if (key.declaredOn !== 'source') return undefined;
  return `foreign key ${key.name} (${key.columns.join(', ')}) -> ${key.parentName} (${key.parentColumns.join(', ')}) is declared on the source but not on the target`;
}

/** A source key with its table and column names as the target has them, so it matches the target's own key. */
export function inTargetNames(key: ForeignKey, table: string, scope: KeyScope): ForeignKey {
  const rules = scope.rules;
  if (rules === undefined || key.referencedSchema !== scope.sourceSchema) return key;
  const column = (owner: string) => (name: string) => rules.columns.get(owner)?.get(name) ?? name;
  return {
    ...key,
    columns: key.columns.map(column(table)),
    referencedTable: rules.tables.get(key.referencedTable) ?? key.referencedTable,
    referencedColumns: key.referencedColumns.map(column(key.referencedTable)),
  };
}

/** Keys pointing into their own schema match by table name; keys pointing elsewhere only match themselves. */
export function signature(key: ForeignKey, local: boolean): string {
  const pairs = key.columns.map((column, index) => `${column}>${key.referencedColumns[index]}`).sort();
  return JSON.stringify([local ? '' : key.referencedSchema, key.referencedTable, pairs]);
}

function resolve(
  key: ForeignKey,
  schema: string,
  declaredOn: DeclaredOn,
  target: Table,
  scope: KeyScope,
): KeyCheck['check'] {
  if (key.referencedSchema !== schema) {
    return { skipped: `references ${key.referencedSchema}.${key.referencedTable}, outside the ${schema} schema` };
  }
  const parent = scope.targetTables.get(key.referencedTable);
  if (parent === undefined) return { skipped: `parent table ${key.referencedTable} is absent from the target` };
  if (!scope.checked.has(parent.name))
    return { skipped: `parent table ${key.referencedTable} is excluded from this run` };
  const unreadable = scope.unreadable?.get(parent.name);
  if (unreadable !== undefined) return { skipped: `parent table ${parent.name} could not be read (${unreadable})` };
  const lost = missingColumns(target, key.columns);
  if (lost.length > 0) return { skipped: `column ${lost.join(', ')} is absent from the target table` };
  const lostInParent = missingColumns(parent, key.referencedColumns);
  if (lostInParent.length > 0)
    return { skipped: `column ${lostInParent.join(', ')} is absent from the target's ${parent.name}` };
  const sameColumns = (columns: readonly string[]) =>
    columns.length === key.referencedColumns.length && key.referencedColumns.every((name) => columns.includes(name));
  const hasTenant = (table: Table) => table.columns.some((column) => column.name === scope.tenantColumn);
  return {
    parent,
    parentUnique: declaredOn !== 'source' || parent.keys.some((unique) => sameColumns(unique.columns)),
    tenantColumn: hasTenant(target) && hasTenant(parent) ? scope.tenantColumn : null,
  };
}

function missingColumns(table: Table, names: readonly string[]): string[] {
  return names.filter((name) => !table.columns.some((column) => column.name === name));
}
