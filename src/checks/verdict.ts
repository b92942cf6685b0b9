import type { IntegrityFinding, SequenceFinding, TenantFinding } from '../summary.js';

/** What the checks found on one table, ready to merge into its result. */
export interface CheckFindings {
  readonly tenant?: TenantFinding;
  readonly integrity: readonly IntegrityFinding[];
  readonly sequences: readonly SequenceFinding[];
}

/** Each finding that fails the table, in words, for its `reason`. */
export function checkFailures(findings: CheckFindings): string[] {
  const failures: string[] = [];
  const { tenant } = findings;
  if (tenant !== undefined && tenant.nulls > 0) failures.push(`${rows(tenant.nulls)} with NULL ${tenant.column}`);
  if (tenant !== undefined && tenant.unexpected > 0)
    failures.push(`${rows(tenant.unexpected)} with an unexpected ${tenant.column}`);
  for (const key of findings.integrity) {
    if ((key.orphans ?? 0) > 0) failures.push(`${plural(key.orphans!, 'orphan row')} in ${key.name}`);
    if ((key.crossTenant ?? 0) > 0) failures.push(`${plural(key.crossTenant!, 'cross-tenant link')} in ${key.name}`);
  }
  for (const sequence of findings.sequences) {
    if (sequence.status !== 'fail') continue;
    failures.push(
      `sequence ${sequence.name} would hand out ${sequence.nextValue}, not above max(${sequence.column}) ${sequence.maxValue}`,
    );
  }
  return failures;
}

/** Findings that do not fail the table but that a DBA should act on. */
export function checkWarnings(findings: CheckFindings): string[] {
  const { tenant } = findings;
  return tenant !== undefined && !tenant.notNull ? [nullableTenantWarning(tenant.column)] : [];
}

/** The warning a nullable tenant column deserves, from the tenant check or the structure comparison (said once). */
export function nullableTenantWarning(column: string): string {
  return `${column} is not declared NOT NULL: new rows can miss their tenant`;
}

function rows(count: number): string {
  return plural(count, 'row');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
