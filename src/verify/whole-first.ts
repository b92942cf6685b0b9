import { checksummedWhole, readWholeChecksums, type WholeChecksum } from '../compare/whole-checksums.js';
import type { SideSession } from '../connect/session.js';
import { readCheckFacts, type CheckFacts, type FactsSubject } from '../checks/check-facts.js';
import { subjectFromPlan, type CheckSubject } from '../checks/subject.js';
import type { TablePlan } from '../plan/table-plan.js';
import type { Side } from '../summary.js';
import { onBothSides } from './both-sides.js';
import { planPair, type PlanContext } from './plan-pair.js';
import type { ChecksConfig } from '../checks/run-checks.js';
import type { TablePair } from './select-tables.js';
import type { TableStructureOutcome } from './structure.js';

/** A pair's plan, both sides' whole-table checksums and its checks' facts, read before its check with other tables'. */
export interface PreparedTable {
  readonly plan: TablePlan;
  readonly whole: Readonly<Record<Side, WholeChecksum>>;
  /** Undefined when the checks are off or need no aggregate of this table. */
  readonly facts: CheckFacts | undefined;
}

/**
 * Fast mode's first pass of every small table of the run, read in a few statements per side rather than one
 * per table and side, and the checks' counts with them (check-facts.ts): most of a nightly
 * fan-out's cost is round trips to tables of a few hundred rows. Tables
 * it leaves out (large ones, one-sided ones, those whose plan or batch fails) are checked as before.
 */
export async function prepareWholeTables(
  pairs: readonly TablePair[],
  sessions: Readonly<Record<Side, SideSession>>,
  context: PlanContext & { readonly checks: ChecksConfig },
  structure: ReadonlyMap<string, TableStructureOutcome> | undefined,
): Promise<Map<string, PreparedTable>> {
  const plans = new Map<string, TablePlan>();
  const subjects = new Map<TablePlan, FactsSubject>();
  for (const pair of pairs) {
    const { source, target } = pair;
    if (source === undefined || target === undefined) continue;
    const outcome = structure?.get(pair.name);
    if (outcome !== undefined && 'error' in outcome) continue;
    try {
      const plan = planPair({ ...pair, source, target }, context);
      if (!checksummedWhole(plan)) continue;
      plans.set(pair.name, plan);
      subjects.set(plan, { subject: subjectFromPlan(plan, target), source });
    } catch {
      // The table's own check plans it again and reports why it cannot be compared.
    }
  }
  if (plans.size === 0) return new Map();
  const batch = [...plans.values()];
  const [read, facts] = await Promise.all([
    onBothSides(readWholeChecksums(batch, sessions.source), readWholeChecksums(batch, sessions.target)),
    context.checks.enabled
      ? readCheckFacts([...subjects.values()], context.checks, sessions.target)
      : new Map<CheckSubject, CheckFacts>(),
  ]);
  const prepared = new Map<string, PreparedTable>();
  for (const [name, plan] of plans) {
    const source = read.source.get(plan);
    const target = read.target.get(plan);
    if (source !== undefined && target !== undefined)
      prepared.set(name, { plan, whole: { source, target }, facts: facts.get(subjects.get(plan)!.subject) });
  }
  return prepared;
}
