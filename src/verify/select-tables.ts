import type { Table } from '../catalog/types.js';
import { UsageError } from '../errors.js';
import { matchColumns } from '../plan/column-match.js';
import { columnRulesFor, type ColumnRules, type MatchRules } from '../plan/match-rules.js';
import { applyValueRules } from '../plan/value-rules.js';
import type { TenantRoute } from '../plan/tenant-route.js';

/** A table name with what each side has under it (undefined: absent on that side). */
export interface TablePair {
  /** The source table's name (the target's for a target-only table): how reports and --tables name it. */
  readonly name: string;
  readonly source: Table | undefined;
  readonly target: Table | undefined;
  /** Renamed and ignored columns of this table. */
  readonly columns: ColumnRules;
  /** A source table without the tenant column, in a run that selects a tenant's rows: how its rows are selected. */
  readonly sourceRoute?: TenantRoute;
}

const NO_RULES: MatchRules = { tables: new Map(), columns: new Map(), ignored: new Map() };

/**
 * Pairs the tables of both schemas by name (or by --map-table), restricted by --tables and --exclude.
 * A name in --tables or --exclude that neither side has, or a table or column of --map-table, --map-column or
 * --ignore-columns that is not there, is a usage error: it is almost always a typo.
 */
export function selectTables(
  sourceTables: readonly Table[],
  targetTables: readonly Table[],
  include: readonly string[],
  exclude: readonly string[],
  rules: MatchRules = NO_RULES,
): TablePair[] {
  const sources = new Map(sourceTables.map((table) => [table.name, table]));
  const targets = new Map(targetTables.map((table) => [table.name, table]));
  checkRules(rules, sources, targets);
  // A target table claimed by a mapping is only ever compared with its mapped source table.
  const claimed = new Set(rules.tables.values());
  const targetNameOf = (name: string): string | undefined =>
    rules.tables.get(name) ?? (claimed.has(name) ? undefined : name);
  const targetOnly = [...targets.keys()].filter((name) => !claimed.has(name) && !sources.has(name));
  const known = new Set([...sources.keys(), ...targetOnly]);
  for (const [flag, names] of [
    ['--tables', include],
    ['--exclude', exclude],
  ] as const) {
    const unknown = names.filter((name) => !known.has(name));
    if (unknown.length > 0)
      throw new UsageError(
        `${flag}: no table named ${unknown.map((name) => JSON.stringify(name)).join(', ')} on either side`,
      );
  }
  const excluded = new Set(exclude);
  const names = include.length > 0 ? [...new Set(include)] : [...known].sort();
  const pairs = names
    .filter((name) => !excluded.has(name))
    .map((name) => {
      const source = sources.get(name);
      const targetName = source === undefined ? name : targetNameOf(name);
      const target = targetName === undefined ? undefined : targets.get(targetName);
      return { name, source, target, columns: columnRulesFor(rules, source?.name, target?.name) };
    });
  // A --tolerance or --time-precision that cannot apply fails the run before any row is read, not the table.
  // (Only tables with such a rule are matched here: planning matches every pair again.)
  for (const { name, source, target, columns } of pairs)
    if (source !== undefined && target !== undefined && hasValueRules(columns))
      applyValueRules(name, columns, matchColumns(source, target, columns));
  return pairs;
}

/**
 * `--tenant` values check every compared target table that has the tenant column; a column that no table of the
 * target schema has (a typo, or the default `tenant_id` where the schema says `store_id`) would check nothing
 * and pass. The whole schema is looked at, not only the compared tables: `--tables` may leave out those with it.
 */
export function assertTenantColumnFound(
  targetTables: readonly Table[],
  column: string,
  tenants: readonly string[],
): void {
  if (tenants.length === 0 || targetTables.length === 0 || targetTables.some((table) => hasColumn(table, column)))
    return;
  throw new UsageError(
    `--tenant-column ${JSON.stringify(column)}: no table of the target schema "${targetTables[0]!.schema}" has this column, so --tenant would check nothing`,
  );
}

