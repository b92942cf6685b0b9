import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary directory for a run's summary.json and diffs.csv; `remove` deletes it. */
export async function createOutputRoot(prefix: string): Promise<{ path: string; dir(name: string): string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `pgverify-${prefix}-`));
  return { path, dir: (name) => join(path, name), remove: () => rm(path, { recursive: true, force: true }) };
}
