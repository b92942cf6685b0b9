import type { DiffKind, DiffRecord } from '../summary.js';
import { detached, firstDifference, safeCut, sliceSafely } from './text-window.js';

/** Diff lines kept in memory per table and kind, for the HTML report. */
export const DEFAULT_SAMPLES_PER_KIND = 20;

/** Characters of a key or value a sample keeps; the HTML shows at most ~200 of them. */
export const SAMPLE_TEXT_UNITS = 1000;

/** How far before the first difference a cut value starts, so the reader sees what leads up to it. */
const LEAD_UNITS = 200;

/** A diff line kept for the report; a key or value longer than SAMPLE_TEXT_UNITS is cut, its full length kept. */
export interface DiffSample extends DiffRecord {
  readonly cut?: SampleCut;
}

/** How a sample was cut: both values from `valueOffset` on (so their differences stay aligned), the key from 0. */
export interface SampleCut {
  readonly valueOffset: number;
  readonly keyLength: number;
  readonly sourceLength: number | null;
  readonly targetLength: number | null;
}

/** Keeps the first diff lines of each table and kind. */
export interface SampleStore {
  readonly keep: (record: DiffRecord) => void;
  /** Forgets a table's samples: its lines were dropped from diffs.csv, so the report must not show them. */
  readonly drop: (table: string) => void;
  readonly samples: (table: string) => readonly DiffSample[];
}

/**
 * Keeps up to `perKind` lines of each kind per table, in the order they were written. Per kind rather than
 * per table, so the 30 changed columns of one row cannot crowd a missing row or an orphan out of the report.
 */
export function createSampleStore(perKind: number): SampleStore {
  const tables = new Map<string, { samples: DiffSample[]; perKind: Map<DiffKind, number> }>();
  return {
    keep(record) {
      let kept = tables.get(record.table);
      if (kept === undefined) {
        kept = { samples: [], perKind: new Map() };
        tables.set(record.table, kept);
      }
      const count = kept.perKind.get(record.kind) ?? 0;
      if (count >= perKind) return;
      kept.perKind.set(record.kind, count + 1);
      kept.samples.push(toSample(record));
    },
    drop(table) {
      tables.delete(table);
    },
    samples: (table) => tables.get(table)?.samples ?? [],
  };
}

/** The record with every text copied, and cut when it is longer than a sample keeps. */
export function toSample(record: DiffRecord): DiffSample {
  const { key, sourceValue, targetValue } = record;
  const long = (text: string | null): boolean => text !== null && text.length > SAMPLE_TEXT_UNITS;
  const copy = {
    table: detached(record.table),
    kind: record.kind,
    column: record.column === null ? null : detached(record.column),
  };
  if (!long(key) && !long(sourceValue) && !long(targetValue)) {
    return { ...copy, key: detached(key), sourceValue: copyOrNull(sourceValue), targetValue: copyOrNull(targetValue) };
  }
  const differsAt = sourceValue !== null && targetValue !== null ? firstDifference(sourceValue, targetValue) : 0;
  // Values are cut at the same offset, before which both are equal, so their differences stay aligned.
  const valueOffset =
    long(sourceValue) || long(targetValue)
      ? safeCut(sourceValue ?? targetValue ?? '', Math.max(0, differsAt - LEAD_UNITS))
      : 0;
  const cutValue = (value: string | null): string | null =>
    value === null ? null : detached(sliceSafely(value, valueOffset, SAMPLE_TEXT_UNITS));
  return {
    ...copy,
    key: detached(sliceSafely(key, 0, SAMPLE_TEXT_UNITS)),
    sourceValue: cutValue(sourceValue),
    targetValue: cutValue(targetValue),
    cut: {
      valueOffset,
      keyLength: key.length,
      sourceLength: sourceValue?.length ?? null,
      targetLength: targetValue?.length ?? null,
    },
  };
}

function copyOrNull(text: string | null): string | null {
  return text === null ? null : detached(text);
}
