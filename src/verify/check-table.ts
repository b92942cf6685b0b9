import { runChecks, type CheckOutcome, type ChecksConfig } from '../checks/run-checks.js';
import { structureDiffRecord, structureFailures } from '../checks/structure/verdict.js';
import { subjectFromPlan, subjectOfTable } from '../checks/subject.js';
import { compareExact } from '../compare/exact.js';
import type { SideClients } from '../connect/session.js';
import { compareFast, settledByWhole } from '../compare/fast.js';
import { withClientsOnDemand } from '../connect/on-demand.js';
import { DiffTally } from '../compare/tally.js';
import type { SideSession } from '../connect/session.js';
import { describeError } from '../errors.js';
import { filterClause, qualifiedName } from '../sql.js';
import { filterFailure, filterMisfits, validateFilter } from './table-filter.js';
import type { HashFunctions } from '../catalog/hash-functions.js';
import type { TablePlan } from '../plan/table-plan.js';
import { pairWhere, planPair } from './plan-pair.js';
import type { DiffSink, RowDiffSink } from '../diff-sink.js';
import type { Table } from '../catalog/types.js';
import { compareKeyList } from '../compare/key-list.js';
import { RecordedRows } from '../compare/recorded-rows.js';
import { NO_LINES } from '../diff-sink.js';
import { uncheckedTable, type Field, type Mode, type RowDiffCounts, type Side, type TableResult } from '../summary.js';
import { rowDiffText } from '../report/format.js';
import { onBothSides } from './both-sides.js';
import type { TablePair } from './select-tables.js';
import type { PreparedTable } from './whole-first.js';
import type { TableStructureOutcome } from './structure.js';

/** What checking one table needs from the run. */
export interface TableCheckContext {
  readonly sessions: Record<Side, SideSession>;
  readonly where: Record<Side, string | undefined>;
  readonly mode: Mode;
  readonly sink: DiffSink;
  /** Each server's hash function per type, for the types both hash alike (probed once per run). */
  readonly hashFunctions: Record<Side, HashFunctions>;
  /** Tenant values and foreign-key scope for the checks that follow the diff. */
  readonly checks: ChecksConfig;
  /** The pair's structure findings, compared from the catalog before any row is read; undefined: not compared. */
  readonly structure?: TableStructureOutcome;
  /** --structure-only: the structure decides the table; no row is read and no check runs. */
  readonly structureOnly?: boolean;
  /** The pair's plan and its first checksums, when the run read them beforehand with other tables'. */
  readonly prepared?: PreparedTable;
  /** Rows read so far of the larger side, and the planner's estimate of the total (null: unknown), for progress displays. */
  readonly onRows?: (done: number, total: number | null) => void;
  /** Where every differing row goes, uncapped: the repair script and the key list (runs with an output directory). */
  readonly repair?: (plan: TablePlan, target: Table) => RowDiffSink;
  /** Whether the table passed the run's previous recording (--history): fast mode then reads its totals first. */
  readonly passedBefore?: (() => Promise<boolean>) | undefined;
  /** A recheck: only the rows of these keys (keys.jsonl's, in key column order) are compared, not the table. */
  readonly keys?: readonly (readonly Field[])[];
  /**
   * --recheck-after: the differing rows are kept here, not written, until they are read again (verify/in-flight.ts);
   * called only for a table whose rows differ.
   */
  readonly hold?: (plan: TablePlan, target: Table, rows: RecordedRows) => void;
}

