import type { SideSession } from '../connect/session.js';
import { readUnionBatches } from '../connect/union-batches.js';
import { rowHashSql } from '../plan/row-hash.js';
import { columnRef, type TablePlan } from '../plan/table-plan.js';
import { columnList, type TenantRoute } from '../plan/tenant-route.js';
import { filterClause, quoteIdent } from '../sql.js';
import type { Side } from '../summary.js';
import type { Checksum } from './checksums.js';
import { keyHashBuckets } from './key-hash.js';

/** Tables expected to hold up to this many rows are checksummed whole before they are cut into buckets. */
export const WHOLE_TABLE_FIRST_ROWS = 100_000;

/** One side's whole-table checksum, as compareFast's first pass reads it: bucket 0, absent when empty. */
export type WholeChecksum = Map<number, Checksum>;

/**
 * Whether compareFast starts `plan` with one checksum of the whole table (see WHOLE_TABLE_FIRST_ROWS): a small
 * table keyed by an integer, a keyless one, or one whose key-hash first pass would be one bucket (a total
 * already). Such checksums can be read for many tables at once.
 */
export function checksummedWhole(plan: TablePlan): boolean {
  if (!plan.keyed) return true;
  return plan.keyKinds[0] === 'integer' ? plan.estimatedRows <= WHOLE_TABLE_FIRST_ROWS : keyHashBuckets(plan) === 1;
}

/**
 * The whole-table checksums of many tables of one side, read by one statement per hundred tables (see
 * readUnionBatches). The extended protocol refuses a second statement, so each table's filter is also proven
 * to be one condition. A table left out (its statement failed: a filter naming a column it lacks) is then
 * checksummed on its own and fails there with its own message.
 */
export async function readWholeChecksums(
  plans: readonly TablePlan[],
  session: SideSession,
): Promise<Map<TablePlan, WholeChecksum>> {
  const read = await readWholeChecksumsWith(plans, session, () => undefined);
  return new Map([...read].map(([plan, { checksum }]) => [plan, checksum]));
}

/**
 * What a caller reads of a table in the statement of its whole-table checksum: aggregates of the same rows,
 * computed by the same scan, and scalar subqueries. Values come back as text.
 */
export interface Beside {
  readonly aggregates: readonly string[];
  readonly subqueries: readonly string[];
}

/** A table's whole-table checksum and the values of what was read beside it, in their order. */
export interface WholeRead {
  readonly checksum: WholeChecksum;
  readonly aggregates: ReadonlyArray<string | null>;
  readonly subqueries: ReadonlyArray<string | null>;
}

/**
 * readWholeChecksums, with `beside` each table read in the same statement: the checks' counts (check-facts.ts)
 * of a nightly fan-out's small tables then cost no second scan, plan and round trip. The caller makes sure the
 * aggregates want the rows the checksum reads.
 */
export async function readWholeChecksumsWith(
  plans: readonly TablePlan[],
  session: SideSession,
  beside: (plan: TablePlan) => Beside | undefined,
): Promise<Map<TablePlan, WholeRead>> {
  const side: Side = session.side;
  type Row = {
    entry: number;
    part: number;
    rows: string | null;
    hash: string | null;
    facts: Array<string | null> | null;
  };
  const batches = await readUnionBatches<TablePlan, Row>(session, plans, (plan, index) => {
    const { aggregates = [], subqueries = [] } = beside(plan) ?? {};
    return [
      `SELECT ${index} AS entry, 0 AS part, count(*)::int8 AS rows, sum(${rowHashSql(plan[side].hashFields)})::text AS hash, ${textArray(aggregates)} AS facts FROM ${plan[side].from} WHERE ${filterClause(plan[side].where)}`,
      ...(subqueries.length > 0
        ? [`SELECT ${index} AS entry, 1 AS part, NULL, NULL, ${textArray(subqueries)} AS facts`]
        : []),
    ];
  });
  const found = new Map<TablePlan, WholeRead>();
  for (const { batch, rows } of batches) {
    const subqueries = new Map(rows.filter((row) => row.part === 1).map((row) => [row.entry, row.facts ?? []]));
    for (const row of rows)
      if (row.part === 0)
        found.set(batch[row.entry]!, {
          checksum: wholeChecksumOf(row),
          aggregates: row.facts ?? [],
          subqueries: subqueries.get(row.entry) ?? [],
        });
  }
  return found;
}

