import type { ForeignKey, Table } from '../catalog/types.js';
import { UsageError } from '../errors.js';

/** A foreign key the source schema does not declare, given for routes (--link child.column=parent.column). */
export interface TenantLink {
  readonly table: string;
  readonly column: string;
  readonly parentTable: string;
  readonly parentColumn: string;
  /** As typed, for error messages. */
  readonly given: string;
}

/** `{ "order_notes.order_id": "orders.id" }` (config `links`, --link) as links; a malformed one is a UsageError. */
export function parseLinks(links: Readonly<Record<string, string>>): TenantLink[] {
  return Object.entries(links).map(([from, to]) => {
    const given = `${from}=${String(to)}`;
    const [child, parent] = [from, String(to)].map((side) => /^([^.]+)\.([^.]+)$/.exec(side.trim()));
    if (child == null || parent == null)
      throw new UsageError(`--link must be table.column=parent_table.column, not "${given}"`);
    return { table: child[1]!, column: child[2]!, parentTable: parent[1]!, parentColumn: parent[2]!, given };
  });
}

/**
 * The source tables with `links` added to their foreign keys, for the route search only. A link must name a
 * column of a source table and a key of the parent (its primary key or a unique key on NOT NULL columns): a
 * fan-out's grouped read joins each row to one parent row. Anything else is a UsageError naming the link.
 */
export function linkedTables(tables: readonly Table[], links: readonly TenantLink[]): readonly Table[] {
  if (links.length === 0) return tables;
  const memo = LINKED.get(tables) ?? new Map<string, readonly Table[]>();
  LINKED.set(tables, memo);
  const key = JSON.stringify(links);
  const known = memo.get(key);
  if (known !== undefined) return known;
  const byName = new Map(tables.map((table) => [table.name, table]));
  const added = new Map<string, ForeignKey[]>();
  for (const link of links) {
    const child = byName.get(link.table);
    const parent = byName.get(link.parentTable);
    const refuse = (why: string) => new UsageError(`--link ${link.given}: ${why}`);
    if (child === undefined) throw refuse(`the source schema has no table "${link.table}"`);
    if (parent === undefined) throw refuse(`the source schema has no table "${link.parentTable}"`);
    if (!hasColumn(child, link.column)) throw refuse(`source table ${link.table} has no column "${link.column}"`);
    if (!parent.keys.some((unique) => unique.columns.length === 1 && unique.columns[0] === link.parentColumn))
      throw refuse(`"${link.parentColumn}" is not the primary key nor a unique key of ${link.parentTable}`);
    added.set(link.table, [
      ...(added.get(link.table) ?? []),
      {
        name: `link ${link.given}`,
        columns: [link.column],
        referencedSchema: parent.schema,
        referencedTable: parent.name,
        referencedColumns: [link.parentColumn],
      },
    ]);
  }
  const linked = tables.map((table) => {
    const keys = added.get(table.name);
    return keys === undefined ? table : { ...table, foreignKeys: [...table.foreignKeys, ...keys] };
  });
  memo.set(key, linked);
  return linked;
}

const LINKED = new WeakMap<readonly Table[], Map<string, readonly Table[]>>();

const hasColumn = (table: Table, name: string): boolean => table.columns.some((column) => column.name === name);
