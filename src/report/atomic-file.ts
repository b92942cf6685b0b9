import { open, rename, rm } from 'node:fs/promises';
import { PgVerifyError, describeError } from '../errors.js';

/** Where a file is written before it is renamed into place: same directory, so the rename is atomic. */
export function temporaryPathFor(path: string): string {
  return `${path}.tmp`;
}

/** Writes `contents` to `path` so that readers see the old file or the whole new one, never a part. */
export async function writeFileAtomic(path: string, contents: string | Uint8Array): Promise<void> {
  const temporaryPath = temporaryPathFor(path);
  try {
    const handle = await open(temporaryPath, 'w');
    try {
      await handle.writeFile(contents);
      // Without fsync a power loss just after the rename can leave an empty file under the final name.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporaryPath, path);
  } catch (error) {
    await discardTemporaryFile(temporaryPath);
    throw new PgVerifyError(`cannot write ${path}: ${describeError(error)}`, { cause: error });
  }
}

/** Removes a half-written temporary file; a failure here must not hide the error that caused it. */
export async function discardTemporaryFile(temporaryPath: string): Promise<void> {
  await rm(temporaryPath, { force: true }).catch(() => undefined);
}
