import type { ForeignKey, Table } from '../catalog/types.js';
import { filterClause, qualifiedName, quoteIdent } from '../sql.js';

/**
 * How a source table without the tenant column takes its rows of a tenant: through its foreign keys to a table
 * that has the column (order_items → orders.store_id, messages → conversations → customers.store_id).
 */
export interface TenantRoute {
  /** The tables the route passes through, from the table's parent to the one the run's filter applies to. */
  readonly through: readonly string[];
  /** The table's source filter: its rows whose foreign key points at a parent row the run's filter selects. */
  readonly where: string;
  /** The foreign keys followed, from the table's own to the one into the table with the tenant column. */
  readonly hops: readonly RouteHop[];
  /** The tenant column's type in that last table, as format_type() prints it. */
  readonly tenantType: string;
}

/** One foreign key of a route: `columns` of a table point at `referencedColumns` of `parent`. */
export interface RouteHop {
  readonly columns: readonly string[];
  readonly referencedColumns: readonly string[];
  /** Qualified and quoted: `"public"."orders"`. */
  readonly parent: string;
}

/**
 * The routes of the source tables that lack `tenantColumn`, for a run whose source filter `where` selects a
 * tenant's rows by that column: each such table is filtered by the parent rows its foreign key reaches, the
 * run's filter applying to the first table on the way that has the column. The shortest route wins; between
 * routes as short, the one whose foreign key columns are NOT NULL (every row reaches a tenant), then by the
 * foreign key's name. Only tables of `tables` are passed through; a table with no route is left out (its
 * filter is the run's, and fails on the missing column as before).
 */
export function tenantRoutes(tables: readonly Table[], tenantColumn: string, where: string): Map<string, TenantRoute> {
  const byName = new Map(tables.map((table) => [`${table.schema}.${table.name}`, table]));
  const routes = new Map<string, TenantRoute>();
  for (const table of tables) {
    if (hasColumn(table, tenantColumn)) continue;
    const hops = shortestRoute(table, byName, tenantColumn);
    if (hops === undefined) continue;
    routes.set(table.name, {
      through: hops.map((hop) => hop.parent.name),
      where: routeSql(hops, where),
      hops: hops.map(({ key, parent }) => ({
        columns: key.columns,
        referencedColumns: key.referencedColumns,
        parent: qualifiedName(parent.schema, parent.name),
      })),
      tenantType: hops.at(-1)!.parent.columns.find((column) => column.name === tenantColumn)!.type,
    });
  }
  return routes;
}

/** One step of a route as it is searched: a foreign key of a table and the table it points at. */
interface Hop {
  readonly key: ForeignKey;
  readonly parent: Table;
}

/** Breadth first over the foreign keys, so the first table reached with the column is the nearest. */
function shortestRoute(start: Table, byName: ReadonlyMap<string, Table>, tenantColumn: string): Hop[] | undefined {
  const seen = new Set([`${start.schema}.${start.name}`]);
  let frontier: Array<{ table: Table; hops: Hop[] }> = [{ table: start, hops: [] }];
  while (frontier.length > 0) {
    const next: typeof frontier = [];
    for (const { table, hops } of frontier) {
      for (const key of [...table.foreignKeys].sort((a, b) => keyOrder(table, a, b))) {
        const id = `${key.referencedSchema}.${key.referencedTable}`;
        const parent = byName.get(id);
        if (parent === undefined || seen.has(id)) continue;
        seen.add(id);
        const route = [...hops, { key, parent }];
        if (hasColumn(parent, tenantColumn)) return route;
        next.push({ table: parent, hops: route });
      }
    }
    frontier = next;
  }
  return undefined;
}

/** NOT NULL foreign keys first (none of their rows is left without a tenant), then by name. */
function keyOrder(table: Table, a: ForeignKey, b: ForeignKey): number {
  const nullable = (key: ForeignKey) =>
    key.columns.some((name) => table.columns.find((column) => column.name === name)?.notNull !== true) ? 1 : 0;
  return nullable(a) - nullable(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/**
 * `(fk) IN (SELECT key FROM parent WHERE (fk') IN (SELECT ... WHERE <where>))`, innermost first. Each column is
 * unqualified, as the run's filter is: it names the columns of the innermost FROM, the table it is written for.
 */
function routeSql(hops: readonly Hop[], where: string): string {
  let clause = filterClause(where);
  for (let index = hops.length - 1; index >= 0; index--) {
    const { key, parent } = hops[index]!;
    clause = `(${columnList(key.columns)}) IN (SELECT ${columnList(key.referencedColumns)} FROM ${qualifiedName(parent.schema, parent.name)} WHERE ${clause})`;
  }
  return clause;
}

/** `"a", "b"`: columns quoted, optionally qualified by `alias`. */
export function columnList(names: readonly string[], alias?: string): string {
  return names.map((name) => (alias === undefined ? quoteIdent(name) : `${alias}.${quoteIdent(name)}`)).join(', ');
}

const hasColumn = (table: Table, name: string): boolean => table.columns.some((column) => column.name === name);
