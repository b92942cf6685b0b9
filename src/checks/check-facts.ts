import type { Table } from '../catalog/types.js';
import type { SideSession } from '../connect/session.js';
import { readUnionBatches } from '../connect/union-batches.js';
import { brokenLinksCountSql } from './integrity.js';
import { matchForeignKeys, type KeyScope } from './match-keys.js';
import { sequenceMaximaSql } from './sequences.js';
import type { CheckSubject } from './subject.js';
import { offendingTenantsSql, tenantApplies, type TenantSpec } from './tenant.js';

/** What the checks learn from counts over a table, read for many tables at once. */
export interface CheckFacts {
  /** Rows with a NULL or unexpected tenant; undefined when the table gets no tenant check. */
  readonly offendingTenants: number | undefined;
  /** The maxima of the columns the sequence check compares, in its order. */
  readonly sequenceMaxima: ReadonlyArray<string | null>;
  /** Rows with an orphan or cross-tenant link, by foreign key name, for the keys that are checked. */
  readonly brokenLinks: ReadonlyMap<string, number>;
}

/** A target table the checks will look at, with its source table (whose foreign keys it should have). */
export interface FactsSubject {
  readonly subject: CheckSubject;
  readonly source: Table | undefined;
}

/**
 * The tenant counts, sequence maxima and broken-link counts of many target tables, one statement per hundred
 * tables (see readUnionBatches) instead of a query per table and check. A check whose count is zero then needs
 * no query; a non-zero count is looked at by the check itself, which fetches the sample rows. A table left out
 * (its statement failed: a tenant value its column's type cannot hold) is checked by its own queries, which
 * fail with the check's name.
 */
export async function readCheckFacts(
  subjects: readonly FactsSubject[],
  config: { readonly tenant: TenantSpec | undefined; readonly keys: KeyScope },
  session: SideSession,
): Promise<Map<CheckSubject, CheckFacts>> {
  const wanted = subjects.flatMap(({ subject, source }): Wanted[] => {
    const tenant = tenantApplies(subject, config.tenant) ? [offendingTenantsSql(subject, config.tenant)] : [];
    const maxima = sequenceMaximaSql(subject);
    const keys = matchForeignKeys(source, subject.table, config.keys).flatMap((key) =>
      'skipped' in key.check ? [] : [{ name: key.name, sql: brokenLinksCountSql(subject, key, key.check) }],
    );
    return tenant.length + maxima.length + keys.length === 0 ? [] : [{ subject, tenant, maxima, keys }];
  });
  // Part 0 aggregates over every row (the next insert collides with any; the tenant count filters itself),
  // part 1 is the foreign keys' counts, each a subquery of its own. Each part returns exactly one row.
  const batches = await readUnionBatches<Wanted, { entry: number; part: number; facts: Array<string | null> }>(
    session,
    wanted,
    (entry, index) => [
      ...(entry.tenant.length + entry.maxima.length > 0
        ? [
            `SELECT ${index} AS entry, 0 AS part, ARRAY[${[...entry.tenant, ...entry.maxima].join(', ')}]::text[] AS facts FROM ${entry.subject.from}`,
          ]
        : []),
      ...(entry.keys.length > 0
        ? [
            `SELECT ${index} AS entry, 1 AS part, ARRAY[${entry.keys.map((key) => key.sql).join(', ')}]::text[] AS facts`,
          ]
        : []),
    ],
  );
  const found = new Map<CheckSubject, CheckFacts>();
  for (const { batch, rows } of batches) {
    const facts = new Map(rows.map((row) => [`${row.entry}:${row.part}`, row.facts]));
    batch.forEach((entry, index) => {
      const aggregates = facts.get(`${index}:0`) ?? [];
      const keys = facts.get(`${index}:1`) ?? [];
      const counted = entry.tenant.length > 0;
      found.set(entry.subject, {
        offendingTenants: counted ? Number(aggregates[0]) : undefined,
        sequenceMaxima: aggregates.slice(counted ? 1 : 0),
        brokenLinks: new Map(entry.keys.map((key, position) => [key.name, Number(keys[position])])),
      });
    });
  }
  return found;
}

/** A table whose checks want counts, with the SQL of each. */
interface Wanted {
  readonly subject: CheckSubject;
  readonly tenant: readonly string[];
  readonly maxima: readonly string[];
  readonly keys: ReadonlyArray<{ readonly name: string; readonly sql: string }>;
}
