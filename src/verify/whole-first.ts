import {
  checksummedWhole,
  readTenantChecksums,
  readWholeChecksums,
  readWholeChecksumsWith,
  type TenantRows,
  type WholeChecksum,
} from '../compare/whole-checksums.js';
import type { Table } from '../catalog/types.js';
import type { SideSession } from '../connect/session.js';
import { ITEMS_PER_STATEMENT } from '../connect/union-batches.js';
import {
  factsQueries,
  readCheckFacts,
  type CheckFacts,
  type FactsQuery,
  type FactsSubject,
} from '../checks/check-facts.js';
import { subjectFromPlan, type CheckSubject } from '../checks/subject.js';
import type { TablePlan } from '../plan/table-plan.js';
import type { TenantRoute } from '../plan/tenant-route.js';
import type { Side } from '../summary.js';
import { onBothSides } from './both-sides.js';
import { planPair, type PlanContext } from './plan-pair.js';
import type { ChecksConfig } from '../checks/run-checks.js';
import type { TablePair } from './select-tables.js';
import type { TableStructureOutcome } from './structure.js';

/** A pair's plan and, for a small table, both sides' whole-table checksums and its checks' facts, read with other tables'. */
export interface PreparedTable {
  readonly plan: TablePlan;
  /** Undefined for a table not checksummed whole first, or whose batch failed. */
  readonly whole: Readonly<Record<Side, WholeChecksum>> | undefined;
  /** Undefined when the checks are off or need no aggregate of this table. */
  readonly facts: CheckFacts | undefined;
}

/**
 * Fast mode's first pass of every small table of the run, read in a few statements per side rather than one
 * per table and side, and the checks' counts with them (check-facts.ts): most of a nightly fan-out's cost is
 * round trips to tables of a few hundred rows. Every pair it plans keeps its plan; tables it reads nothing for
 * (large ones, those whose batch fails) are checksummed as before, and one-sided pairs or pairs whose plan
 * fails are left to their own check.
 */
export async function prepareWholeTables(
  pairs: readonly TablePair[],
  sessions: Readonly<Record<Side, SideSession>>,
  context: PlanContext & { readonly checks: ChecksConfig },
  structure: ReadonlyMap<string, TableStructureOutcome> | undefined,
  fanOut?: FanOutSource,
): Promise<Map<string, PreparedTable>> {
  // A part's statements go out before the next part is planned: the servers read while pgverify plans.
  const parts: Array<Promise<Map<string, PreparedTable>>> = [];
  for (let start = 0; start < pairs.length; start += ITEMS_PER_STATEMENT) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    const part = preparePart(pairs.slice(start, start + ITEMS_PER_STATEMENT), sessions, context, structure, fanOut);
    // Awaited below; until then, a part that fails must not be left rejected and unhandled.
    part.catch(() => undefined);
    parts.push(part);
  }
  return new Map((await Promise.all(parts)).flatMap((part) => [...part]));
}

/** prepareWholeTables for one part of the pairs: planned, then read in one statement per side (and one of facts). */
async function preparePart(
  pairs: readonly TablePair[],
  sessions: Readonly<Record<Side, SideSession>>,
  context: PlanContext & { readonly checks: ChecksConfig },
  structure: ReadonlyMap<string, TableStructureOutcome> | undefined,
  fanOut: FanOutSource | undefined,
): Promise<Map<string, PreparedTable>> {
  const plans = new Map<string, TablePlan>();
  const small: TablePlan[] = [];
  const subjects = new Map<TablePlan, FactsSubject>();
  const routes = new Map<TablePlan, TenantRoute>();
  for (const pair of pairs) {
    const { source, target } = pair;
    if (source === undefined || target === undefined) continue;
    const outcome = structure?.get(pair.name);
    if (outcome !== undefined && 'error' in outcome) continue;
    try {
      const plan = planPair({ ...pair, source, target }, context);
      plans.set(pair.name, plan);
      if (!checksummedWhole(plan)) continue;
      small.push(plan);
      subjects.set(plan, { subject: subjectFromPlan(plan, target), source });
      if (pair.sourceRoute !== undefined) routes.set(plan, pair.sourceRoute);
    } catch {
      // The table's own check plans it again and reports why it cannot be compared.
    }
  }
  const queries = context.checks.enabled
    ? factsQueries([...subjects.values()], context.checks)
    : new Map<CheckSubject, FactsQuery>();
  const targetRead = readTargetAndFacts(small, (plan) => queries.get(subjects.get(plan)!.subject), sessions.target);
  const read = await onBothSides(
    fanOut === undefined
      ? readWholeChecksums(small, sessions.source)
      : readFanOutChecksums(
          small,
          (plan) => ({ table: subjects.get(plan)!.source, route: routes.get(plan) }),
          sessions.source,
          fanOut,
        ),
    targetRead.then(({ checksums }) => checksums),
  );
  const { facts } = await targetRead;
  const prepared = new Map<string, PreparedTable>();
  for (const [name, plan] of plans) {
    const source = read.source.get(plan);
    const target = read.target.get(plan);
    const whole = source !== undefined && target !== undefined ? { source, target } : undefined;
    const subject = subjects.get(plan)?.subject;
    prepared.set(name, { plan, whole, facts: subject === undefined ? undefined : facts.get(subject) });
  }
  return prepared;
}

