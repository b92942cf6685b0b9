import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { stringify, type Stringifier } from 'csv-stringify';
import type { DiffRecord } from '../summary.js';
import { discardTemporaryFile, trackTemporaryFile } from './atomic-file.js';

/**
 * The diff lines of one table, streamed as CSV to a temporary file of its own while the table is checked:
 * tables checked at once never interleave, and diffs.csv is assembled from these in the summary's order.
 */
export class DiffPart {
  private readonly csv: Stringifier;
  private readonly flushed: Promise<void>;
  private ending: Promise<void> | undefined;

  constructor(readonly path: string) {
    trackTemporaryFile(path);
    // An unquoted empty field is NULL; quoting the empty string keeps '' apart from it.
    this.csv = stringify({ quoted_match: /^$/ });
    this.flushed = pipeline(this.csv, createWriteStream(path));
    // A failure (say, a missing directory) is reported by end(); until then it must not be unhandled.
    this.flushed.catch(() => undefined);
  }

  write(record: DiffRecord): void {
    // After a failure the stream is destroyed; the error surfaces once, from end().
    if (this.csv.destroyed) return;
    this.csv.write([record.table, record.kind, record.key, record.column, record.sourceValue, record.targetValue]);
  }

  /** Flushes and closes the file; rejects when any of it could not be written. */
  end(): Promise<void> {
    if (this.ending === undefined) {
      if (!this.csv.destroyed) this.csv.end();
      this.ending = this.flushed;
    }
    return this.ending;
  }

  /** Stops writing and removes the file, whatever state it is in. */
  async discard(): Promise<void> {
    if (this.ending === undefined) this.csv.destroy();
    await (this.ending ?? this.flushed).catch(() => undefined);
    await discardTemporaryFile(this.path);
  }
}

/**
 * Writes `header` then each part in turn to `path` (a part file's contents, or a `{ text }` as it is), and
 * syncs it to disk.
 */
export async function concatenate(
  path: string,
  header: string,
  parts: readonly (string | { readonly text: string })[],
): Promise<void> {
  trackTemporaryFile(path);
  const handle = await open(path, 'w');
  try {
    await writeAll(handle, Buffer.from(header));
    for (const part of parts) {
      if (typeof part !== 'string') {
        await writeAll(handle, Buffer.from(part.text));
        continue;
      }
      for await (const chunk of createReadStream(part)) await writeAll(handle, chunk as Buffer);
    }
    // Without fsync a power loss just after the rename can leave an empty file under the final name.
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeAll(handle: Awaited<ReturnType<typeof open>>, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) offset += (await handle.write(data, offset)).bytesWritten;
}
