import { compareExact } from '../compare/exact.js';
import { compareFast, type SideClients } from '../compare/fast.js';
import { DiffTally } from '../compare/tally.js';
import type { SideClient, SideSession } from '../connect/session.js';
import { DatabaseError, describeError } from '../errors.js';
import { filterClause, qualifiedName } from '../plan/sql.js';
import { planTable, type TablePlan } from '../plan/table-plan.js';
import type { DiffSink } from '../report/diff-writer.js';
import type { Mode, Side, TableResult } from '../summary.js';
import type { TablePair } from './select-tables.js';

/** What checking one table needs from the run. */
export interface TableCheckContext {
  readonly sessions: Record<Side, SideSession>;
  readonly where: Record<Side, string | undefined>;
  readonly mode: Mode;
  readonly sink: DiffSink;
  /** Whether both servers hash native values alike (probed once per run). */
  readonly nativeHash: boolean;
}

/** Checks one table and returns its result; failures of the check become an `error` result, never a throw. */
export async function checkTable(pair: TablePair, context: TableCheckContext): Promise<TableResult> {
  const started = performance.now();
  const finish = (result: Omit<TableResult, 'durationMs' | 'warnings' | 'name'> & { warnings?: string[] }): TableResult => ({
    name: pair.name,
    warnings: [],
    ...result,
    durationMs: Math.round(performance.now() - started),
  });
  try {
    if (pair.source === undefined || pair.target === undefined) return finish(await checkOneSided(pair, context));
    const { source, target } = pair;
    const plan = planTable(source, target, {
      source: { where: context.where.source, serverVersion: context.sessions.source.serverVersion, nativeHash: context.nativeHash },
      target: { where: context.where.target, serverVersion: context.sessions.target.serverVersion, nativeHash: context.nativeHash },
    });
    const tally = new DiffTally(plan, context.sink);
    const rows = await withBothClients(context.sessions, async (clients) => {
      await Promise.all([validateFilter(plan, clients, 'source'), validateFilter(plan, clients, 'target')]);
      return context.mode === 'exact' ? compareExact(plan, clients, tally) : compareFast(plan, clients, tally);
    });
    const differs = tally.missing + tally.extra + tally.changed > 0;
    const lost = plan.sourceOnly.length > 0;
    const reasons = [
      ...(lost ? [`columns only in source (data lost): ${plan.sourceOnly.join(', ')}`] : []),
      ...(differs ? [`${tally.missing} missing, ${tally.extra} extra, ${tally.changed} changed rows`] : []),
    ];
    return finish({
      status: lost || differs ? 'fail' : 'pass',
      ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
      rows: { source: rows.sourceRows, target: rows.targetRows },
      diff: { missing: tally.missing, extra: tally.extra, changed: tally.changed },
      columns: columnsOf(plan),
      key: plan.keyed ? plan.keyColumns : null,
      warnings: plan.keyed ? [] : ['no primary key or unique NOT NULL key: compared as a multiset of rows'],
    });
  } catch (error) {
    return finish({
      status: 'error',
      reason: describeError(error),
      rows: { source: null, target: null },
      diff: { missing: 0, extra: 0, changed: 0 },
      columns: { compared: [], sourceOnly: [], targetOnly: [] },
      key: null,
    });
  }
}

/** A table on one side only: every row there is missing (or extra), counted but not listed. */
async function checkOneSided(pair: TablePair, context: TableCheckContext) {
  const side: Side = pair.source !== undefined ? 'source' : 'target';
  const table = (pair.source ?? pair.target)!;
  const rows = await context.sessions[side].withClient(async (client) => {
    const result = await client.query<{ rows: string }>({
      text: `SELECT count(*)::int8 AS rows FROM ${qualifiedName(table.schema, table.name)} WHERE ${filterClause(context.where[side])}`,
      queryMode: 'extended',
    });
    return Number(result.rows[0]!.rows);
  });
  const names = table.columns.map((column) => column.name);
  return {
    status: 'fail' as const,
    reason: side === 'source' ? 'table missing in target' : 'table missing in source',
    rows: { source: side === 'source' ? rows : null, target: side === 'target' ? rows : null },
    diff: { missing: side === 'source' ? rows : 0, extra: side === 'target' ? rows : 0, changed: 0 },
    columns: { compared: [], sourceOnly: side === 'source' ? names : [], targetOnly: side === 'target' ? names : [] },
    key: null,
  };
}

/**
 * Runs the user's filter once through the extended protocol, which refuses more than one statement:
 * a filter cannot smuggle a second command into the COPY and checksum queries that follow.
 */
async function validateFilter(plan: TablePlan, clients: SideClients, side: Side): Promise<void> {
  const sql = plan[side];
  if (sql.where === undefined) return;
  try {
    await clients[side].query({ text: `SELECT 1 FROM ${sql.from} WHERE ${filterClause(sql.where)} LIMIT 0`, queryMode: 'extended' });
  } catch (error) {
    const cause = error instanceof DatabaseError ? error.cause : error;
    throw new DatabaseError(side, `invalid --${side}-where filter: ${describeError(cause)}`, cause);
  }
}

function withBothClients<T>(sessions: Record<Side, SideSession>, work: (clients: SideClients) => Promise<T>): Promise<T> {
  return sessions.source.withClient((source: SideClient) => sessions.target.withClient((target: SideClient) => work({ source, target })));
}

function columnsOf(plan: TablePlan) {
  const compared = plan.keyed ? [...plan.keyColumns, ...plan.valueColumns] : [...plan.keyColumns];
  return { compared, sourceOnly: [...plan.sourceOnly], targetOnly: [...plan.targetOnly] };
}
