import type { HashFunctions } from '../catalog/hash-functions.js';
import type { Table } from '../catalog/types.js';
import { planTable, type TablePlan } from '../plan/table-plan.js';
import type { Side } from '../summary.js';
import type { TablePair } from './select-tables.js';

/** What planning a pair needs from the run: each side's filter and hash functions. */
export interface PlanContext {
  readonly where: Record<Side, string | undefined>;
  readonly hashFunctions: Record<Side, HashFunctions>;
}

/** The pair's filter per side: the run's, but a source table reached through its foreign keys has its own. */
export function pairWhere(pair: TablePair, where: Record<Side, string | undefined>): Record<Side, string | undefined> {
  return pair.sourceRoute === undefined ? where : { source: pair.sourceRoute.where, target: where.target };
}

/** The comparison plan of a pair both sides have. Throws for a pair it cannot compare (see planTable). */
export function planPair(pair: TablePair & { source: Table; target: Table }, context: PlanContext): TablePlan {
  const where = pairWhere(pair, context.where);
  return planTable(
    pair.source,
    pair.target,
    {
      source: { where: where.source, hashFunctions: context.hashFunctions.source },
      target: { where: where.target, hashFunctions: context.hashFunctions.target },
    },
    pair.columns,
  );
}
