import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCsv } from '../test/support/csv.js';
import type { ExpectedChange } from './changes.js';
import { TABLE, TENANTS_TABLE } from './generator.js';
import type { ProcessRun } from './measure.js';

/** What one table's entry of summary.json holds, as far as the benchmark checks it. */
interface TableEntry {
  name: string;
  status: string;
  rows: { source: number | null; target: number | null };
  diff: { missing: number; extra: number; changed: number };
  tenant?: { nulls: number; unexpected: number };
  integrity: Array<{ orphans: number | null }>;
}

/**
 * A timing only counts when the answer is right: the exit code, the counts of summary.json and every
 * line of diffs.csv must match the data. Returns what is wrong, or null.
 */
export async function checkReport(
  run: ProcessRun,
  outDir: string,
  expectation: { rows: number; expected: readonly ExpectedChange[]; checks: boolean },
): Promise<string | null> {
  const { rows, expected } = expectation;
  const exitCode = expected.length === 0 ? 0 : 1;
  if (run.exitCode !== exitCode) return `exit code ${run.exitCode}, expected ${exitCode}: ${lastLine(run.stderr)}`;
  const summary = JSON.parse(await readFile(join(outDir, 'summary.json'), 'utf8')) as { tables: TableEntry[] };
  const table = summary.tables.find((entry) => entry.name === TABLE);
  const others = summary.tables.filter((entry) => entry !== table);
  if (table === undefined) return `summary.json has no entry for ${TABLE}`;
  const failing = others.find(
    (entry) => entry.status !== 'pass' || entry.name !== TENANTS_TABLE || !expectation.checks,
  );
  if (failing !== undefined)
    return `summary.json lists ${failing.name} (${failing.status}); expected ${TABLE}${expectation.checks ? ` and ${TENANTS_TABLE} (pass)` : ' only'}`;
  const counts = `rows ${table.rows.source}/${table.rows.target}, diff ${table.diff.missing}/${table.diff.extra}/${table.diff.changed}`;
  if (
    table.rows.source !== rows ||
    table.rows.target !== rows ||
    table.diff.missing !== 0 ||
    table.diff.extra !== 0 ||
    table.diff.changed !== expected.length
  ) {
    return `summary.json says ${counts}; expected rows ${rows}/${rows}, diff 0/0/${expected.length}`;
  }
  // With checks, both must have run and found nothing (every event's tenant is expected and exists).
  if (expectation.checks) {
    const tenant =
      table.tenant === undefined ? 'no tenant check' : `tenant ${table.tenant.nulls}/${table.tenant.unexpected}`;
    const orphans = table.integrity.map((key) => key.orphans);
    if (table.tenant?.nulls !== 0 || table.tenant.unexpected !== 0 || orphans.length !== 1 || orphans[0] !== 0) {
      return `summary.json says ${tenant}, orphans ${JSON.stringify(orphans)}; expected tenant 0/0, orphans [0]`;
    }
  } else if (table.tenant !== undefined || table.integrity.length > 0) {
    return 'summary.json reports checks the run was told to skip';
  }
  const [header, ...lines] = parseCsv(await readFile(join(outDir, 'diffs.csv'), 'utf8'));
  if (header?.join(',') !== 'table,kind,key,column,source_value,target_value')
    return `diffs.csv has an unexpected header: ${header?.join(',')}`;
  const reported = new Set(lines.map((line) => JSON.stringify(line.slice(1))));
  const wanted = expected.map((change) =>
    JSON.stringify(['changed', change.key, change.column, change.sourceValue, change.targetValue]),
  );
  const missing = wanted.filter((line) => !reported.has(line));
  if (missing.length > 0 || lines.length !== wanted.length) {
    return `diffs.csv has ${lines.length} lines, expected ${wanted.length}; not reported: ${missing.slice(0, 3).join(' ')}`;
  }
  return null;
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}
