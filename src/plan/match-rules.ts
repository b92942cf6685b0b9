import { UsageError } from '../errors.js';
import { parseTimeUnit, type TimeUnit } from './time-precision.js';
import { Tolerance } from './tolerance.js';

/** How one table's columns are matched: source columns compared under another target name, and columns left out. */
export interface ColumnRules {
  /** Source column name -> target column name (--map-column). */
  readonly renamed: ReadonlyMap<string, string>;
  /** Column names left out of the comparison on both sides (--ignore-columns); a name matches either side's column. */
  readonly ignored: ReadonlySet<string>;
  /** Column name (either side's) -> its tolerance (--tolerance); absent when none. */
  readonly tolerances?: ReadonlyMap<string, ValueRule<Tolerance>>;
  /** Column name (either side's) -> the precision it is compared at (--time-precision); absent when none. */
  readonly timePrecision?: ReadonlyMap<string, ValueRule<TimeUnit>>;
}

/** A --tolerance or --time-precision rule as it applies to one table's column. */
export interface ValueRule<T> {
  readonly value: T;
  /** The table name the rule was given with: `*` for every table (then it applies only where it can). */
  readonly table: string;
}

/** Every rename and ignore rule of a run, validated when built. */
export interface MatchRules {
  /** Source table name -> target table name (--map-table). */
  readonly tables: ReadonlyMap<string, string>;
  /** Per source table: source column -> target column. */
  readonly columns: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Per table name, or `*` for every table: the ignored column names. */
  readonly ignored: ReadonlyMap<string, ReadonlySet<string>>;
  /** Per table name, or `*`: column name -> tolerance. */
  readonly tolerances?: ReadonlyMap<string, ReadonlyMap<string, Tolerance>>;
  /** Per table name, or `*`: column name -> time precision. */
  readonly timePrecision?: ReadonlyMap<string, ReadonlyMap<string, TimeUnit>>;
}

/** Tables and columns matched by their own names, nothing ignored. */
export const SAME_NAMES: ColumnRules = Object.freeze({
  renamed: new Map<string, string>(),
  ignored: new Set<string>(),
});

/** The rules as options and config files spell them. */
export interface MatchRuleOptions {
  /** `{ old: new }`: source table `old` is compared with target table `new`. */
  readonly mapTables?: Readonly<Record<string, string>>;
  /** `{ "table.old": "new" }`: column `old` of source table `table` is compared with target column `new`. */
  readonly mapColumns?: Readonly<Record<string, string>>;
  /** `table.column` or `*.column` (every table): columns meant to differ, left out on both sides. */
  readonly ignoreColumns?: readonly string[];
  /** `{ "table.column": N }` (or `*.column`): numbers at most N apart are equal. */
  readonly tolerances?: Readonly<Record<string, string | number>>;
  /** `{ "table.column": "ms" }` (or `*.column`): timestamps and times compared at ms, s, min or h. */
  readonly timePrecision?: Readonly<Record<string, string>>;
}

/** Builds the rules; a malformed entry or two names mapped onto one is a UsageError naming the flag. */
export function buildMatchRules(options: MatchRuleOptions): MatchRules {
  const tables = new Map<string, string>();
  for (const [from, to] of Object.entries(options.mapTables ?? {})) {
    const pair = `${from}=${String(to)}`;
    if (from === '' || typeof to !== 'string' || to === '')
      throw new UsageError(`--map-table must be old=new, not "${pair}"`);
    const taken = [...tables].find(([, other]) => other === to);
    if (taken !== undefined) throw new UsageError(`--map-table: ${taken[0]} and ${from} are both mapped to ${to}`);
    tables.set(from, to);
  }
  const columns = new Map<string, Map<string, string>>();
  for (const [qualified, to] of Object.entries(options.mapColumns ?? {})) {
    const { table, column } = splitQualified('--map-column', qualified, `${qualified}=${String(to)}`);
    if (typeof to !== 'string' || to === '')
      throw new UsageError(`--map-column must be table.old=new, not "${qualified}=${String(to)}"`);
    const renamed = columns.get(table) ?? new Map<string, string>();
    const taken = [...renamed].find(([, other]) => other === to);
    if (taken !== undefined)
      throw new UsageError(`--map-column: ${table}.${taken[0]} and ${table}.${column} are both mapped to ${to}`);
    columns.set(table, renamed.set(column, to));
  }
  const ignored = new Map<string, Set<string>>();
  for (const entry of options.ignoreColumns ?? []) {
    const { table, column } = splitQualified('--ignore-columns', entry, entry);
    ignored.set(table, (ignored.get(table) ?? new Set<string>()).add(column));
  }
  return {
    tables,
    columns,
    ignored,
    tolerances: valueRules('--tolerance', options.tolerances, (entry, value) => Tolerance.parse(entry, value)),
    timePrecision: valueRules('--time-precision', options.timePrecision, parseTimeUnit),
  };
}

