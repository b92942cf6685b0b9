import type { SideClients } from '../connect/session.js';
import type { SideSql, TablePlan } from '../plan/table-plan.js';
import { filterClause } from '../sql.js';
import type { Field } from '../summary.js';
import { compareKeys } from './key-compare.js';
import { mergeRows, type MergeCounts } from './merge.js';
import { Params, type Query } from './queries.js';
import { queryRows } from './row-sources.js';
import type { DiffTally } from './tally.js';

/** Keys looked up per query and side: one round trip each, small enough for the planner to use the key's index. */
export const KEY_BATCH = 1000;

/**
 * Compares only the rows of the given keys (canonical text, in key column order; a keyless table's whole
 * rows), a batch at a time on both sides: the cost grows with the number of keys, not with the table. A key
 * found on neither side is equal (it was deleted on both).
 */
export async function compareKeyList(
  plan: TablePlan,
  clients: SideClients,
  tally: DiffTally,
  keys: readonly (readonly Field[])[],
): Promise<MergeCounts> {
  const sorted = [...keys].sort((a, b) => compareKeys(plan.keyKinds, a, b));
  const distinct = sorted.filter(
    (key, index) => index === 0 || compareKeys(plan.keyKinds, sorted[index - 1]!, key) !== 0,
  );
  let sourceRows = 0;
  let targetRows = 0;
  for (let start = 0; start < distinct.length; start += KEY_BATCH) {
    const batch = distinct.slice(start, start + KEY_BATCH);
    const rows = (side: SideSql) => {
      const query = keyListRowsQuery(plan, side, batch);
      return queryRows(clients[side.side], query.text, query.values);
    };
    const counts = await mergeRows(plan.keyKinds, rows(plan.source), rows(plan.target), tally);
    sourceRows += counts.sourceRows;
    targetRows += counts.targetRows;
  }
  return { sourceRows, targetRows };
}

/**
 * The rows of one side whose key is one of `keys`, in key order. Integer, numeric and uuid keys are matched on
 * the column itself and text keys on its text, so the key's index serves the lookup; a keyless table's rows
 * are matched on their canonical text, NULL equal to NULL.
 */
export function keyListRowsQuery(plan: TablePlan, side: SideSql, keys: readonly (readonly Field[])[]): Query {
  const params = new Params();
  const arrays = plan.keyColumns.map((_, index) =>
    params.add(
      keys.map((key) => key[index] ?? null),
      `${plan.keyParamTypes[index]}[]`,
    ),
  );
  const aliases = arrays.map((_, index) => `keys.k${index}`);
  const list = `unnest(${arrays.join(', ')}) AS keys(${aliases.map((alias) => alias.slice(5)).join(', ')})`;
  const native = (index: number) => ['integer', 'numeric', 'uuid'].includes(plan.keyKinds[index]!);
  const columns = plan.keyColumns.map((_, index) => (native(index) ? side.keyOrder[index]! : side.keyText[index]!));
  const match = !plan.keyed
    ? `EXISTS (SELECT 1 FROM ${list} WHERE (${aliases.join(', ')}) IS NOT DISTINCT FROM (${columns.join(', ')}))`
    : columns.length === 1
      ? `${columns[0]} = ANY (${arrays[0]})`
      : `(${columns.join(', ')}) IN (SELECT ${aliases.join(', ')} FROM ${list})`;
  return {
    text: `SELECT ${[...side.keyText, ...side.valueText].join(', ')} FROM ${side.from} WHERE ${filterClause(side.where)} AND ${match} ORDER BY ${side.keyOrder.join(', ')}`,
    values: params.values,
  };
}
