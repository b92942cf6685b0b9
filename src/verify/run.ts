import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { agreedHashFunctions, readServerHashes, type HashFunctions } from '../catalog/hash-functions.js';
import { readSchemaTables } from '../catalog/introspect.js';
import type { ChecksConfig } from '../checks/run-checks.js';
import { openSide, type SideSession } from '../connect/session.js';
import { PgVerifyError, describeError } from '../errors.js';
import { resolveOptions, type ResolvedOptions, type VerifyOptions } from '../options.js';
import { createCsvDiffWriter, createNullDiffWriter, type DiffWriter } from '../report/diff-writer.js';
import { writeFileAtomic } from '../report/atomic-file.js';
import { renderHtml } from '../report/html.js';
import { writeSummaryJson } from '../report/summary-json.js';
import { worstStatus, type Side, type Summary } from '../summary.js';
import { checkAll } from './check-all.js';
import { runFacts, type Servers } from './run-facts.js';
import { selectTables, type TablePair } from './select-tables.js';
import { compareTableStructures, readStructures, type TableStructureOutcome } from './structure.js';

/**
 * Verifies that the target holds exactly the source's data, table by table, and returns the summary.
 * Writes summary.json and diffs.csv when `outDir` is given; prints nothing.
 * Throws UsageError for bad options and DatabaseError when a side cannot be reached at all.
 * `onConnected` hears the servers' versions once the sides are open (even one side), so a caller whose run
 * then throws can still report them.
 */
export async function verify(options: VerifyOptions, onConnected?: (servers: Servers) => void): Promise<Summary> {
  const resolved = resolveOptions(options);
  const startedAt = new Date().toISOString();
  const sessions = await openBothSides(resolved, onConnected);
  const interrupt = cancelOnAbort(resolved.signal, sessions);
  try {
    const { pairs, checks, structure } = await readTablePairs(resolved, sessions);
    if (resolved.outDir !== undefined) await prepareOutDir(resolved.outDir);
    const writer = resolved.outDir !== undefined
      ? createCsvDiffWriter(join(resolved.outDir, 'diffs.csv'), resolved.maxDiffRows)
      : createNullDiffWriter(resolved.maxDiffRows);
    const hashFunctions = await nativeHashFunctions(sessions, resolved.mode === 'fast' && !resolved.structureOnly);
    const tables = await checkAll(pairs, resolved, sessions, writer, { hashFunctions, checks, structure, interrupted: () => interrupt.interrupted });
    await writer.close();
    const summary: Summary = {
      status: worstStatus(tables.map((table) => table.status)),
      ...runFacts(resolved, { source: sessions.source.server, target: sessions.target.server }),
      startedAt,
      finishedAt: new Date().toISOString(),
      ...(interrupt.interrupted ? { interrupted: true } : {}),
      tables,
    };
    if (resolved.outDir !== undefined) await writeReports(resolved.outDir, summary, writer, resolved);
    return summary;
  } finally {
    interrupt.dispose();
    await Promise.all([sessions.source.close(), sessions.target.close()]);
  }
}

/** summary.json and report.html (diffs.csv is already written), each atomically. */
async function writeReports(outDir: string, summary: Summary, writer: DiffWriter, options: ResolvedOptions): Promise<void> {
  const facts = { filters: { source: options.sourceWhere, target: options.targetWhere }, tenantColumn: options.tenantColumn, tenants: options.tenants };
  await writeFileAtomic(join(outDir, 'report.html'), renderHtml(summary, writer.samples, facts));
  await writeSummaryJson(join(outDir, 'summary.json'), summary);
}