/** Checks one table and returns its result; failures of the check become an `error` result, never a throw. */
export async function checkTable(pair: TablePair, context: TableCheckContext): Promise<TableResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const finish = (
    result: Omit<TableResult, 'durationMs' | 'warnings' | 'name'> & { warnings?: readonly string[] },
  ): TableResult => ({
    name: pair.name,
    warnings: [],
    ...result,
    ...routeOf(pair),
    durationMs: elapsed(),
  });
  try {
    if (pair.source === undefined || pair.target === undefined) return finish(await checkOneSided(pair, context));
    const { source, target } = pair;
    // A table whose structure could not be read (locked by DDL) is an error, as its rows would be.
    if (context.structure !== undefined && 'error' in context.structure) throw context.structure.error;
    const structure = context.structure;
    // Structure lines come first: the diff's lines could otherwise take the whole --max-diff-rows cap.
    for (const found of structure?.findings ?? []) context.sink.write(structureDiffRecord(pair.name, found));
    const plan = context.prepared?.plan ?? planPair({ ...pair, source, target }, context);
    // What both paths below report alike: the status from the reasons, or an error (a check that could not run,
    // the comparison's counts and differences kept beside it), the columns, the key and the structure.
    const pairResult = (
      found: Pick<TableResult, 'rows' | 'diff' | 'warnings' | 'tenant' | 'integrity' | 'sequences'> & {
        reasons: string[];
        failure?: string | undefined;
      },
    ) =>
      finish({
        ...targetNameOf(pair),
        status: found.failure !== undefined ? 'error' : found.reasons.length > 0 ? 'fail' : 'pass',
        ...(found.failure !== undefined
          ? { reason: found.failure }
          : found.reasons.length > 0
            ? { reason: found.reasons.join('; ') }
            : {}),
        rows: found.rows,
        diff: found.diff,
        columns: columnsOf(plan),
        key: plan.keyed ? plan.keyColumns : null,
        warnings: found.warnings,
        ...(found.tenant !== undefined ? { tenant: found.tenant } : {}),
        integrity: found.integrity,
        sequences: found.sequences,
        ...(structure !== undefined ? { structure: structure.findings } : {}),
      });
    if (context.structureOnly) {
      return pairResult({
        reasons: structureFailures(structure?.findings ?? []),
        rows: { source: null, target: null },
        diff: { missing: 0, extra: 0, changed: 0 },
        warnings: [...(structure?.warnings ?? [])],
        integrity: [],
        sequences: [],
      });
    }
    const onRows = context.onRows;
    const held = context.hold === undefined ? undefined : new RecordedRows(plan.keyColumns.length);
    const tally = new DiffTally(
      plan,
      held === undefined ? context.sink : NO_LINES,
      onRows === undefined ? undefined : (done) => onRows(done, plan.estimatedRows > 0 ? plan.estimatedRows : null),
      held ?? context.repair?.(plan, target),
    );
    const keys = context.keys;
    const { rows, checks } = await withClientsOnDemand(context.sessions, async (onDemand) => {
      // Whole-table checksums read with other tables' have proven the filters already (see whole-checksums.ts);
      // when they agree, the table needs no connection for its rows.
      const whole = context.prepared?.whole;
      const compare = async (clients: SideClients) => {
        if (whole === undefined)
          await onBothSides(
            validateFilter(plan, clients, 'source', context.where.source),
            validateFilter(plan, clients, 'target', context.where.target),
          );
        return keys !== undefined
          ? compareKeyList(plan, clients, tally, keys)
          : context.mode === 'exact'
            ? compareExact(plan, clients, tally)
            : compareFast(plan, clients, tally, whole, context.passedBefore);
      };
      const settled = keys === undefined && context.mode === 'fast' ? settledByWhole(plan, tally, whole) : undefined;
      const rows = settled ?? (await compare(await onDemand.both()));
      // After the diff, on its target connection (or one taken now), in its snapshot: the checks see exactly the
      // rows it compared; a check settled by facts read with other tables' sends nothing. A check that cannot
      // run (a parent table locked by DDL, a timeout) leaves the comparison standing.
      const subject = subjectFromPlan(plan, target);
      const checks = await runChecks(
        onDemand.target,
        subject,
        source,
        context.checks,
        context.sink,
        context.prepared?.facts,
      );
      return { rows, checks };
    });
    // Rows held for --recheck-after are settled by a recheck an error table does not get: as before the checks
    // kept their findings, such a table is an error without counts rather than counts no line stands for.
    if (checks.error !== undefined && held !== undefined) throw checks.error;
    if (held?.differs === true) context.hold?.(plan, target, held);
    const lost = plan.sourceOnly.length > 0;
    const reasons = [
      ...(lost ? [`columns only in source (data lost): ${plan.sourceOnly.join(', ')}`] : []),
      ...(rowsDiffer(tally) ? [rowDiffText(tally)] : []),
      ...checks.failures,
      ...structureFailures(structure?.findings ?? []),
    ];
    return pairResult({
      reasons,
      failure: checks.error === undefined ? undefined : describeError(checks.error),
      rows: { source: rows.sourceRows, target: rows.targetRows },
      diff: { missing: tally.missing, extra: tally.extra, changed: tally.changed },
      // A nullable tenant column is warned about by the tenant check and the structure alike: once is enough.
      warnings: [
        ...new Set([
          ...(plan.keyed ? [] : ['no primary key or unique NOT NULL key: compared as a multiset of rows']),
          ...(plan.readAsUtc.length > 0
            ? [
                `timestamp on one side, timestamptz on the other, the timestamp read as UTC: ${plan.readAsUtc.join(', ')}`,
              ]
            : []),
          ...checks.warnings,
          ...(structure?.warnings ?? []),
        ]),
      ],
      ...findingsOf(checks),
    });
  } catch (error) {
    return { ...uncheckedTable(pair.name, describeError(error), elapsed()), ...targetNameOf(pair), ...routeOf(pair) };
  }
}

/** Whether any row differs. */
export function rowsDiffer(diff: RowDiffCounts): boolean {
  return diff.missing + diff.extra + diff.changed > 0;
}

