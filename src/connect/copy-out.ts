import { Readable } from 'node:stream';

/**
 * Lines of COPY text output as offsets into the buffer they arrived in: line `i` is
 * `data.subarray(bounds[2 * i], bounds[2 * i + 1])`, without its newline.
 */
export interface CopyLines {
  readonly data: Buffer;
  readonly bounds: readonly number[];
}

// Backend message codes of the COPY OUT sub-protocol (PostgreSQL protocol 3, "COPY Operations").
const COPY_DATA = 0x64; // 'd'
const COPY_DONE = 0x63; // 'c'
const ERROR_RESPONSE = 0x45; // 'E'
const NEWLINE = 0x0a;
const HEADER = 5; // a code byte and a 4-byte length that counts itself

/** The part of pg's Connection a submittable query sees. */
interface PgConnection {
  readonly stream: NodeJS.ReadableStream & { listeners(event: 'data'): ((chunk: Buffer) => void)[] };
  query(text: string): void;
}

/**
 * `COPY ... TO STDOUT` read straight off the connection's socket, for pg's `client.query()`.
 *
 * PostgreSQL sends each row of COPY TO as one CopyData message ending in a newline, so a row is found by
 * reading a 5-byte header: this yields, per socket chunk, the chunk itself with the offsets of its lines.
 * No row is copied, concatenated or turned into an object (pg-copy-streams copies every row twice and
 * cost two thirds of exact mode's CPU). Only a message split across two chunks is joined into a buffer of
 * its own. A payload without its newline (a server that splits rows) is carried to the next message.
 *
 * Like pg-copy-streams, it takes the socket from pg's protocol parser while the COPY runs and hands it
 * back, with the unread bytes, at CopyDone or an ErrorResponse, which pg then handles as usual.
 * Backpressure pauses the socket, so memory stays at a few chunks whatever the table size.
 */
export class CopyOutQuery extends Readable {
  private connection: PgConnection | null = null;
  private pgListener: ((chunk: Buffer) => void) | null = null;
  /** The start of a message that the last chunk ended inside, in pieces until it is whole. */
  private split: Buffer[] = [];
  private splitLength = 0;
  /** A row whose CopyData ended before its newline, in pieces. */
  private unfinishedLine: Buffer[] = [];
  private readonly onData = (chunk: Buffer) => this.parse(chunk);

  constructor(private readonly text: string) {
    super({ objectMode: true, highWaterMark: 16 });
  }

  /** Called by pg when this query's turn on the connection comes; an error returned fails the query (pg's contract). */
  submit(connection: PgConnection): Error | undefined {
    const listeners = connection.stream.listeners('data');
    if (listeners.length !== 1)
      return new Error(`COPY expected one protocol parser on the connection, found ${listeners.length}`);
    this.connection = connection;
    this.pgListener = listeners[0]!;
    connection.stream.removeListener('data', this.pgListener);
    connection.stream.on('data', this.onData);
    connection.query(this.text);
    return undefined;
  }

  override _read(): void {
    if (this.connection !== null && this.pgListener !== null) this.connection.stream.resume();
  }

  private parse(chunk: Buffer): void {
    let offset = 0;
    if (this.splitLength > 0) {
      offset = this.completeSplit(chunk);
      if (offset < 0) return;
    }
    const bounds: number[] = [];
    while (offset + HEADER <= chunk.length) {
      const code = chunk[offset]!;
      const end = offset + 1 + chunk.readUInt32BE(offset + 1);
      if (code === ERROR_RESPONSE || code === COPY_DONE) {
        this.emitLines(chunk, bounds);
        this.finish(chunk.subarray(offset));
        return;
      }
      if (end > chunk.length) break;
      if (code === COPY_DATA) this.addLine(chunk, offset + HEADER, end, bounds);
      offset = end;
    }
    this.emitLines(chunk, bounds);
    if (offset < chunk.length) {
      this.split = [chunk.subarray(offset)];
      this.splitLength = chunk.length - offset;
    }
  }

