import { join } from 'node:path';
import { REPAIR_FILES } from '../report/repair-writer.js';
import { readDifferingKeys } from '../report/keys-file.js';
import type { Summary } from '../summary.js';
import type { ProgressEvent } from './options.js';
import { readSavedOptions } from './recheck-options.js';
import { verifyWithin, type Settled } from './run.js';

/** What `recheck` is asked to do: which run's differing keys to compare again, on which pair, into which directory. */
export interface RecheckOptions {
  /** The output directory of the run whose keys are compared again (its keys.jsonl and recheck.json). */
  readonly dir: string;
  /** Connection strings overriding the run's (recheck.json keeps them without password): a repaired copy, say. */
  readonly source?: string;
  readonly target?: string;
  /** Where the recheck's own reports go (the usual files); omit to write none. */
  readonly outDir?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** The arguments the recheck was started with, recorded with passwords redacted. */
  readonly commandLine?: readonly string[];
}

/**
 * Compares again only the rows a run found different (its keys.jsonl), with that run's options, in fresh
 * snapshots: a table is read by its keys, so the cost grows with the keys, not the tables. Only rows are
 * compared (no structure, no checks). A password comes from the environment or ~/.pgpass, as recheck.json
 * keeps none, or from `source`/`target` given again. Returns the summary; throws as verify() does.
 */
export async function recheck(options: RecheckOptions): Promise<Summary> {
  const { summary, failure } = await recheckSettled(options);
  if (failure !== undefined) throw failure;
  return summary;
}

/** recheck() that returns a run's failure beside its `error` summary instead of throwing it (for the CLI). */
export async function recheckSettled(options: RecheckOptions): Promise<Settled<Summary>> {
  const saved = await readSavedOptions(options.dir);
  const keys = await readDifferingKeys(join(options.dir, REPAIR_FILES.keys));
  const byTable = new Map([...keys].map(([table, list]) => [table, list.map((entry) => entry.key)]));
  return verifyWithin(
    {
      ...saved,
      source: options.source ?? saved.source,
      target: options.target ?? saved.target,
      // Named, so that a table of the key list gone from both sides is an error, not a silent pass.
      tables: [...byTable.keys()],
      checks: false,
      structure: false,
      ...(options.outDir !== undefined ? { outDir: options.outDir } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
      ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
      ...(options.commandLine !== undefined ? { commandLine: options.commandLine } : {}),
    },
    undefined,
    undefined,
    byTable,
  );
}
