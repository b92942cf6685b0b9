import type { TablePlan } from '../plan/table-plan.js';
import type { SideClients } from './fast.js';
import { mergeRows, type MergeCounts } from './merge.js';
import { orderedRowsSql } from './queries.js';
import { copyRows, drain } from './row-sources.js';
import type { DiffTally } from './tally.js';

/**
 * Exact mode: streams both sides in key order through COPY and merge-compares every row.
 * Equal rows are recognised by their bytes; only differing rows are decoded.
 */
export async function compareExact(plan: TablePlan, clients: SideClients, tally: DiffTally): Promise<MergeCounts> {
  const source = copyRows(clients.source, orderedRowsSql(plan.source));
  const target = copyRows(clients.target, orderedRowsSql(plan.target));
  try {
    return await mergeRows(plan.keyKinds, source, target, tally);
  } catch (error) {
    await Promise.all([drain(source), drain(target)]);
    throw error;
  }
}