/** `{ "table.column": value }` as rules per table; `parse` checks each value, naming the entry. */
function valueRules<T>(
  flag: string,
  record: Readonly<Record<string, unknown>> | undefined,
  parse: (entry: string, value: unknown) => T,
): Map<string, Map<string, T>> {
  const rules = new Map<string, Map<string, T>>();
  for (const [qualified, value] of Object.entries(record ?? {})) {
    const { table, column } = splitQualified(flag, qualified, `${qualified}=${String(value)}`);
    rules.set(table, (rules.get(table) ?? new Map<string, T>()).set(column, parse(qualified, value)));
  }
  return rules;
}

/** One table's value rules: `*` rules first, so that a rule naming the table wins. */
function valueRulesFor<T>(
  rules: ReadonlyMap<string, ReadonlyMap<string, T>> | undefined,
  names: readonly string[],
): Map<string, ValueRule<T>> | undefined {
  const found = new Map<string, ValueRule<T>>();
  for (const table of ['*', ...names.filter((name) => name !== '*')])
    for (const [column, value] of rules?.get(table) ?? []) found.set(column, { value, table });
  return found.size === 0 ? undefined : found;
}

/** The column rules of one table, looked up by the names it has on each side. */
export function columnRulesFor(
  rules: MatchRules,
  sourceName: string | undefined,
  targetName: string | undefined,
): ColumnRules {
  const names = [sourceName, targetName, '*'].filter((name): name is string => name !== undefined);
  const ignored = new Set(names.flatMap((name) => [...(rules.ignored.get(name) ?? [])]));
  const renamed = sourceName === undefined ? undefined : rules.columns.get(sourceName);
  const tables = names.filter((name) => name !== '*').reverse();
  const tolerances = valueRulesFor(rules.tolerances, tables);
  const timePrecision = valueRulesFor(rules.timePrecision, tables);
  if (ignored.size === 0 && renamed === undefined && tolerances === undefined && timePrecision === undefined)
    return SAME_NAMES;
  return {
    renamed: renamed ?? new Map(),
    ignored,
    ...(tolerances === undefined ? {} : { tolerances }),
    ...(timePrecision === undefined ? {} : { timePrecision }),
  };
}

/** What each flag of `name=value` pairs takes, for its error messages. */
const ASSIGNMENT_SHAPES: Readonly<Record<string, string>> = {
  '--map-table': 'old=new',
  '--link': 'table.column=parent_table.column',
  '--map-column': 'table.old=new',
  '--tolerance': 'table.column=N',
  '--time-precision': 'table.column=ms|s|min|h',
};

/** Parses repeated `name=value` flag values into a record; `flag` names the flag in the error. */
export function parseAssignments(flag: string, values: readonly string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    const from = value.slice(0, at).trim();
    const to = value.slice(at + 1).trim();
    if (at < 0 || from === '' || to === '')
      throw new UsageError(`${flag} must be ${ASSIGNMENT_SHAPES[flag] ?? 'name=value'}, not "${value}"`);
    if (from in record && record[from] !== to)
      throw new UsageError(
        `${flag}: ${from} is ${flag.startsWith('--map-') ? 'mapped' : 'given'} twice (${flag.startsWith('--map-') ? 'to ' : ''}${record[from]} and ${to})`,
      );
    record[from] = to;
  }
  return record;
}

/** `table.column`, split at the first dot: table names containing a dot cannot be given. */
function splitQualified(flag: string, qualified: string, shown: string): { table: string; column: string } {
  const dot = qualified.indexOf('.');
  const table = qualified.slice(0, dot);
  const column = qualified.slice(dot + 1);
  if (dot <= 0 || column === '') throw new UsageError(`${flag} entries must be table.column, not "${shown}"`);
  return { table, column };
}