/**
 * The target's whole-table checksums of `plans` and their checks' facts (`queryOf`). A table without a target
 * filter has its facts read by its checksum's scan; a filtered one, whose checksum reads only some rows, has
 * them read apart, at the same time.
 */
async function readTargetAndFacts(
  plans: readonly TablePlan[],
  queryOf: (plan: TablePlan) => FactsQuery | undefined,
  session: SideSession,
): Promise<{ checksums: Map<TablePlan, WholeChecksum>; facts: Map<CheckSubject, CheckFacts> }> {
  const along = (plan: TablePlan) => (plan.target.where === undefined ? queryOf(plan) : undefined);
  const apart = plans.flatMap((plan) => {
    const query = queryOf(plan);
    return query !== undefined && along(plan) === undefined ? [query] : [];
  });
  const [read, facts] = await Promise.all([
    readWholeChecksumsWith(plans, session, along),
    readCheckFacts(apart, session),
  ]);
  const checksums = new Map<TablePlan, WholeChecksum>();
  for (const [plan, { checksum, aggregates, subqueries }] of read) {
    checksums.set(plan, checksum);
    const query = along(plan);
    if (query !== undefined) facts.set(query.subject, query.facts(aggregates, subqueries));
  }
  return { checksums, facts };
}

/** A run of a forEach fan-out whose tenants share the source's tables, and how the fan-out shares reads. */
export interface FanOutSource {
  readonly rows: Omit<TenantRows, 'type'>;
  /** This run's tenant. */
  readonly tenant: string;
  /** The fan-out's memo: a read made for all tenants is made once (see SharedSessions.memo). */
  readonly memo: <T>(key: string, work: () => Promise<T>) => Promise<T>;
}

/**
 * The source's whole-table checksums of a fan-out's run: each shared table is read once for every tenant
 * (readTenantChecksums), and this run takes its tenant's; a table without the tenant column is grouped through
 * its route's foreign keys. A table with neither, or whose grouped read fails, is read for this run alone.
 */
async function readFanOutChecksums(
  plans: readonly TablePlan[],
  sourceOf: (plan: TablePlan) => { readonly table: Table | undefined; readonly route: TenantRoute | undefined },
  session: SideSession,
  fanOut: FanOutSource,
): Promise<Map<TablePlan, WholeChecksum>> {
  const found = new Map<TablePlan, WholeChecksum>();
  const alone: TablePlan[] = [];
  await Promise.all(
    plans.map(async (plan) => {
      const { table, route } = sourceOf(plan);
      const type = route?.tenantType ?? table?.columns.find((column) => column.name === fanOut.rows.column)?.type;
      const key = `tenant checksums:${plan.source.from}:${JSON.stringify([plan.source.hashFields, route?.hops])}`;
      const tenants =
        type === undefined
          ? undefined
          : await fanOut
              .memo(key, () => readTenantChecksums(plan, session, { ...fanOut.rows, type, route }))
              .catch(() => undefined);
      const checksum = tenants?.get(fanOut.tenant);
      if (checksum === undefined) alone.push(plan);
      else found.set(plan, checksum);
    }),
  );
  for (const [plan, checksum] of await readWholeChecksums(alone, session)) found.set(plan, checksum);
  return found;
}