function textArray(values: readonly string[]): string {
  return values.length === 0 ? 'NULL::text[]' : `ARRAY[${values.join(', ')}]::text[]`;
}

/** The tenants of a fan-out whose rows share one table on a side: each run's rows are `column = '<tenant>'`. */
export interface TenantRows {
  readonly column: string;
  /** The column's type as format_type() prints it: each tenant value is cast to it, as the run's filter does. */
  readonly type: string;
  /** The runs' own filter on that side, before the tenant condition; undefined for none. */
  readonly where: string | undefined;
  readonly tenants: readonly string[];
  /** A table without the tenant column: the foreign keys to the table that has it (plan/tenant-route.ts). */
  readonly route?: Pick<TenantRoute, 'hops'>;
}

/**
 * One table's whole-table checksum for every tenant of a fan-out in one read of the shared table (grouped by the
 * tenant column), instead of one filtered read per tenant: the nightly run of 89 stores whose rows share the
 * source's tables. Each tenant value is cast to the column's type and matched with `=`, as the run's own
 * `column = '<tenant>'` filter matches; a tenant without rows has an empty checksum, as its run would read.
 */
export async function readTenantChecksums(
  plan: TablePlan,
  session: SideSession,
  rows: TenantRows,
): Promise<Map<string, WholeChecksum>> {
  const side: Side = session.side;
  const { from, column, where } = tenantGroups(plan[side].from, rows);
  const text = `SELECT v.tenant, g.rows, g.hash FROM unnest($1::text[]) AS v(tenant)
  LEFT JOIN (SELECT ${column} AS value, count(*)::int8 AS rows, sum(${rowHashSql(plan[side].hashFields)})::text AS hash
               FROM ${from}
              WHERE ${where}
              GROUP BY 1) AS g
    ON g.value = v.tenant::${rows.type}`;
  const result = await session.withClient((client) =>
    client.query<{ tenant: string; rows: string | null; hash: string | null }>({ text, values: [rows.tenants] }),
  );
  return new Map(result.rows.map((row) => [row.tenant, wholeChecksumOf(row)]));
}

const ROUTE = '"pgverify route"';

/**
 * What readTenantChecksums groups: the table's rows by their tenant column, or, for a table reached through
 * foreign keys, joined to the keys of its parent rows of the tenants, each with its tenant. A parent's key is
 * unique, so every row joins one parent row at most: each is counted once, for the tenant its filter gives it.
 */
function tenantGroups(table: string, rows: TenantRows): { from: string; column: string; where: string } {
  const tenantOf = (column: string) => `${column} = ANY ($1::text[]::${rows.type}[])`;
  if (rows.route === undefined) {
    const column = columnRef(rows.column);
    return { from: table, column, where: `(${filterClause(rows.where)}) AND ${tenantOf(column)}` };
  }
  const hops = rows.route.hops;
  const keys = (alias: string, count: number) => Array.from({ length: count }, (_, i) => `${alias}."k${i}"`).join(', ');
  // Innermost first: the table with the column, filtered as the runs filter it, then each parent on the way.
  let parents = '';
  for (let index = hops.length - 1; index >= 0; index--) {
    const hop = hops[index]!;
    const selected = hop.referencedColumns.map((name, i) => `p.${quoteIdent(name)} AS "k${i}"`).join(', ');
    const next = hops[index + 1];
    parents =
      next === undefined
        ? `SELECT ${selected}, p.${quoteIdent(rows.column)} AS tenant FROM ${hop.parent} AS p WHERE (${filterClause(rows.where)}) AND ${tenantOf(`p.${quoteIdent(rows.column)}`)}`
        : `SELECT ${selected}, q.tenant FROM ${hop.parent} AS p JOIN (${parents}) AS q ON (${columnList(next.columns, 'p')}) = (${keys('q', next.columns.length)})`;
  }
  return {
    from: `${table} JOIN (${parents}) AS ${ROUTE} ON (${hops[0]!.columns.map(columnRef).join(', ')}) = (${keys(ROUTE, hops[0]!.columns.length)})`,
    column: `${ROUTE}.tenant`,
    where: 'TRUE',
  };
}

/** A whole-table count and hash sum as one bucket, none for no rows (a NULL count: a tenant without a group). */
function wholeChecksumOf(row: { rows: string | null; hash: string | null }): WholeChecksum {
  const count = Number(row.rows ?? 0);
  return new Map(count === 0 ? [] : [[0, { rows: count, hash: row.hash ?? '0' }]]);
}
