import { redactArguments, redactConnectionString } from '../connect/conninfo.js';
import type { ResolvedOptions } from './options.js';
import type { RunOrigin, ServerFacts, Side, Summary } from '../summary.js';
import { pgverifyVersion } from '../version.js';

/** Each side's server version (and its database's facts once read); null for a side never connected to. */
export type Servers = Readonly<Record<Side, ServerFacts | null>>;

/** Servers of a run that connected to neither side. */
export const NO_SERVERS: Servers = { source: null, target: null };

type RunFacts = Pick<
  Summary,
  | 'mode'
  | 'source'
  | 'target'
  | 'sourceSchema'
  | 'targetSchema'
  | 'sourceWhere'
  | 'targetWhere'
  | 'sourceServer'
  | 'targetServer'
  | 'checks'
  | 'structure'
  | 'structureOnly'
  | 'tolerances'
  | 'timePrecision'
  | keyof RunOrigin
>;

/**
 * What a summary states about the run itself: mode, both sides without passwords, schemas, filters, both
 * servers' versions, pgverify's version and the command line.
 */
export function runFacts(options: ResolvedOptions, servers: Servers): RunFacts {
  return {
    ...comparedSides(options),
    sourceServer: servers.source,
    targetServer: servers.target,
    ...runOrigin(options.commandLine),
    ...(options.checks ? {} : { checks: false as const }),
    ...(options.structure ? {} : { structure: false as const }),
    ...(options.structureOnly ? { structureOnly: true as const } : {}),
    ...ruleRecord('tolerances', options.matchRules.tolerances, (tolerance) => tolerance.text),
    ...ruleRecord('timePrecision', options.matchRules.timePrecision, (unit) => unit),
  };
}

/** `{ [name]: { "table.column": value } }` for a run's value rules, or nothing when it has none. */
function ruleRecord<K extends string, T>(
  name: K,
  rules: ReadonlyMap<string, ReadonlyMap<string, T>> | undefined,
  text: (value: T) => string,
): Partial<Record<K, Record<string, string>>> {
  const entries = [...(rules ?? [])].flatMap(([table, columns]) =>
    [...columns].map(([column, value]) => [`${table}.${column}`, text(value)] as const),
  );
  return entries.length === 0
    ? {}
    : ({ [name]: Object.fromEntries(entries) } as Partial<Record<K, Record<string, string>>>);
}

/** pgverify's version and the command line with its passwords redacted (null when the library was called directly). */
export function runOrigin(commandLine: readonly string[] | undefined): RunOrigin {
  return {
    pgverifyVersion: pgverifyVersion(),
    commandLine: commandLine === undefined ? null : redactArguments(commandLine),
  };
}

/** The mode and what each side compared: connection strings without their password, schemas, filters. */
export function comparedSides(
  options: ResolvedOptions,
): Pick<Summary, 'mode' | 'source' | 'target' | 'sourceSchema' | 'targetSchema' | 'sourceWhere' | 'targetWhere'> {
  return {
    mode: options.mode,
    source: redactConnectionString(options.source),
    target: redactConnectionString(options.target),
    sourceSchema: options.sourceSchema,
    targetSchema: options.targetSchema,
    ...(options.sourceWhere !== undefined ? { sourceWhere: options.sourceWhere } : {}),
    ...(options.targetWhere !== undefined ? { targetWhere: options.targetWhere } : {}),
  };
}
