import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import type { DiffRecord } from '../summary.js';
import { trackTemporaryFile } from './atomic-file.js';
import { TextPart } from './text-part.js';

/**
 * The diff lines of one table, streamed as CSV to a temporary file of its own while the table is checked:
 * tables checked at once never interleave, and diffs.csv is assembled from these in the summary's order.
 */
export class DiffPart {
  private readonly text: TextPart;

  constructor(readonly path: string) {
    this.text = new TextPart(path);
  }

  write(record: DiffRecord): void {
    // An unquoted empty field is NULL; quoting the empty string keeps '' apart from it.
    this.text.write(
      stringify([[record.table, record.kind, record.key, record.column, record.sourceValue, record.targetValue]], {
        quoted_match: /^$/,
      }),
    );
  }

  /** Flushes and closes the file; rejects when any of it could not be written. */
  end(): Promise<void> {
    return this.text.end();
  }

  /** Stops writing and removes the file, whatever state it is in. */
  discard(): Promise<void> {
    return this.text.discard();
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
