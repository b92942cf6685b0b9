import type { Table } from '../catalog/types.js';
import type { ClientOnDemand } from '../connect/on-demand.js';
import { DatabaseError, describeError } from '../errors.js';
import type { DiffSink } from '../diff-sink.js';
import type { IntegrityFinding, SequenceFinding, TenantFinding } from '../summary.js';
import { checkForeignKey } from './integrity.js';
import { type KeyScope, matchForeignKeys, missingKeyWarning } from './match-keys.js';
import { checkSequences } from './sequences.js';
import type { CheckSubject } from './subject.js';
import { checkTenant, tenantApplies, type TenantSpec } from './tenant.js';
import type { CheckFacts } from './check-facts.js';
import { checkFailures, checkWarnings, type CheckFindings } from './verdict.js';

/**
 * What the checks need from the run: whether they run at all (--no-checks), the tenant values
 * (undefined: no tenant check) and the schemas' tables.
 */
export interface ChecksConfig {
  readonly enabled: boolean;
  /** Warn about foreign keys declared on the source only (false when the structure comparison fails them instead). */
  readonly warnMissingKeys: boolean;
  readonly tenant: TenantSpec | undefined;
  readonly keys: KeyScope;
}

/** The checks' findings on one table with the reasons that fail it and the warnings it deserves. */
export interface CheckOutcome extends CheckFindings {
  readonly failures: readonly string[];
  readonly warnings: readonly string[];
  /** The check whose query failed, naming it; the checks before it stand, those after it did not run. */
  readonly error?: DatabaseError;
}

/**
 * Runs the tenant, integrity and sequence checks of one target table on the target connection its diff used,
 * taken only when a check must query (in the side's one snapshot either way), one query each (none when the run
 * turned them off; fewer with `facts` read beforehand). Findings are values, and so is a failing query:
 * `error`, naming the check it belongs to.
 */
export async function runChecks(
  client: ClientOnDemand,
  subject: CheckSubject,
  source: Table | undefined,
  config: ChecksConfig,
  sink: DiffSink,
  facts?: CheckFacts,
): Promise<CheckOutcome> {
  if (!config.enabled) return CHECKS_OFF;
  const table = subject.table;
  const tenantSpec = config.tenant;
  const keys = matchForeignKeys(source, table, config.keys);
  let tenant: TenantFinding | undefined;
  const integrity: IntegrityFinding[] = [];
  let sequences: readonly SequenceFinding[] = [];
  let error: DatabaseError | undefined;
  try {
    if (tenantApplies(subject, tenantSpec))
      tenant = await labelled('tenant check', checkTenant(client, subject, tenantSpec, sink, facts?.offendingTenants));
    for (const key of keys)
      integrity.push(
        await labelled(
          `foreign key ${key.name}`,
          checkForeignKey(client, subject, key, sink, facts?.brokenLinks.get(key.name)),
        ),
      );
    sequences = await labelled('sequence check', checkSequences(client, subject, facts?.sequenceMaxima));
  } catch (failed) {
    // The failed query ended the transaction's use: no check runs after it. Those before it keep their findings,
    // as diffs.csv keeps their lines.
    error = failed as DatabaseError;
  }
  const findings: CheckFindings = { ...(tenant !== undefined ? { tenant } : {}), integrity, sequences };
  const missingKeys = config.warnMissingKeys
    ? keys.map(missingKeyWarning).filter((warning): warning is string => warning !== undefined)
    : [];
  return {
    ...findings,
    failures: checkFailures(findings),
    warnings: [...checkWarnings(findings), ...missingKeys],
    ...(error !== undefined ? { error } : {}),
  };
}

/** The outcome of a table whose checks were turned off: no findings, nothing to fail or warn about. */
export const CHECKS_OFF: CheckOutcome = { integrity: [], sequences: [], failures: [], warnings: [] };

async function labelled<T>(label: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const cause = error instanceof DatabaseError ? (error.cause ?? error) : error;
    throw new DatabaseError('target', `${label}: ${describeError(cause)}`, cause);
  }
}
