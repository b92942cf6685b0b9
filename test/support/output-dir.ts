import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temporary directory for reports: `dir(name)` is a path inside it, `remove` deletes it all. */
export interface OutputRoot {
  readonly path: string;
  dir(name: string): string;
  remove(): Promise<void>;
}

/** A fresh temporary directory for a run's summary.json and diffs.csv; `remove` deletes it. */
export async function createOutputRoot(prefix: string): Promise<OutputRoot> {
  const path = await mkdtemp(join(tmpdir(), `pgverify-${prefix}-`));
  return { path, dir: (name) => join(path, name), remove: () => rm(path, { recursive: true, force: true }) };
}
