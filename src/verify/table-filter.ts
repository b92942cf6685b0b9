import type { SideClients } from '../connect/session.js';
import { DatabaseError, describeError } from '../errors.js';
import type { TablePlan } from '../plan/table-plan.js';
import { truncateText } from '../report/format.js';
import { filterClause } from '../sql.js';
import type { Side } from '../summary.js';

/**
 * Runs the user's filter once through the extended protocol, which refuses more than one statement:
 * a filter cannot smuggle a second command into the COPY and checksum queries that follow. A failure shows the
 * run's filter `shown` (the plan's may be a route's SQL built around it).
 */
export async function validateFilter(
  plan: TablePlan,
  clients: SideClients,
  side: Side,
  shown: string | undefined,
): Promise<void> {
  const sql = plan[side];
  if (sql.where === undefined) return;
  try {
    await clients[side].query({
      text: `SELECT 1 FROM ${sql.from} WHERE ${filterClause(sql.where)} LIMIT 0`,
      queryMode: 'extended',
    });
  } catch (error) {
    throw filterFailure(side, shown ?? sql.where, error);
  }
}

/**
 * What PostgreSQL says of a filter that does not fit a table: a column it lacks, a function or operator for
 * another type, a literal its column's type cannot hold, a syntax error.
 */
const FILTER_MISFITS = new Set(['42703', '42883', '42804', '22P02', '42601']);

/** Whether a query failed because its filter does not fit the table (FILTER_MISFITS), not for another reason. */
export function filterMisfits(error: unknown): boolean {
  const cause = error instanceof DatabaseError ? error.cause : error;
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && FILTER_MISFITS.has(code);
}

/**
 * A side's filter that failed on a table, shown as the run has it: a forEach run's holds its tenant condition,
 * which nobody typed; a table reached through its foreign keys shows the run's filter, not its route's SQL.
 */
export function filterFailure(side: Side, where: string, error: unknown): DatabaseError {
  const cause = error instanceof DatabaseError ? error.cause : error;
  const filter = truncateText(where.replace(/\s+/g, ' ').trim(), 80);
  return new DatabaseError(side, `invalid --${side}-where filter (${filter}): ${describeError(cause)}`, cause);
}
