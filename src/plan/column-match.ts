import type { Column, Table, UniqueKey } from '../catalog/types.js';
import type { ColumnRules } from './match-rules.js';

/** Which columns of a table pair are compared, by the rules, and which key rows are matched on. */
export interface ColumnMatch {
  /** The source's columns the rules keep, by name. */
  readonly sourceColumns: ReadonlyMap<string, Column>;
  /** The target's columns the rules keep, by name. */
  readonly targetColumns: ReadonlyMap<string, Column>;
  /** Compared columns: source name -> the target column it is compared with, in the source's column order. */
  readonly matched: ReadonlyMap<string, Column>;
  /** The key (source names), or null when no key has all its columns compared: a multiset comparison. */
  readonly key: readonly string[] | null;
}

/**
 * Matches the columns of a table present on both sides. Columns are compared by name unless `rules` map a
 * source column onto another target name; ignored columns leave the comparison on both sides.
 */
export function matchColumns(source: Table, target: Table, rules: ColumnRules): ColumnMatch {
  const kept = (column: Column) => !rules.ignored.has(column.name);
  const targetColumns = new Map(target.columns.filter(kept).map((column) => [column.name, column]));
  const sourceColumns = new Map(source.columns.filter(kept).map((column) => [column.name, column]));
  // A target name a rename claims is no longer matched by name: `mail=email` leaves a source `email` unmatched.
  const claimed = new Set(rules.renamed.values());
  const targetNameOf = (name: string): string | undefined =>
    rules.renamed.get(name) ?? (claimed.has(name) ? undefined : name);
  const matched = new Map<string, Column>();
  for (const name of sourceColumns.keys()) {
    const targetName = targetNameOf(name);
    const peer = targetName === undefined ? undefined : targetColumns.get(targetName);
    if (peer !== undefined) matched.set(name, peer);
  }
  const sourceNameOf = new Map([...matched].map(([name, column]) => [column.name, name]));
  // The target's keys in source names; a key over a column without a source peer cannot match rows.
  const targetKeys = target.keys
    .filter((unique) => unique.columns.every((name) => sourceNameOf.has(name)))
    .map((unique) => ({ ...unique, columns: unique.columns.map((name) => sourceNameOf.get(name)!) }));
  const key = chooseKey(source.keys, targetKeys, new Set(matched.keys()));
  return { sourceColumns, targetColumns, matched, key };
}

/** The source's best key whose columns are all compared, else the target's (in source names), else none (multiset). */
function chooseKey(
  sourceKeys: readonly UniqueKey[],
  targetKeys: readonly UniqueKey[],
  shared: Set<string>,
): readonly string[] | null {
  const usable = (keys: readonly UniqueKey[]) => keys.find((key) => key.columns.every((name) => shared.has(name)));
  return (usable(sourceKeys) ?? usable(targetKeys))?.columns ?? null;
}
