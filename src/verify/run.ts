import { join } from 'node:path';
import type { HashFunctions } from '../catalog/hash-functions.js';
import { objectsOfTables } from '../catalog/structure/schema-objects.js';
import type { ChecksConfig } from '../checks/run-checks.js';
import type { SideSession } from '../connect/session.js';
import { describeFailure, interruptedBeforeStart } from '../errors.js';
import type { RunHistory } from '../history/types.js';
import { resolveOptions, type ResolvedOptions, type VerifyOptions } from './options.js';
import { createCsvDiffWriter, createNullDiffWriter } from '../report/diff-writer.js';
import { repairWriterFor, savedOptions, type RecheckKeys } from './recheck-options.js';
import { worstStatus, type ReplicationPositions, type Side, type Summary, type TableResult } from '../summary.js';
import { nativeHashFunctions, readSideStart } from './side-start.js';
import { checkAll } from './check-all.js';
import type { FanOutSource } from './whole-first.js';
import { HeldTables } from './in-flight.js';
import { NO_SERVERS, runFacts, type Servers } from './run-facts.js';
import { createOutDir, failedSummary, writeFailedRunReports, writeRunReports } from './run-reports.js';
import { recordRun, withSingleRunHistory, type RunRecording } from './run-history.js';
import { cancelOnAbort, openBothSides } from './run-sessions.js';
import { onBothSides } from './both-sides.js';
import type { TablePair } from './select-tables.js';
import { readTablePairs } from './table-pairs.js';
import type { SharedSessions } from './shared-sessions.js';
import { schemaStatus, schemaStructureDiffRecord } from '../checks/structure/verdict.js';
import { compareSchemaStructure, type SchemaStructure, type TableStructureOutcome } from './structure.js';

/**
 * Verifies that the target holds exactly the source's data, table by table, and returns the summary.
 * Writes summary.json, diffs.csv and report.html when `outDir` is given; prints nothing.
 * Throws UsageError for bad options, before anything is written; throws the failure that stopped the run
 * before it checked any table (a side unreachable, a schema or a --tables name that does not exist), after
 * writing the three files with `status: "error"` and the failure as `reason`.
 */
export async function verify(options: VerifyOptions): Promise<Summary> {
  const { summary, failure } = await verifySettled(options);
  if (failure !== undefined) throw failure;
  return summary;
}

/** What a run came to: its summary and, when the run stopped before checking any table, why (the summary then says `error`). */
export interface Settled<S> {
  readonly summary: S;
  readonly failure?: Error;
  /** The run's recent history, read back after recording it (with --history). */
  readonly history?: RunHistory;
}

/**
 * verify() without the throw for a run that could not start: its `error` summary (written to `outDir` like any
 * other) comes back beside the failure, so a caller can report both. Bad options still throw.
 */
export function verifySettled(options: VerifyOptions): Promise<Settled<Summary>> {
  return withSingleRunHistory(options, (recording) => verifyWithin(options, undefined, recording));
}

/**
 * verifySettled() for one run of a forEach fan-out: with `shared`, the run takes its sessions from the fan-out
 * (one snapshot per side for every run) and leaves them open, and reads what every run reads alike only once.
 */