/** On abort, cancels the queries both sides are running; the run then winds down and reports what it has. */
function cancelOnAbort(signal: AbortSignal | undefined, sessions: Record<Side, SideSession>) {
  const state = { interrupted: signal?.aborted === true, dispose: () => undefined as void };
  if (signal === undefined) return state;
  const onAbort = () => {
    state.interrupted = true;
    void Promise.all([sessions.source.cancelAll(), sessions.target.cancelAll()]);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  state.dispose = () => signal.removeEventListener('abort', onAbort);
  return state;
}

async function openBothSides(options: ResolvedOptions, onConnected?: (servers: Servers) => void): Promise<Record<Side, SideSession>> {
  const opened = await Promise.allSettled([
    openSide('source', options.source, options.jobs, options),
    openSide('target', options.target, options.jobs, options),
  ]);
  const [source, target] = opened;
  const serverOf = (side: PromiseSettledResult<SideSession>) => (side.status === 'fulfilled' ? side.value.server : null);
  onConnected?.({ source: serverOf(source), target: serverOf(target) });
  if (source.status === 'fulfilled' && target.status === 'fulfilled') return { source: source.value, target: target.value };
  await Promise.all(opened.map((side) => (side.status === 'fulfilled' ? side.value.close() : undefined)));
  throw source.status === 'rejected' ? source.reason : (target as PromiseRejectedResult).reason;
}

/**
 * The tables to check, what the checks need to know about both schemas, and (unless --no-structure) how each
 * pair's structure differs, from the catalog read in the same snapshot.
 */
async function readTablePairs(
  options: ResolvedOptions, sessions: Record<Side, SideSession>,
): Promise<{ pairs: TablePair[]; checks: ChecksConfig; structure: Map<string, TableStructureOutcome> | undefined }> {
  const readSide = async (side: Side, schema: string) => {
    const tables = await sessions[side].withClient((client) => readSchemaTables(client, schema));
    const structure = options.structure ? await readStructures(sessions[side], schema, tables.map((table) => table.name)) : undefined;
    return { tables, structure };
  };
  const [source, target] = await Promise.all([readSide('source', options.sourceSchema), readSide('target', options.targetSchema)]);
  const [sourceTables, targetTables] = [source.tables, target.tables];
  const pairs = selectTables(sourceTables, targetTables, options.tables, options.exclude, options.matchRules);
  const checks: ChecksConfig = {
    enabled: options.checks,
    // With the structure compared, a key the target lacks fails as structure; the warning would say it twice.
    warnMissingKeys: !options.structure,
    tenant: options.tenants.length > 0 ? { column: options.tenantColumn, expected: options.tenants } : undefined,
    keys: {
      sourceSchema: options.sourceSchema,
      targetSchema: options.targetSchema,
      targetTables: new Map(targetTables.map((table) => [table.name, table])),
      checked: new Set(pairs.flatMap((pair) => (pair.target !== undefined ? [pair.target.name] : []))),
      tenantColumn: options.tenantColumn,
      rules: options.matchRules,
    },
  };
  const structure = source.structure === undefined || target.structure === undefined ? undefined : compareTableStructures(
    pairs,
    { source: source.structure, target: target.structure },
    { keys: checks.keys, versions: { source: sessions.source.serverVersion, target: sessions.target.serverVersion } },
    options.tenants.length > 0 ? options.tenantColumn : undefined,
  );
  return { pairs, checks, structure };
}

/**
 * Native hashes are several times cheaper than hashing text but only comparable where both servers compute
 * them alike: each server names its hash function per type, both hash probe values of each type, and the
 * types whose hashes agree are hashed natively (the others as canonical text). Exact mode hashes nothing, nor
 * does --structure-only, which reads no row: `hashed` is false then.
 */
async function nativeHashFunctions(sessions: Record<Side, SideSession>, hashed: boolean): Promise<Record<Side, HashFunctions>> {
  if (!hashed) return { source: new Map(), target: new Map() };
  const [source, target] = await Promise.all([sessions.source.withClient(readServerHashes), sessions.target.withClient(readServerHashes)]);
  return agreedHashFunctions(source, target);
}

async function prepareOutDir(outDir: string): Promise<void> {
  try {
    await mkdir(outDir, { recursive: true });
  } catch (error) {
    throw new PgVerifyError(`cannot create output directory ${outDir}: ${describeError(error)}`, { cause: error });
  }
}
