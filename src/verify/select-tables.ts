import type { Table } from '../catalog/types.js';
import { UsageError } from '../errors.js';
import { columnRulesFor, type ColumnRules, type MatchRules } from '../plan/match-rules.js';

/** A table name with what each side has under it (undefined: absent on that side). */
export interface TablePair {
  /** The source table's name (the target's for a target-only table): how reports and --tables name it. */
  readonly name: string;
  readonly source: Table | undefined;
  readonly target: Table | undefined;
  /** Renamed and ignored columns of this table. */
  readonly columns: ColumnRules;
}

const NO_RULES: MatchRules = { tables: new Map(), columns: new Map(), ignored: new Map() };

/**
 * Pairs the tables of both schemas by name (or by --map-table), restricted by --tables and --exclude.
 * A name in --tables, --exclude or --map-table that neither side has is a usage error: it is almost always a typo.
 */
export function selectTables(
  sourceTables: readonly Table[], targetTables: readonly Table[],
  include: readonly string[], exclude: readonly string[], rules: MatchRules = NO_RULES,
): TablePair[] {
  const sources = new Map(sourceTables.map((table) => [table.name, table]));
  const targets = new Map(targetTables.map((table) => [table.name, table]));
  const unknownMaps = [...rules.tables].filter(([from, to]) => !sources.has(from) && !targets.has(to));
  if (unknownMaps.length > 0) {
    const [from, to] = unknownMaps[0]!;
    throw new UsageError(`--map-table ${from}=${to}: no source table named "${from}" and no target table named "${to}"`);
  }
  // A target table claimed by a mapping is only ever compared with its mapped source table.
  const claimed = new Set(rules.tables.values());
  const targetNameOf = (name: string): string | undefined => rules.tables.get(name) ?? (claimed.has(name) ? undefined : name);
  const targetOnly = [...targets.keys()].filter((name) => !claimed.has(name) && !sources.has(name));
  const known = new Set([...sources.keys(), ...targetOnly]);
  for (const [flag, names] of [['--tables', include], ['--exclude', exclude]] as const) {
    const unknown = names.filter((name) => !known.has(name));
    if (unknown.length > 0) throw new UsageError(`${flag}: no table named ${unknown.map((name) => JSON.stringify(name)).join(', ')} on either side`);
  }
  const excluded = new Set(exclude);
  const names = include.length > 0 ? [...new Set(include)] : [...known].sort();
  return names
    .filter((name) => !excluded.has(name))
    .map((name) => {
      const source = sources.get(name);
      const targetName = source === undefined ? name : targetNameOf(name);
      const target = targetName === undefined ? undefined : targets.get(targetName);
      return { name, source, target, columns: columnRulesFor(rules, source?.name, target?.name) };
    });
}