export async function verifyWithin(
  options: VerifyOptions,
  shared: SharedSessions | undefined,
  recording?: RunRecording,
  keys?: RecheckKeys,
  rollup?: string,
): Promise<Settled<Summary>> {
  const resolved = resolveOptions(options);
  const startedAt = new Date().toISOString();
  let sessions: Record<Side, SideSession> | undefined;
  let interrupt: ReturnType<typeof cancelOnAbort> | undefined;
  // The servers reached, even one side of two: a run that then fails still reports their versions.
  let servers = NO_SERVERS;
  let replication: ReplicationPositions | undefined;
  // A directory this run made holds no earlier run's files to remove.
  let emptyOutDir = false;
  try {
    let start: RunStart;
    try {
      if (resolved.outDir !== undefined) emptyOutDir = await createOutDir(resolved.outDir);
      const onReplication = (positions: ReplicationPositions) => (replication = positions);
      sessions = await openBothSides(resolved, shared, (reached) => (servers = reached), onReplication);
      interrupt = cancelOnAbort(resolved.signal, sessions);
      start = await readRunStart(resolved, sessions, shared);
    } catch (error) {
      return await failedStart(resolved, startedAt, error, servers, recording);
    }
    const stop = interrupt;
    return await checkAndReport(
      resolved,
      sessions,
      start,
      { startedAt, interrupted: () => stop.interrupted, recording, replication, rollup, emptyOutDir },
      keys,
    );
  } finally {
    interrupt?.dispose();
    if (sessions !== undefined && shared === undefined)
      await Promise.all([sessions.source.close(), sessions.target.close()]);
  }
}

/** What the run found out before checking any table: the tables to check and how to hash and check them. */
interface RunStart {
  readonly pairs: TablePair[];
  readonly checks: ChecksConfig;
  readonly structure: Map<string, TableStructureOutcome> | undefined;
  /** The databases' facts and the schema-level findings; undefined with --no-structure. */
  readonly schemaStructure: SchemaStructure | undefined;
  readonly hashFunctions: Record<Side, HashFunctions>;
  /** In a forEach fan-out, how this run's source rows are read with every tenant's. */
  readonly fanOut: FanOutSource | undefined;
}

async function readRunStart(
  options: ResolvedOptions,
  sessions: Record<Side, SideSession>,
  shared: SharedSessions | undefined,
): Promise<RunStart> {
  // Within a fan-out's shared snapshot, a read that every run makes alike gives the same answer: read it once.
  const once: Memo = shared === undefined ? (_key, work) => work() : (key, work) => shared.memo(key, work);
  const hashed = options.mode === 'fast' && !options.structureOnly;
  // The catalog first, then each side's hash functions and database facts on the same one connection, which
  // the server can serve sooner than it can start another (see openSide); the first table then takes it.
  const { pairs, checks, structure, objects } = await readTablePairs(options, sessions, shared?.catalog);
  const wanted = { hashes: hashed, facts: options.structure };
  const startOf = (side: Side) =>
    once(`start:${side}:${options[side]}:${hashed}:${options.structure}`, () => readSideStart(sessions[side], wanted));
  const starts = await onBothSides(startOf('source'), startOf('target'));
  const facts = options.structure ? { source: starts.source.facts!, target: starts.target.facts! } : undefined;
  const compared = (side: Side) => pairs.flatMap((pair) => (pair[side] !== undefined ? [pair[side].name] : []));
  return {
    pairs,
    checks,
    structure,
    schemaStructure:
      objects !== undefined && facts !== undefined
        ? compareSchemaStructure(
            facts,
            {
              source: objectsOfTables(objects.source, compared('source')),
              target: objectsOfTables(objects.target, compared('target')),
            },
            { source: sessions.source.serverVersion, target: sessions.target.serverVersion },
          )
        : undefined,
    hashFunctions: nativeHashFunctions(starts.source.hashes, starts.target.hashes),
    fanOut:
      shared === undefined || options.tenants.length !== 1
        ? undefined
        : { rows: shared.tenantRows, tenant: options.tenants[0]!, memo: once },
  };
}

/** Runs `work`, or gives its result from an earlier run of the same fan-out (see SharedSessions.memo). */
type Memo = <T>(key: string, work: () => Promise<T>) => Promise<T>;

