import type { Table } from '../catalog/types.js';
import type { SideSession } from '../connect/session.js';
import { brokenLinksCountSql } from './integrity.js';
import { matchForeignKeys, type KeyScope } from './match-keys.js';
import { sequenceMaximaSql } from './sequences.js';
import type { CheckSubject } from './subject.js';
import { offendingTenantsSql, tenantApplies, type TenantSpec } from './tenant.js';

/** Tables per statement, as for the whole-table checksums. */
const TABLES_PER_STATEMENT = 100;

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
 * tables instead of a query per table and check: a store of a fan-out is fifteen small tables, where round
 * trips are the cost. A check whose count is zero then needs no query; a non-zero count is looked at by the
 * check itself, which fetches the sample rows. A statement that fails (a tenant value its column's type
 * cannot hold, a lock timeout) leaves its tables out, and their checks then query and fail on their own.
 */
export async function readCheckFacts(
  subjects: readonly FactsSubject[],
  config: { readonly tenant: TenantSpec | undefined; readonly keys: KeyScope },
  session: SideSession,
): Promise<Map<CheckSubject, CheckFacts>> {
  const wanted = subjects.flatMap(({ subject, source }) => {
    const tenant = tenantApplies(subject, config.tenant) ? [offendingTenantsSql(subject, config.tenant)] : [];
    const maxima = sequenceMaximaSql(subject);
    const keys = matchForeignKeys(source, subject.table, config.keys).flatMap((key) =>
      'skipped' in key.check ? [] : [{ name: key.name, sql: brokenLinksCountSql(subject, key, key.check) }],
    );
    return tenant.length + maxima.length + keys.length === 0 ? [] : [{ subject, tenant, maxima, keys }];
  });
  const found = new Map<CheckSubject, CheckFacts>();
  for (let start = 0; start < wanted.length; start += TABLES_PER_STATEMENT) {
    const batch = wanted.slice(start, start + TABLES_PER_STATEMENT);
    // Part 0 aggregates over every row (the next insert collides with any; the tenant count filters itself),
    // part 1 is the foreign keys' counts, each a subquery of its own.
    const parts = batch.flatMap((entry, index) => [
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
    ]);
    let rows: Array<{ entry: number; part: number; facts: Array<string | null> }>;
    try {
      rows = await session.withClient(
        async (client) =>
          (
            await client.query<{ entry: number; part: number; facts: Array<string | null> }>({
              text: parts.join('\nUNION ALL '),
              queryMode: 'extended',
            })
          ).rows,
      );
    } catch {
      continue;
    }
    const byEntry = new Map<number, Array<string | null>[]>();
    for (const row of rows)
      (byEntry.get(row.entry) ?? byEntry.set(row.entry, [[], []]).get(row.entry)!)[row.part] = row.facts;
    for (const [index, [aggregates, keys]] of byEntry) {
      const entry = batch[index]!;
      const counted = entry.tenant.length > 0;
      found.set(entry.subject, {
        offendingTenants: counted ? Number(aggregates![0]) : undefined,
        sequenceMaxima: aggregates!.slice(counted ? 1 : 0),
        brokenLinks: new Map(entry.keys.map((key, position) => [key.name, Number(keys![position])])),
      });
    }
  }
  return found;
}