/** The integer types' ranges: a tenant value must parse as one to be compared with such a column. */
const INTEGER_RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  int2: [-(2n ** 15n), 2n ** 15n - 1n],
  int4: [-(2n ** 31n), 2n ** 31n - 1n],
  int8: [-(2n ** 63n), 2n ** 63n - 1n],
};

/**
 * A tenant value an integer tenant column cannot hold (`--tenant abc` for a `store_id integer`) would make every
 * table an error naming the tenant check: refused once, before anything is compared.
 */
export function assertTenantsFit(targetTables: readonly Table[], column: string, tenants: readonly string[]): void {
  for (const table of targetTables) {
    const found = table.columns.find((candidate) => candidate.name === column);
    const range = found === undefined ? undefined : INTEGER_RANGES[found.baseType];
    if (range === undefined) continue;
    for (const tenant of tenants) {
      const value = /^\s*[+-]?\d+\s*$/.test(tenant) ? BigInt(tenant.trim()) : undefined;
      if (value !== undefined && value >= range[0] && value <= range[1]) continue;
      throw new UsageError(
        `tenant ${JSON.stringify(tenant)} cannot be a value of the tenant column "${column}" (${found!.type} in the target's ${table.name})`,
      );
    }
  }
}

const hasValueRules = (columns: ColumnRules): boolean =>
  (columns.tolerances?.size ?? 0) > 0 || (columns.timePrecision?.size ?? 0) > 0;

const hasColumn = (table: Table, name: string): boolean => table.columns.some((column) => column.name === name);

/**
 * Every rename and ignore rule must name tables and columns the schemas have: a typo would otherwise pass
 * unnoticed (a column ignored that is not there) or turn into a table of missing rows (a mapping to no table).
 */
function checkRules(rules: MatchRules, sources: ReadonlyMap<string, Table>, targets: ReadonlyMap<string, Table>): void {
  for (const [from, to] of rules.tables) {
    if (!sources.has(from)) throw new UsageError(`--map-table ${from}=${to}: no source table named "${from}"`);
    if (!targets.has(to)) throw new UsageError(`--map-table ${from}=${to}: no target table named "${to}"`);
  }
  for (const [table, renamed] of rules.columns) {
    const targetName = rules.tables.get(table) ?? table;
    for (const [from, to] of renamed) {
      const entry = `--map-column ${table}.${from}=${to}`;
      const source = sources.get(table);
      const target = targets.get(targetName);
      if (source === undefined) throw new UsageError(`${entry}: no source table named "${table}"`);
      if (target === undefined) throw new UsageError(`${entry}: no target table named "${targetName}"`);
      if (!hasColumn(source, from)) throw new UsageError(`${entry}: source table ${table} has no column "${from}"`);
      if (!hasColumn(target, to)) throw new UsageError(`${entry}: target table ${targetName} has no column "${to}"`);
    }
  }
  for (const [flag, tables] of [
    ['--tolerance', rules.tolerances],
    ['--time-precision', rules.timePrecision],
  ] as const) {
    for (const [table, columns] of tables ?? []) {
      if (table !== '*' && !sources.has(table) && !targets.has(table))
        throw new UsageError(`${flag} ${table}.${[...columns.keys()][0]!}: no table named "${table}" on either side`);
    }
  }
  for (const [table, columns] of rules.ignored) {
    // `*.c` is a policy for whichever tables have c (a shared config's `*.updated_at`): it may match none.
    if (table === '*') continue;
    // An ignore rule matches a table by its name on either side (columnRulesFor).
    const tables = [sources.get(table), targets.get(table)].filter((found) => found !== undefined);
    for (const column of columns) {
      const entry = `--ignore-columns ${table}.${column}`;
      if (tables.length === 0) throw new UsageError(`${entry}: no table named "${table}" on either side`);
      if (!tables.some((found) => hasColumn(found, column)))
        throw new UsageError(`${entry}: table ${table} has no column "${column}" on either side`);
    }
  }
}
