import type { TablePlan } from '../plan/table-plan.js';
import { filterClause } from '../plan/sql.js';
import type { Side } from '../summary.js';
import type { SideClients } from './fast.js';
import { compareKeys } from './key-compare.js';
import { Params } from './queries.js';
import type { KeyBound } from './segment.js';

/** Rows per bucket the first pass aims at: a differing bucket is then small enough to fetch at once. */
const ROWS_PER_BUCKET = 1000;
const MAX_BUCKETS = 8192;
/** Below this many rows the first key column is read in full to place boundaries; above it, sampled. */
const FULL_READ_ROWS = 100_000;

/**
 * Boundaries on the first key column that cut the table into buckets of about ROWS_PER_BUCKET rows, so that
 * the first pass is one scan per side. Integer keys are cut evenly between min and max;
 * other keys at quantiles of a sample of the source.
 */
export async function firstPassBoundaries(plan: TablePlan, clients: SideClients, rows: number): Promise<KeyBound[]> {
  const buckets = Math.min(MAX_BUCKETS, Math.ceil(Math.max(rows, 0) / ROWS_PER_BUCKET));
  if (buckets <= 1) return [];
  const values = plan.keyKinds[0] === 'integer' ? await evenIntegerCuts(plan, clients, buckets) : await sampledCuts(plan, clients, buckets, rows);
  return values.map((value) => [value]);
}

async function evenIntegerCuts(plan: TablePlan, clients: SideClients, buckets: number): Promise<string[]> {
  const range = async (side: Side) => {
    const sql = plan[side];
    const result = await clients[side].query<{ low: string | null; high: string | null }>(
      `SELECT min(${sql.keyOrder[0]})::text AS low, max(${sql.keyOrder[0]})::text AS high FROM ${sql.from} WHERE ${filterClause(sql.where)}`,
    );
    return result.rows[0]!;
  };
  const ranges = (await Promise.all([range('source'), range('target')])).filter((row) => row.low !== null && row.high !== null);
  if (ranges.length === 0) return [];
  const low = ranges.map((row) => BigInt(row.low!)).reduce((a, b) => (a < b ? a : b));
  const high = ranges.map((row) => BigInt(row.high!)).reduce((a, b) => (a > b ? a : b));
  const width = (high - low + 1n) / BigInt(buckets);
  if (width < 1n) return [];
  return Array.from({ length: buckets - 1 }, (_, index) => (low + width * BigInt(index + 1)).toString());
}

async function sampledCuts(plan: TablePlan, clients: SideClients, buckets: number, rows: number): Promise<string[]> {
  const sql = plan.source;
  const params = new Params();
  const sample = rows > FULL_READ_ROWS
    ? ` TABLESAMPLE SYSTEM (${params.add(Math.min(100, (100 * buckets * 20) / rows), 'float8')})`
    : '';
  const result = await clients.source.query<[string]>({
    text: `SELECT ${sql.keyText[0]} FROM ${sql.from}${sample} WHERE ${filterClause(sql.where)}`,
    values: params.values,
    rowMode: 'array',
  });
  const kinds = plan.keyKinds.slice(0, 1);
  const keys = result.rows.map((row) => row[0]).sort((a, b) => compareKeys(kinds, [a], [b]));
  const distinct = keys.filter((key, index) => index === 0 || compareKeys(kinds, [keys[index - 1]!], [key]) !== 0);
  const step = distinct.length / buckets;
  const cuts: string[] = [];
  for (let index = 1; index < buckets; index++) {
    const cut = distinct[Math.floor(index * step)];
    if (cut !== undefined && cut !== cuts[cuts.length - 1]) cuts.push(cut);
  }
  return cuts;
}
