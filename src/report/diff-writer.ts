import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { PgVerifyError, UsageError, describeError } from '../errors.js';
import type { DiffRecord } from '../summary.js';
import { discardTemporaryFile, temporaryPathFor } from './atomic-file.js';
import { createSampleStore, DEFAULT_SAMPLES_PER_KIND, type DiffSample } from './diff-samples.js';

const CSV_COLUMNS = ['table', 'kind', 'key', 'column', 'source_value', 'target_value'];

/** Receives the diff lines of one table; lines beyond the cap are dropped, counts stay with the caller. */
export interface DiffSink {
  write(record: DiffRecord): void;
  readonly written: number;
  /** Lines this table may still write (Infinity without a cap): checks fetch no more sample rows than this. */
  readonly remaining: number;
}

/** Hands out one sink per table, keeps the first lines of each for the HTML report, and flushes everything on close. */
export interface DiffWriter {
  table(name: string): DiffSink;
  /** The first lines (within the cap) this table wrote, up to `samplesPerKind` of each kind, in write order. */
  samples(table: string): readonly DiffSample[];
  close(): Promise<void>;
}

/** Streams diff lines to a CSV file that appears at `path` only once close() has flushed it completely. */
export function createCsvDiffWriter(path: string, maxLinesPerTable: number, samplesPerKind = DEFAULT_SAMPLES_PER_KIND): DiffWriter {
  assertLineCap(maxLinesPerTable);
  assertSampleCount(samplesPerKind);
  const store = createSampleStore(samplesPerKind);
  const temporaryPath = temporaryPathFor(path);
  // An unquoted empty field is NULL; quoting the empty string keeps '' apart from it.
  const csv = stringify({ header: true, columns: CSV_COLUMNS, quoted_match: /^$/ });
  const flushed = pipeline(csv, createWriteStream(temporaryPath, { flush: true }));
  // A failure (say, a missing directory) is reported by close(); until then it must not be unhandled.
  flushed.catch(() => undefined);
  let closing: Promise<void> | undefined;

  const emit = (record: DiffRecord): void => {
    if (closing !== undefined) throw new Error(`diff line for ${record.table} written after close`);
    // After a failure the stream is destroyed; the error surfaces once, from close().
    store.keep(record);
    if (csv.destroyed) return;
    csv.write([record.table, record.kind, record.key, record.column, record.sourceValue, record.targetValue]);
  };

  const finish = async (): Promise<void> => {
    if (!csv.destroyed) csv.end();
    try {
      await flushed;
      await rename(temporaryPath, path);
    } catch (error) {
      await discardTemporaryFile(temporaryPath);
      throw new PgVerifyError(`cannot write diffs to ${path}: ${describeError(error)}`, { cause: error });
    }
  };

  return {
    table: sinkPerTable(() => createCappedSink(maxLinesPerTable, emit)),
    samples: store.samples,
    close: () => (closing ??= finish()),
  };
}

/** Counts, caps and samples diff lines like the CSV writer but writes no file: for runs without an output directory. */
export function createNullDiffWriter(maxLinesPerTable: number, samplesPerKind = DEFAULT_SAMPLES_PER_KIND): DiffWriter {
  assertLineCap(maxLinesPerTable);
  assertSampleCount(samplesPerKind);
  const store = createSampleStore(samplesPerKind);
  return {
    table: sinkPerTable(() => createCappedSink(maxLinesPerTable, store.keep)),
    samples: store.samples,
    close: async () => undefined,
  };
}

function assertLineCap(maxLinesPerTable: number): void {
  const valid = Number.isInteger(maxLinesPerTable) || maxLinesPerTable === Number.POSITIVE_INFINITY;
  if (!valid || maxLinesPerTable < 0) {
    throw new UsageError(`the diff line cap per table must be a whole number >= 0, got ${maxLinesPerTable}`);
  }
}

function assertSampleCount(samplesPerKind: number): void {
  if (!Number.isInteger(samplesPerKind) || samplesPerKind < 0) {
    throw new UsageError(`the sample lines kept per table and kind must be a whole number >= 0, got ${samplesPerKind}`);
  }
}

// Asking twice for the same table must give the same sink, or the cap would count per call instead of per table.
function sinkPerTable(createSink: () => DiffSink): (name: string) => DiffSink {
  const sinks = new Map<string, DiffSink>();
  return (name) => {
    let sink = sinks.get(name);
    if (sink === undefined) {
      sink = createSink();
      sinks.set(name, sink);
    }
    return sink;
  };
}

function createCappedSink(maxLines: number, emit: (record: DiffRecord) => void): DiffSink {
  let written = 0;
  return {
    write(record) {
      if (written >= maxLines) return;
      emit(record);
      written += 1;
    },
    get written() {
      return written;
    },
    get remaining() {
      return maxLines - written;
    },
  };
}
