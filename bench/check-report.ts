import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCsv } from '../test/support/csv.js';
import type { ExpectedChange } from './changes.js';
import type { ProcessRun } from './measure.js';

/** What one table's entry of summary.json holds, as far as the benchmark checks it. */
interface TableEntry {
  name: string;
  status: string;
  rows: { source: number | null; target: number | null };
  diff: { missing: number; extra: number; changed: number };
}

/**
 * A timing only counts when the answer is right: the exit code, the counts of summary.json and every
 * line of diffs.csv must match the data. Returns what is wrong, or null.
 */
export async function checkReport(
  run: ProcessRun, outDir: string, expectation: { rows: number; expected: readonly ExpectedChange[] },
): Promise<string | null> {
  const { rows, expected } = expectation;
  const exitCode = expected.length === 0 ? 0 : 1;
  if (run.exitCode !== exitCode) return `exit code ${run.exitCode}, expected ${exitCode}: ${lastLine(run.stderr)}`;
  const summary = JSON.parse(await readFile(join(outDir, 'summary.json'), 'utf8')) as { tables: TableEntry[] };
  const table = summary.tables[0];
  if (summary.tables.length !== 1 || table === undefined) return `summary.json lists ${summary.tables.length} tables, expected 1`;
  const counts = `rows ${table.rows.source}/${table.rows.target}, diff ${table.diff.missing}/${table.diff.extra}/${table.diff.changed}`;
  if (table.rows.source !== rows || table.rows.target !== rows || table.diff.missing !== 0 || table.diff.extra !== 0 || table.diff.changed !== expected.length) {
    return `summary.json says ${counts}; expected rows ${rows}/${rows}, diff 0/0/${expected.length}`;
  }
  const [header, ...lines] = parseCsv(await readFile(join(outDir, 'diffs.csv'), 'utf8'));
  if (header?.join(',') !== 'table,kind,key,column,source_value,target_value') return `diffs.csv has an unexpected header: ${header?.join(',')}`;
  const reported = new Set(lines.map((line) => JSON.stringify(line.slice(1))));
  const wanted = expected.map((change) => JSON.stringify(['changed', change.key, change.column, change.sourceValue, change.targetValue]));
  const missing = wanted.filter((line) => !reported.has(line));
  if (missing.length > 0 || lines.length !== wanted.length) {
    return `diffs.csv has ${lines.length} lines, expected ${wanted.length}; not reported: ${missing.slice(0, 3).join(' ')}`;
  }
  return null;
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}
