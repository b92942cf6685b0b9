import type { TablePlan } from '../plan/table-plan.js';
import type { SideClients } from '../connect/session.js';
import { mergeRows, type MergeCounts } from './merge.js';
import { orderedRowsSql } from './queries.js';
import { copyRows, drain } from './row-sources.js';
import type { DiffTally } from './tally.js';

/**
 * Exact mode: streams both sides in key order through COPY and merge-compares every row.
 * Equal rows are recognised by their bytes; only differing rows are decoded.
 */
export function compareExact(plan: TablePlan, clients: SideClients, tally: DiffTally): Promise<MergeCounts> {
  return mergeCopies(
    plan,
    clients,
    { source: orderedRowsSql(plan.source), target: orderedRowsSql(plan.target) },
    tally,
  );
}

/** Streams the rows of a query per side (key order, COPY-safe SQL) through COPY into the merge. */
export async function mergeCopies(
  plan: TablePlan,
  clients: SideClients,
  sql: { source: string; target: string },
  tally: DiffTally,
): Promise<MergeCounts> {
  const source = copyRows(clients.source, sql.source);
  const target = copyRows(clients.target, sql.target);
  try {
    return await mergeRows(plan.keyKinds, source, target, tally);
  } catch (error) {
    // A COPY left behind mid-stream would leave its connection unusable.
    await Promise.all([drain(source), drain(target)]);
    throw error;
  }
}
