import { createWriteStream, type WriteStream } from 'node:fs';
import { discardTemporaryFile, trackTemporaryFile } from './atomic-file.js';

/**
 * Text streamed to a temporary file of its own while a table is checked (a part of fix.sql or keys.jsonl):
 * tables checked at once never interleave, and the file is assembled from the parts in table order.
 */
export class TextPart {
  private readonly stream: WriteStream;
  private readonly flushed: Promise<void>;
  private ending: Promise<void> | undefined;

  constructor(readonly path: string) {
    trackTemporaryFile(path);
    this.stream = createWriteStream(path);
    this.flushed = new Promise((resolve, reject) => {
      this.stream.on('close', resolve);
      this.stream.on('error', reject);
    });
    // A failure (say, a missing directory) is reported by end(); until then it must not be unhandled.
    this.flushed.catch(() => undefined);
  }

  write(text: string): void {
    if (!this.stream.destroyed) this.stream.write(text);
  }

  /** Resolves once the stream's buffer has gone to disk, when it is full; undefined otherwise. */
  backlog(): Promise<void> | undefined {
    if (!this.stream.writableNeedDrain || this.stream.destroyed) return undefined;
    return new Promise((resolve) => {
      const done = () => {
        this.stream.off('drain', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('close', done);
    });
  }

  /** Flushes and closes the file; rejects when any of it could not be written. */
  end(): Promise<void> {
    if (this.ending === undefined) {
      if (!this.stream.destroyed) this.stream.end();
      this.ending = this.flushed;
    }
    return this.ending;
  }

  /** Stops writing and removes the file, whatever state it is in. */
  async discard(): Promise<void> {
    if (this.ending === undefined) this.stream.destroy();
    await (this.ending ?? this.flushed).catch(() => undefined);
    await discardTemporaryFile(this.path);
  }
}
