import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DiffKind, DiffRecord, Summary, TableResult } from '../../src/summary.js';
import { parseCsv } from './csv.js';

export const DIFFS_CSV_HEADER = ['table', 'kind', 'key', 'column', 'source_value', 'target_value'];

/** What a run left in its outDir: summary.json as parsed JSON and diffs.csv as records. */
export interface WrittenReport {
  readonly summary: Summary;
  readonly diffs: DiffRecord[];
}

/** Reads summary.json and diffs.csv from `outDir`; a wrong CSV header or a short line throws. */
export async function readReport(outDir: string): Promise<WrittenReport> {
  const [summaryText, diffsText] = await Promise.all([
    readFile(join(outDir, 'summary.json'), 'utf8'),
    readFile(join(outDir, 'diffs.csv'), 'utf8'),
  ]);
  const [header, ...lines] = parseCsv(diffsText);
  if (JSON.stringify(header) !== JSON.stringify(DIFFS_CSV_HEADER)) {
    throw new Error(`diffs.csv header is ${JSON.stringify(header)}, expected ${JSON.stringify(DIFFS_CSV_HEADER)}`);
  }
  const diffs = lines.map((fields, index): DiffRecord => {
    const [table, kind, key, column, sourceValue, targetValue] = fields;
    if (fields.length !== DIFFS_CSV_HEADER.length || table == null || kind == null || key == null) {
      throw new Error(`diffs.csv line ${index + 2} is malformed: ${JSON.stringify(fields)}`);
    }
    return {
      table,
      kind: kind as DiffKind,
      key,
      column: column ?? null,
      sourceValue: sourceValue ?? null,
      targetValue: targetValue ?? null,
    };
  });
  return { summary: JSON.parse(summaryText) as Summary, diffs };
}

/** The lines about rows (the row diff's and the checks'), without the structure findings' lines. */
export function rowLines(diffs: readonly DiffRecord[]): DiffRecord[] {
  return diffs.filter((diff) => diff.kind !== 'structure');
}

/** Diff records in a stable order, so expectations need not guess the order the engine writes them in. */
export function sortDiffs(diffs: readonly DiffRecord[]): DiffRecord[] {
  const sortKey = (diff: DiffRecord): string =>
    JSON.stringify([diff.table, diff.kind, diff.key, diff.column, diff.sourceValue, diff.targetValue]);
  return [...diffs].sort((left, right) =>
    sortKey(left) < sortKey(right) ? -1 : sortKey(left) > sortKey(right) ? 1 : 0,
  );
}

/** The result for one table; fails loudly when the run did not report it. */
export function tableResult(summary: Summary, name: string): TableResult {
  const found = summary.tables.find((table) => table.name === name);
  if (!found)
    throw new Error(`summary has no table "${name}"; it has ${summary.tables.map((table) => table.name).join(', ')}`);
  return found;
}

/** A `changed` line: one per changed column. */
export function changed(
  table: string,
  key: string,
  column: string,
  sourceValue: string | null,
  targetValue: string | null,
): DiffRecord {
  return { table, kind: 'changed', key, column, sourceValue, targetValue };
}

/** A row only the source has. */
export function missing(table: string, key: string): DiffRecord {
  return { table, kind: 'missing', key, column: null, sourceValue: null, targetValue: null };
}

/** A row only the target has. */
export function extra(table: string, key: string): DiffRecord {
  return { table, kind: 'extra', key, column: null, sourceValue: null, targetValue: null };
}

/** A line of the tenant and integrity checks: the child row's key, the offending column(s) and value(s). */
export function finding(
  table: string,
  kind: 'orphan' | 'cross_tenant' | 'tenant_null' | 'tenant_unexpected',
  key: string,
  column: string,
  targetValue: string | null,
): DiffRecord {
  return { table, kind, key, column, sourceValue: null, targetValue };
}

/** The facts of one table result that fixtures pin down exactly (durations and warnings left out). */
export interface TableFacts {
  readonly status: TableResult['status'];
  readonly rows: TableResult['rows'];
  readonly diff: TableResult['diff'];
  readonly key: TableResult['key'];
  readonly sourceOnly: readonly string[];
  readonly targetOnly: readonly string[];
}

/** Every table of a summary reduced to its facts, by table name, for one deep comparison. */
export function tableFacts(summary: Summary): Record<string, TableFacts> {
  return Object.fromEntries(
    summary.tables.map((table) => [
      table.name,
      {
        status: table.status,
        rows: table.rows,
        diff: table.diff,
        key: table.key,
        sourceOnly: [...table.columns.sourceOnly].sort(),
        targetOnly: [...table.columns.targetOnly].sort(),
      },
    ]),
  );
}

/** Expected facts, written compactly: rows as [source, target], diff as [missing, extra, changed]. */
export function facts(
  status: TableResult['status'],
  [sourceRows, targetRows]: [number, number],
  [missingRows, extraRows, changedRows]: [number, number, number],
  key: readonly string[] | null,
  columns: { sourceOnly?: readonly string[]; targetOnly?: readonly string[] } = {},
): TableFacts {
  return {
    status,
    rows: { source: sourceRows, target: targetRows },
    diff: { missing: missingRows, extra: extraRows, changed: changedRows },
    key,
    sourceOnly: columns.sourceOnly ?? [],
    targetOnly: columns.targetOnly ?? [],
  };
}