/**
 * A table on one side only: every row there is missing (or extra), counted but not listed.
 * A target-only table still gets its checks: a new table can hold orphans or rows of a foreign tenant.
 */
async function checkOneSided(pair: TablePair, context: TableCheckContext) {
  const side: Side = pair.source !== undefined ? 'source' : 'target';
  const table = (pair.source ?? pair.target)!;
  // --structure-only reads no row: the table is missing, its rows uncounted.
  const { rows, checks, uncounted } = context.structureOnly
    ? { rows: null, checks: undefined, uncounted: undefined }
    : await context.sessions[side].withClient(async (client) => {
        const where = pairWhere(pair, context.where)[side];
        let result;
        try {
          result = await client.query<{ rows: string }>({
            text: `SELECT count(*)::int8 AS rows FROM ${qualifiedName(table.schema, table.name)} WHERE ${filterClause(where)}`,
            queryMode: 'extended',
          });
        } catch (error) {
          // The table is missing whatever its rows: a filter it cannot take (a shared table without the tenant
          // column) leaves them uncounted, not the finding unmade. The failed count ended the work's transaction
          // state, so no check runs after it (the work's end rolls back).
          if (where === undefined || !filterMisfits(error)) throw error;
          return {
            rows: null,
            checks: undefined,
            uncounted: filterFailure(side, context.where[side] ?? where, error).message,
          };
        }
        const checks =
          side === 'target'
            ? await runChecks(
                () => Promise.resolve(client),
                subjectOfTable(table, context.where.target),
                undefined,
                context.checks,
                context.sink,
              )
            : undefined;
        return { rows: Number(result.rows[0]!.rows), checks, uncounted: undefined };
      });
  const names = table.columns.map((column) => column.name).filter((name) => !pair.columns.ignored.has(name));
  const failure = checks?.error;
  return {
    ...targetNameOf(pair),
    // A check that could not run makes it an error; its count stands, as a compared pair's do.
    status: failure !== undefined ? ('error' as const) : ('fail' as const),
    reason:
      failure !== undefined
        ? describeError(failure)
        : [
            side === 'source' ? 'table missing in target' : 'table missing in source',
            ...(uncounted === undefined ? [] : [`its rows not counted: ${uncounted}`]),
            ...(checks?.failures ?? []),
          ].join('; '),
    rows: { source: side === 'source' ? rows : null, target: side === 'target' ? rows : null },
    diff: { missing: side === 'source' ? (rows ?? 0) : 0, extra: side === 'target' ? (rows ?? 0) : 0, changed: 0 },
    columns: { compared: [], sourceOnly: side === 'source' ? names : [], targetOnly: side === 'target' ? names : [] },
    key: null,
    warnings: [...(checks?.warnings ?? [])],
    ...(checks !== undefined ? findingsOf(checks) : { integrity: [], sequences: [] }),
  };
}

function findingsOf(checks: CheckOutcome): Pick<TableResult, 'tenant' | 'integrity' | 'sequences'> {
  return {
    ...(checks.tenant !== undefined ? { tenant: checks.tenant } : {}),
    integrity: checks.integrity,
    sequences: checks.sequences,
  };
}

function columnsOf(plan: TablePlan): TableResult['columns'] {
  const compared = plan.keyed ? [...plan.keyColumns, ...plan.valueColumns] : [...plan.keyColumns];
  return {
    compared,
    sourceOnly: [...plan.sourceOnly],
    targetOnly: [...plan.targetOnly],
    ...(plan.renamed.size > 0 ? { renamed: Object.fromEntries(plan.renamed) } : {}),
    ...(plan.ignored.length > 0 ? { ignored: [...plan.ignored] } : {}),
    ...(plan.valueRules.tolerances.size > 0
      ? { tolerances: Object.fromEntries([...plan.valueRules.tolerances].map(([name, rule]) => [name, rule.text])) }
      : {}),
    ...(plan.valueRules.timePrecision.size > 0
      ? { timePrecision: Object.fromEntries(plan.valueRules.timePrecision) }
      : {}),
  };
}

/** `targetName` for a table --map-table compared under another name. */
function targetNameOf(pair: TablePair): Pick<TableResult, 'targetName'> {
  return pair.target !== undefined && pair.target.name !== pair.name ? { targetName: pair.target.name } : {};
}

/** `sourceRoute` for a source table filtered through its foreign keys. */
function routeOf(pair: TablePair): Pick<TableResult, 'sourceRoute'> {
  const route = pair.sourceRoute;
  if (route === undefined) return {};
  const { through, where, nullable, alternatives } = route;
  return {
    sourceRoute: {
      through,
      where,
      ...(nullable.length > 0 ? { nullable } : {}),
      ...(alternatives.length > 0 ? { alternatives } : {}),
    },
  };
}
