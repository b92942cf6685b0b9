import { rmSync } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PgVerifyError, describeError } from '../errors.js';

/** Every temporary file written and not yet renamed into place or removed, for removeTemporaryFilesNow(). */
const temporaryFiles = new Set<string>();

/**
 * Where a file is written before it is renamed into place: same directory, so the rename is atomic. `part`
 * numbers the pieces a file is assembled from (diffs.csv's one per table); every one ends in `.tmp`.
 */
export function temporaryPathFor(path: string, part?: number): string {
  return part === undefined ? `${path}.tmp` : `${path}.${part}.tmp`;
}

/** Notes a temporary file about to be created, so it is removed even when the process exits at once. */
export function trackTemporaryFile(temporaryPath: string): void {
  temporaryFiles.add(temporaryPath);
}

/** Renames a temporary file into place; it is then no longer the process's to remove. */
export async function renameIntoPlace(temporaryPath: string, path: string): Promise<void> {
  await rename(temporaryPath, path);
  temporaryFiles.delete(temporaryPath);
}

/** Writes `contents` to `path` so that readers see the old file or the whole new one, never a part. */
export async function writeFileAtomic(path: string, contents: string | Uint8Array): Promise<void> {
  const temporaryPath = temporaryPathFor(path);
  trackTemporaryFile(temporaryPath);
  try {
    const handle = await open(temporaryPath, 'w');
    try {
      await handle.writeFile(contents);
      // Without fsync a power loss just after the rename can leave an empty file under the final name.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameIntoPlace(temporaryPath, path);
  } catch (error) {
    await discardTemporaryFile(temporaryPath);
    throw new PgVerifyError(`cannot write ${path}: ${describeError(error)}`, { cause: error });
  }
}

/** Removes a half-written temporary file; a failure here must not hide the error that caused it. */
export async function discardTemporaryFile(temporaryPath: string): Promise<void> {
  await removeFile(temporaryPath).catch(() => undefined);
  temporaryFiles.delete(temporaryPath);
}

/**
 * `mkdir -p`: the directory and any parent missing; true when `path` itself was made here (it is then empty).
 * Node's own `recursive` spins forever where a parent refuses new entries with ENOENT (under /proc); this fails
 * at once with that error.
 */
export async function makeDirectories(path: string): Promise<boolean> {
  try {
    await mkdir(path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && (await stat(path)).isDirectory()) return false;
    if (code !== 'ENOENT' || dirname(path) === path) throw error;
  }
  await makeDirectories(dirname(path));
  try {
    await mkdir(path);
    return true;
  } catch (error) {
    // Made meanwhile by another run of the same fan-out.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  }
}

/**
 * Removes a file; one already absent is no error. One unlink, where `rm({ force: true })` first looks the path up
 * to tell a directory: a fan-out clears three absent repair files per store.
 */
export async function removeFile(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Removes every temporary file still pending, synchronously: for a process about to exit without unwinding
 * (a second Ctrl-C), which must leave no `*.tmp` in the output directory.
 */
export function removeTemporaryFilesNow(): void {
  for (const temporaryPath of temporaryFiles) {
    try {
      rmSync(temporaryPath, { force: true });
    } catch {
      // The process exits next whatever happens; the other files must still go.
    }
  }
  temporaryFiles.clear();
}