/** Checks every table, then writes diffs.csv (tables in the summary's order) and the other reports. */
async function checkAndReport(
  options: ResolvedOptions,
  sessions: Record<Side, SideSession>,
  start: RunStart,
  run: {
    readonly startedAt: string;
    readonly interrupted: () => boolean;
    readonly recording?: RunRecording | undefined;
    readonly replication?: ReplicationPositions | undefined;
    readonly rollup?: string | undefined;
    readonly emptyOutDir: boolean;
  },
  keys: RecheckKeys | undefined,
): Promise<Settled<Summary>> {
  const writer =
    options.outDir !== undefined
      ? createCsvDiffWriter(join(options.outDir, 'diffs.csv'), options.maxDiffRows)
      : createNullDiffWriter(options.maxDiffRows);
  const repair = repairWriterFor(options, run.emptyOutDir);
  // --recheck-after holds the differing rows until they are read again (a recheck of keys reads them once only).
  const held = options.recheckAfter > 0 && keys === undefined ? new HeldTables() : undefined;
  let tables: TableResult[];
  try {
    tables = await checkAll(start.pairs, options, sessions, writer, {
      passedBefore: passedBefore(run.recording),
      hashFunctions: start.hashFunctions,
      checks: start.checks,
      structure: start.structure,
      fanOut: start.fanOut,
      interrupted: run.interrupted,
      repair,
      keys,
      ...(held !== undefined ? { held } : {}),
    });
    if (held !== undefined) tables = await held.settle(options, tables, { diffs: writer, repair });
  } catch (error) {
    // Only a caller's callback can throw here (checkAll turns every failure into a table's error).
    await Promise.all([writer.abort(), repair?.abort()]);
    throw error;
  }
  const schema = start.schemaStructure;
  if (schema !== undefined) {
    // The schema's lines have no table: the CSV's table column is empty, and they follow the tables' lines.
    const sink = writer.table('');
    for (const found of schema.findings) sink.write(schemaStructureDiffRecord(found));
  }
  await writer.close(tables.map((table) => table.name));
  await repair?.close(tables, savedOptions(options));
  const checked: Summary = {
    status: worstStatus([...tables.map((table) => table.status), schemaStatus(schema?.findings ?? [])]),
    ...runFacts(options, {
      source: { ...sessions.source.server, ...schema?.facts.source },
      target: { ...sessions.target.server, ...schema?.facts.target },
    }),
    ...(schema !== undefined ? { structure: schema.findings } : {}),
    ...(run.replication !== undefined ? { replication: run.replication } : {}),
    startedAt: run.startedAt,
    finishedAt: new Date().toISOString(),
    ...(run.interrupted() ? { interrupted: true } : {}),
    tables,
  };
  // Recorded before report.html is written, so that its charts include this run.
  const { summary, history } = await recordRun(run.recording, checked);
  if (options.outDir !== undefined)
    await writeRunReports(options.outDir, summary, writer.samples, options, history, run.rollup);
  return { summary, ...(history !== undefined ? { history } : {}) };
}

/** The tables that passed the run's previous recording, read once and only when a table asks (see RunContext). */
function passedBefore(recording: RunRecording | undefined): (() => Promise<ReadonlySet<string>>) | undefined {
  if (recording === undefined) return undefined;
  let passed: Promise<ReadonlySet<string>> | undefined;
  return () => (passed ??= recording.recorder.passedLastTime(recording.name));
}

/**
 * The run stopped before checking any table: its summary says `error` and why, in the words the CLI prints.
 * A failure while the run was being stopped (Ctrl-C) is that interruption.
 */
async function failedStart(
  options: ResolvedOptions,
  startedAt: string,
  error: unknown,
  servers: Servers,
  recording: RunRecording | undefined,
): Promise<Settled<Summary>> {
  const interrupted = options.signal?.aborted === true;
  const failure = interrupted
    ? interruptedBeforeStart(error)
    : error instanceof Error
      ? error
      : new Error(String(error));
  const { summary, history } = await recordRun(
    recording,
    failedSummary(options, describeFailure(failure), startedAt, interrupted, servers),
  );
  if (options.outDir !== undefined) await writeFailedRunReports(options.outDir, summary, options);
  return { summary, failure, ...(history !== undefined ? { history } : {}) };
}
