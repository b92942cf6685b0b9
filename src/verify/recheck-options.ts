import { access, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError, describeError } from '../errors.js';
import { createRepairWriter, REPAIR_FILES, type RepairWriter } from '../report/repair-writer.js';
import type { Field } from '../summary.js';
import type { ResolvedOptions, VerifyOptions } from './options.js';
import { comparedSides } from './run-facts.js';
import { compareRunNames } from '../history/trend.js';
import { firstNames } from '../report/format.js';

/** The keys a recheck compares, per table (the source's name), in key column order. */
export type RecheckKeys = ReadonlyMap<string, readonly (readonly Field[])[]>;

/** What recheck.json keeps of a run: the options a recheck repeats, connection strings without their password. */
export type SavedOptions = Omit<
  VerifyOptions,
  'outDir' | 'signal' | 'onProgress' | 'commandLine' | 'checks' | 'structure' | 'structureOnly' | 'tables' | 'exclude'
>;

/** The repair files' writer of a run that has an output directory and reads rows; undefined otherwise. */
export function repairWriterFor(options: ResolvedOptions, emptyOutDir = false): RepairWriter | undefined {
  if (options.outDir === undefined || options.structureOnly) return undefined;
  const tenant =
    options.tenants.length === 1 ? { column: options.tenantColumn, value: options.tenants[0]! } : undefined;
  return createRepairWriter(
    options.outDir,
    { source: options.sourceSchema, target: options.targetSchema },
    tenant,
    emptyOutDir,
  );
}

/** The run's options as recheck.json keeps them: never a password. */
export function savedOptions(options: ResolvedOptions): { readonly version: 1; readonly options: SavedOptions } {
  return {
    version: 1,
    options: {
      ...comparedSides(options),
      jobs: options.jobs,
      maxDiffRows: options.maxDiffRows,
      // Saved only when named: a named tenant column makes the source filter follow foreign keys (tenantScoped).
      ...(options.tenantScoped ? { tenantColumn: options.tenantColumn } : {}),
      tenants: options.tenants,
      links: options.links,
      lockTimeout: options.lockTimeout,
      statementTimeout: options.statementTimeout,
      mapTables: options.mapTables,
      mapColumns: options.mapColumns,
      ignoreColumns: options.ignoreColumns,
    },
  };
}

/** The run directories directly under `dir` (a config's runs, a forEach's stores) that a recheck can take. */
async function runDirsWithOptions(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const dirs = entries.filter((entry) => entry.isDirectory()).map((entry) => join(dir, entry.name));
  const found = await Promise.all(
    dirs.map((run) =>
      access(join(run, REPAIR_FILES.options)).then(
        () => run,
        () => undefined,
      ),
    ),
  );
  return found.filter((run) => run !== undefined).sort(compareRunNames);
}

/** The options recheck.json of a run's directory kept; a directory without one is a usage error naming it. */
export async function readSavedOptions(dir: string): Promise<SavedOptions> {
  const path = join(dir, REPAIR_FILES.options);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const runs = await runDirsWithOptions(dir);
    throw new UsageError(
      runs.length > 0
        ? `${dir} holds no ${REPAIR_FILES.options}: it holds several runs; recheck the directory of one that found differences: ${firstNames(runs, 5)}`
        : `${dir} holds no ${REPAIR_FILES.options} (${describeError(error)}): recheck needs the directory of a run that found differences`,
      { cause: error },
    );
  }
  try {
    const saved = JSON.parse(text) as { version?: unknown; options?: SavedOptions };
    if (saved.version !== 1 || typeof saved.options?.source !== 'string') throw new Error('unknown format');
    return saved.options;
  } catch (error) {
    throw new UsageError(`${path}: not a pgverify recheck.json (${describeError(error)})`, { cause: error });
  }
}
