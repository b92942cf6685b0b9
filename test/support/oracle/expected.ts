import { targetRows, type OracleCase, type OracleRow } from './cases.js';

/** What a naive in-memory comparison says the diff must be. */
export interface ExpectedDiff {
  readonly missing: number;
  readonly extra: number;
  readonly changed: number;
  /** For keyed tables: sorted `kind key column` lines; empty for keyless tables (counts only). */
  readonly lines: readonly string[];
}

/** The key as diffs.csv writes it: the value itself, or a JSON array for a composite key. */
export function csvKey(row: OracleRow): string {
  return row.key.length === 1 ? row.key[0]! : JSON.stringify(row.key);
}

export function expectedDiff(oracle: OracleCase): ExpectedDiff {
  const target = targetRows(oracle);
  if (oracle.keyKind === 'none') return multisetDiff(oracle.source, target);
  const sourceByKey = new Map(oracle.source.map((row) => [JSON.stringify(row.key), row]));
  const targetByKey = new Map(target.map((row) => [JSON.stringify(row.key), row]));
  const lines: string[] = [];
  let changed = 0;
  for (const [key, row] of sourceByKey) {
    const other = targetByKey.get(key);
    if (other === undefined) {
      lines.push(`missing ${csvKey(row)} `);
      continue;
    }
    const columns = row.values.flatMap((value, index) => (value === other.values[index] ? [] : [`c${index}`]));
    if (columns.length > 0) changed++;
    for (const column of columns) lines.push(`changed ${csvKey(row)} ${column}`);
  }
  for (const [key, row] of targetByKey) if (!sourceByKey.has(key)) lines.push(`extra ${csvKey(row)} `);
  const count = (kind: string) => lines.filter((line) => line.startsWith(`${kind} `)).length;
  return { missing: count('missing'), extra: count('extra'), changed, lines: lines.sort() };
}

function multisetDiff(source: readonly OracleRow[], target: readonly OracleRow[]): ExpectedDiff {
  const counts = new Map<string, number>();
  for (const row of source) counts.set(JSON.stringify(row.values), (counts.get(JSON.stringify(row.values)) ?? 0) + 1);
  for (const row of target) counts.set(JSON.stringify(row.values), (counts.get(JSON.stringify(row.values)) ?? 0) - 1);
  let missing = 0;
  let extra = 0;
  for (const count of counts.values()) {
    if (count > 0) missing += count;
    else extra -= count;
  }
  return { missing, extra, changed: 0, lines: [] };
}
