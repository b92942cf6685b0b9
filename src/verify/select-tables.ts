import type { Table } from '../catalog/types.js';
import { UsageError } from '../errors.js';

/** A table name with what each side has under it (undefined: absent on that side). */
export interface TablePair {
  readonly name: string;
  readonly source: Table | undefined;
  readonly target: Table | undefined;
}

/**
 * Pairs the tables of both schemas by name, restricted by --tables and --exclude.
 * A name in --tables or --exclude that neither side has is a usage error: it is almost always a typo.
 */
export function selectTables(
  sourceTables: readonly Table[], targetTables: readonly Table[],
  include: readonly string[], exclude: readonly string[],
): TablePair[] {
  const sources = new Map(sourceTables.map((table) => [table.name, table]));
  const targets = new Map(targetTables.map((table) => [table.name, table]));
  const known = new Set([...sources.keys(), ...targets.keys()]);
  for (const [flag, names] of [['--tables', include], ['--exclude', exclude]] as const) {
    const unknown = names.filter((name) => !known.has(name));
    if (unknown.length > 0) throw new UsageError(`${flag}: no table named ${unknown.map((name) => JSON.stringify(name)).join(', ')} on either side`);
  }
  const excluded = new Set(exclude);
  const names = include.length > 0 ? [...new Set(include)] : [...known].sort();
  return names
    .filter((name) => !excluded.has(name))
    .map((name) => ({ name, source: sources.get(name), target: targets.get(name) }));
}