  /**
   * Joins the message the previous chunk ended inside with its rest from `chunk` and handles it.
   * Returns the offset in `chunk` after that message, or -1 when `chunk` was used up (or the COPY ended).
   */
  private completeSplit(chunk: Buffer): number {
    const headerMissing = Math.max(0, HEADER - this.splitLength);
    if (headerMissing > 0) {
      const take = Math.min(headerMissing, chunk.length);
      this.split.push(chunk.subarray(0, take));
      this.splitLength += take;
      if (take < headerMissing) return -1;
      this.split = [Buffer.concat(this.split, this.splitLength)];
    }
    // The first piece now holds the whole header.
    const head = this.split[0]!;
    const total = 1 + head.readUInt32BE(1);
    const start = headerMissing;
    const code = head[0]!;
    if (code === ERROR_RESPONSE || code === COPY_DONE) {
      const rest = Buffer.concat([...this.split, chunk.subarray(start)]);
      this.split = [];
      this.splitLength = 0;
      this.finish(rest);
      return -1;
    }
    const take = Math.min(total - this.splitLength, chunk.length - start);
    this.split.push(chunk.subarray(start, start + take));
    this.splitLength += take;
    if (this.splitLength < total) return -1;
    const message = Buffer.concat(this.split, this.splitLength);
    this.split = [];
    this.splitLength = 0;
    if (code === COPY_DATA) {
      const bounds: number[] = [];
      this.addLine(message, HEADER, message.length, bounds);
      this.emitLines(message, bounds);
    }
    return start + take;
  }

  /** Records the row of a CopyData payload at `start..end` of `data`, or carries it while it lacks its newline. */
  private addLine(data: Buffer, start: number, end: number, bounds: number[]): void {
    if (end > start && data[end - 1] === NEWLINE && this.unfinishedLine.length === 0) {
      bounds.push(start, end - 1);
      return;
    }
    this.unfinishedLine.push(Buffer.from(data.subarray(start, end)));
    if (end === start || data[end - 1] !== NEWLINE) return;
    const line = Buffer.concat(this.unfinishedLine);
    this.unfinishedLine = [];
    this.emitLines(line, [0, line.length - 1]);
  }

  private emitLines(data: Buffer, bounds: number[]): void {
    if (bounds.length === 0 || this.destroyed) return;
    if (!this.push({ data, bounds } satisfies CopyLines)) this.connection?.stream.pause();
  }

  /**
   * A consumer that stops early (an error elsewhere, a loop that breaks) destroys the stream: the rest of
   * the COPY is then read and dropped, so the connection reaches CopyDone and stays usable.
   */
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.pgListener !== null) this.connection?.stream.resume();
    callback(error);
  }

  /** Gives the socket back to pg with what it has not read: CopyDone then CommandComplete, or an error. */
  private finish(unread: Buffer): void {
    const connection = this.connection!;
    const pgListener = this.returnSocket()!;
    const ended = unread[0] === COPY_DONE;
    if (ended && this.unfinishedLine.length > 0) {
      const line = Buffer.concat(this.unfinishedLine);
      this.unfinishedLine = [];
      this.emitLines(line, [0, line.length]);
    }
    pgListener(unread);
    if (ended && !this.destroyed) this.push(null);
    // A full consumer may have paused the socket; pg reads on (CommandComplete, ReadyForQuery) regardless.
    process.nextTick(() => connection.stream.resume());
  }

  /** pg: the server refused or cancelled the COPY, or the connection broke. */
  handleError(error: Error): void {
    this.returnSocket();
    this.destroy(error);
  }

  /** Hands the socket back to pg's protocol parser, once; returns that parser (null if already handed back). */
  private returnSocket(): ((chunk: Buffer) => void) | null {
    const pgListener = this.pgListener;
    if (pgListener === null || this.connection === null) return null;
    this.connection.stream.removeListener('data', this.onData);
    this.connection.stream.on('data', pgListener);
    this.pgListener = null;
    return pgListener;
  }

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {}
}
