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

/** The comparison plan of a pair both sides have. Throws for a pair it cannot compare (see planTable). */
export function planPair(pair: TablePair & { source: Table; target: Table }, context: PlanContext): TablePlan {
  return planTable(
    pair.source,
    pair.target,
    {
      source: { where: context.where.source, hashFunctions: context.hashFunctions.source },
      target: { where: context.where.target, hashFunctions: context.hashFunctions.target },
    },
    pair.columns,
  );
}
