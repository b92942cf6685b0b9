import { PgVerifyError, UsageError, describeError } from '../errors.js';
import type { DiffRecord } from '../summary.js';
import type { DiffSink } from '../diff-sink.js';
import { discardTemporaryFile, renameIntoPlace, temporaryPathFor } from './atomic-file.js';
import { concatenate, DiffPart } from './diff-parts.js';
import { createSampleStore, DEFAULT_SAMPLES_PER_KIND, type DiffSample } from './diff-samples.js';

const CSV_HEADER = 'table,kind,key,column,source_value,target_value\n';

/**
 * What becomes of a finished table's lines: `keep` them, or `drop` them (and their samples) because the table
 * ended in error: a check cut short anywhere found an arbitrary part of the differences, which proves nothing.
 */
export type TableOutcome = 'keep' | 'drop';

/** Hands out one sink per table, keeps the first lines of each for the HTML report, and writes everything on close. */
export interface DiffWriter {
  table(name: string): DiffSink;
  /** The table's check is over; no line of it may follow. A table never ended is kept. */
  endTable(name: string, outcome: TableOutcome): void;
  /** The first lines (within the cap) this table wrote, up to `samplesPerKind` of each kind, in write order. */
  readonly samples: (table: string) => readonly DiffSample[];
  /** Writes the kept tables' lines, table by table in `order` (tables it leaves out after, in first-use order). */
  close(order?: readonly string[]): Promise<void>;
  /** Removes whatever was written, leaving no file: the run failed before its report. */
  abort(): Promise<void>;
}

/** A table of the CSV writer: its sink, its part file once it wrote a line, and whether it ended. */
interface TableLines {
  readonly sink: DiffSink;
  part?: DiffPart;
  outcome?: TableOutcome;
  /** Ending a table flushes its part (kept) or removes it (dropped); close() waits for both. */
  ended?: Promise<void>;
}

/**
 * Streams diff lines to a CSV file that appears at `path` only once close() has written it completely.
 * Each table streams to its own temporary file (`diffs.csv.<n>.tmp`) so tables checked at once never
 * interleave; close() joins them in table order, then removes them. Memory holds no more than the
 * stream buffers, whatever the cap.
 */
export function createCsvDiffWriter(
  path: string,
  maxLinesPerTable: number,
  samplesPerKind = DEFAULT_SAMPLES_PER_KIND,
): DiffWriter {
  assertLineCap(maxLinesPerTable);
  assertSampleCount(samplesPerKind);
  const store = createSampleStore(samplesPerKind);
  const tables = new Map<string, TableLines>();
  let parts = 0;
  let closing: Promise<void> | undefined;

  const linesOf = (name: string): TableLines => {
    let lines = tables.get(name);
    if (lines === undefined) {
      const emit = (record: DiffRecord): void => {
        if (closing !== undefined) throw new Error(`diff line for ${record.table} written after close`);
        if (lines!.outcome !== undefined)
          throw new Error(`diff line for ${record.table} written after its table ended`);
        store.keep(record);
        lines!.part ??= new DiffPart(temporaryPathFor(path, ++parts));
        lines!.part.write(record);
      };
      lines = { sink: createCappedSink(maxLinesPerTable, emit) };
      tables.set(name, lines);
    }
    return lines;
  };

  const endTable = (name: string, outcome: TableOutcome): void => {
    const lines = linesOf(name);
    if (lines.outcome !== undefined) return;
    lines.outcome = outcome;
    if (outcome === 'drop') store.drop(name);
    const part = lines.part;
    if (part === undefined) return;
    lines.ended = outcome === 'keep' ? part.end() : part.discard();
    // A kept part's failure is reported by close(); until then it must not be unhandled.
    lines.ended.catch(() => undefined);
  };

  const finish = async (order: readonly string[]): Promise<void> => {
    const temporaryPath = temporaryPathFor(path);
    const all = [...tables.values()];
    try {
      for (const name of tables.keys()) endTable(name, 'keep');
      await Promise.all(all.flatMap((lines) => (lines.ended === undefined ? [] : [lines.ended])));
      const ordered = new Set([...order.filter((name) => tables.has(name)), ...tables.keys()]);
      const kept = [...ordered].flatMap((name) => {
        const lines = tables.get(name)!;
        return lines.outcome === 'keep' && lines.part !== undefined ? [lines.part.path] : [];
      });
      await concatenate(temporaryPath, CSV_HEADER, kept);
      await renameIntoPlace(temporaryPath, path);
    } catch (error) {
      await discardTemporaryFile(temporaryPath);
      throw new PgVerifyError(`cannot write diffs to ${path}: ${describeError(error)}`, { cause: error });
    } finally {
      await Promise.all(all.flatMap((lines) => (lines.part === undefined ? [] : [lines.part.discard()])));
    }
  };

  return {
    table: (name) => linesOf(name).sink,
    endTable,
    samples: store.samples,
    close: (order = []) => (closing ??= finish(order)),
    abort: () =>
      (closing ??= Promise.all(
        [...tables.values()].flatMap((lines) => (lines.part === undefined ? [] : [lines.part.discard()])),
      ).then(() => undefined)),
  };
}

/** Counts, caps and samples diff lines like the CSV writer but writes no file: for runs without an output directory. */
export function createNullDiffWriter(maxLinesPerTable: number, samplesPerKind = DEFAULT_SAMPLES_PER_KIND): DiffWriter {
  assertLineCap(maxLinesPerTable);
  assertSampleCount(samplesPerKind);
  const store = createSampleStore(samplesPerKind);
  return {
    table: sinkPerTable(() => createCappedSink(maxLinesPerTable, store.keep)),
    endTable: (name, outcome) => {
      if (outcome === 'drop') store.drop(name);
    },
    samples: store.samples,
    close: () => Promise.resolve(),
    abort: () => Promise.resolve(),
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
