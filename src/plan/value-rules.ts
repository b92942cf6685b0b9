import type { Column } from '../catalog/types.js';
import { UsageError } from '../errors.js';
import type { ColumnMatch } from './column-match.js';
import type { ColumnRules, ValueRule } from './match-rules.js';
import { TIME_PRECISION_TYPES, type TimeUnit } from './time-precision.js';
import { TOLERANCE_TYPES, type Tolerance } from './tolerance.js';

/** The tolerances and time precisions that apply to one table's compared columns, by source column name. */
export interface AppliedValueRules {
  readonly tolerances: ReadonlyMap<string, Tolerance>;
  readonly timePrecision: ReadonlyMap<string, TimeUnit>;
}

/** What each kind of value rule needs of a column. */
const KINDS = {
  tolerance: { flag: '--tolerance', types: TOLERANCE_TYPES, expected: 'a number (integer, numeric, float or money)' },
  timePrecision: {
    flag: '--time-precision',
    types: TIME_PRECISION_TYPES,
    expected: 'a timestamp, timestamptz or time',
  },
} as const;

/**
 * Which value rules apply to which compared column. A rule naming its table must fit: its column compared on
 * both sides, not part of the key, of a type it applies to (and, for a tolerance, rows matched by a key, since a
 * keyless table's rows are compared whole); anything else is a UsageError naming the rule. A `*` rule is a
 * policy for whichever tables it fits, and is left out where it does not.
 */
export function applyValueRules(table: string, rules: ColumnRules, match: ColumnMatch): AppliedValueRules {
  return {
    tolerances: applied('tolerance', table, rules.tolerances, match),
    timePrecision: applied('timePrecision', table, rules.timePrecision, match),
  };
}

function applied<T>(
  kind: keyof typeof KINDS,
  table: string,
  rules: ReadonlyMap<string, ValueRule<T>> | undefined,
  match: ColumnMatch,
): Map<string, T> {
  const found = new Map<string, T>();
  for (const [column, rule] of rules ?? []) {
    const problem = misfit(kind, table, column, match);
    if (problem === undefined) found.set(compared(column, match)![0], rule.value);
    else if (rule.table !== '*') throw new UsageError(`${KINDS[kind].flag} ${rule.table}.${column}: ${problem}`);
  }
  // In the table's column order, as reports list columns.
  return new Map([...match.matched.keys()].filter((name) => found.has(name)).map((name) => [name, found.get(name)!]));
}

/** The compared pair a rule's column names, by its name on either side: [source name, target column]. */
function compared(column: string, match: ColumnMatch): [string, Column] | undefined {
  return [...match.matched].find(([name, peer]) => name === column || peer.name === column);
}

/** Why a rule cannot apply to a column of a table, or undefined when it can. */
function misfit(kind: keyof typeof KINDS, table: string, column: string, match: ColumnMatch): string | undefined {
  const pair = compared(column, match);
  if (pair === undefined) return `table ${table} has no column "${column}" compared on both sides`;
  const [name, peer] = pair;
  if (match.key?.includes(name) === true) return `${column} is part of the key rows are matched on`;
  if (kind === 'tolerance' && match.key === null)
    return `table ${table} has no key: its rows are compared whole, and a tolerance needs rows matched by key`;
  const sides: Array<[string, Column]> = [
    ['source', match.sourceColumns.get(name)!],
    ['target', peer],
  ];
  const wrong = sides.find(([, own]) => !KINDS[kind].types.has(own.baseType));
  return wrong === undefined
    ? undefined
    : `the ${wrong[0]} column ${wrong[1].name} is ${wrong[1].type}, not ${KINDS[kind].expected}`;
}
