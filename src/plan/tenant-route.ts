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
  /** Nullable foreign key columns on the route (`attachments.message_id`): a row holding NULL there reaches no tenant. */
  readonly nullable: readonly string[];
  /** Other routes as good (`transfers.to_order_id → orders`): a row whose routes reach different tenants is read by this one's. */
  readonly alternatives: readonly string[];
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
 * run's filter applying to the first table on the way that has the column. A route all of whose foreign keys
 * are NOT NULL (every row reaches a tenant) wins over one with a nullable key, then the shortest, then by the
 * foreign keys' names. Only tables of `tables` are passed through; a table with no route is left out (its
 * filter is the run's, and fails on the missing column as before).
 */
export function tenantRoutes(tables: readonly Table[], tenantColumn: string, where: string): Map<string, TenantRoute> {
  const routes = new Map<string, TenantRoute>();
  for (const [name, { hops, alternatives }] of searchedRoutes(tables, tenantColumn)) {
    routes.set(name, {
      through: hops.map((hop) => hop.parent.name),
      where: routeSql(hops, where),
      hops: hops.map(({ key, parent }) => ({
        columns: key.columns,
        referencedColumns: key.referencedColumns,
        parent: qualifiedName(parent.schema, parent.name),
      })),
      tenantType: hops.at(-1)!.parent.columns.find((column) => column.name === tenantColumn)!.type,
      nullable: hops.flatMap(({ key, from }) =>
        nullableKey(from, key)
          ? key.columns.filter((column) => !notNull(from, column)).map((column) => `${from.name}.${column}`)
          : [],
      ),
      alternatives,
    });
  }
  return routes;
}

/** One step of a route as it is searched: a foreign key of `from` and the table it points at. */
interface Hop {
  readonly from: Table;
  readonly key: ForeignKey;
  readonly parent: Table;
}

/** A route found, and the cost it is ranked by (NULLABLE_HOP a nullable foreign key, 1 a NOT NULL one). */
interface Found {
  readonly hops: readonly Hop[];
  readonly cost: number;
}

/** Any route of NOT NULL keys, however long, beats one that can leave a row without a tenant. */
const NULLABLE_HOP = 1_000;

/**
 * The best route of every table without the column, and the routes as good, in words. The search depends only on
 * the catalog, which a fan-out shares between its stores: it is made once per catalog and column.
 */
function searchedRoutes(
  tables: readonly Table[],
  tenantColumn: string,
): Map<string, { hops: readonly Hop[]; alternatives: readonly string[] }> {
  const memo = SEARCHED.get(tables) ?? new Map<string, ReturnType<typeof searchedRoutes>>();
  SEARCHED.set(tables, memo);
  const known = memo.get(tenantColumn);
  if (known !== undefined) return known;
  const byName = new Map(tables.map((table) => [idOf(table), table]));
  const found = new Map<string, { hops: readonly Hop[]; alternatives: readonly string[] }>();
  for (const table of tables) {
    if (hasColumn(table, tenantColumn)) continue;
    // Each foreign key of the table as the first step, then the best route on from its parent.
    const candidates = sortedKeys(table).flatMap((key): Found[] => {
      const parent = byName.get(`${key.referencedSchema}.${key.referencedTable}`);
      if (parent === undefined || parent === table) return [];
      const first = { hops: [{ from: table, key, parent }], cost: hopCost(table, key) };
      if (hasColumn(parent, tenantColumn)) return [first];
      const rest = cheapestRoute(parent, byName, tenantColumn, idOf(table));
      return rest === undefined ? [] : [{ hops: [...first.hops, ...rest.hops], cost: first.cost + rest.cost }];
    });
    if (candidates.length === 0) continue;
    const best = Math.min(...candidates.map((candidate) => candidate.cost));
    const [chosen, ...others] = candidates.filter((candidate) => candidate.cost === best);
    found.set(table.name, {
      hops: chosen!.hops,
      alternatives: others.map(
        ({ hops }) =>
          `${table.name}.${hops[0]!.key.columns.join(', ')} → ${hops.map((hop) => hop.parent.name).join(' → ')}`,
      ),
    });
  }
  memo.set(tenantColumn, found);
  return found;
}

const SEARCHED = new WeakMap<readonly Table[], Map<string, ReturnType<typeof searchedRoutes>>>();

/** The cheapest route from `start` to a table with the column (Dijkstra over the foreign keys), not through `avoid`. */
function cheapestRoute(
  start: Table,
  byName: ReadonlyMap<string, Table>,
  tenantColumn: string,
  avoid: string,
): Found | undefined {
  const best = new Map<string, Found>([[idOf(start), { hops: [], cost: 0 }]]);
  const done = new Set([avoid]);
  for (;;) {
    let next: [string, Found] | undefined;
    for (const entry of best)
      if (!done.has(entry[0]) && (next === undefined || entry[1].cost < next[1].cost)) next = entry;
    if (next === undefined) return undefined;
    const [id, route] = next;
    done.add(id);
    const table = route.hops.at(-1)?.parent ?? start;
    if (route.hops.length > 0 && hasColumn(table, tenantColumn)) return route;
    for (const key of sortedKeys(table)) {
      const parentId = `${key.referencedSchema}.${key.referencedTable}`;
      const parent = byName.get(parentId);
      if (parent === undefined || done.has(parentId)) continue;
      const cost = route.cost + hopCost(table, key);
      if ((best.get(parentId)?.cost ?? Infinity) > cost)
        best.set(parentId, { hops: [...route.hops, { from: table, key, parent }], cost });
    }
  }
}

/** A table's foreign keys by name: among routes as good, the first found is taken. */
function sortedKeys(table: Table): ForeignKey[] {
  return [...table.foreignKeys].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function hopCost(table: Table, key: ForeignKey): number {
  return nullableKey(table, key) ? NULLABLE_HOP : 1;
}

function nullableKey(table: Table, key: ForeignKey): boolean {
  return key.columns.some((name) => !notNull(table, name));
}

function notNull(table: Table, name: string): boolean {
  return table.columns.find((column) => column.name === name)?.notNull === true;
}

const idOf = (table: Table): string => `${table.schema}.${table.name}`;

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
