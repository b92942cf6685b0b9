import type { Queryable } from '../connect/query-batch.js';
import type { SideClient } from '../connect/session.js';
import { qualifiedName } from '../sql.js';
import { grantsJson, toGrants, type RawGrant } from './grants.js';
import { groupByRelation } from './relations.js';
import type { ColumnSequence, SequenceKind, SequenceState } from './types.js';

interface RawFeed {
  relid: string;
  column: string;
  seqid: string;
  schema: string;
  name: string;
  kind: SequenceKind;
  increment: string;
  readable: boolean;
  data_type: string;
  min_value: string;
  max_value: string;
  cycle: boolean;
  grants: RawGrant[];
}
interface RawState {
  seqid: string;
  last_value: string;
  is_called: boolean;
}

/**
 * Finds the sequences feeding columns of the given tables: owned sequences (serial, `OWNED BY`) and
 * identity columns through pg_depend, and any other nextval() default through its pg_attrdef dependency.
 * A sequence feeding a column both ways is listed once, by its stronger tie. A default's dependencies are
 * looked up through pg_depend's index (fenced, OFFSET 0): joined, the planner reads every default's of the
 * database, which a thousand store schemas make many.
 */
const FEEDS_SQL = `
SELECT f.relid::int8 AS relid, a.attname AS column, s.oid::int8 AS seqid, sn.nspname AS schema, s.relname AS name,
       f.kind, sq.seqincrement::text AS increment,
       has_schema_privilege(sn.oid, 'USAGE') AND has_sequence_privilege(s.oid, 'SELECT') AS readable,
       format_type(sq.seqtypid, NULL) AS data_type, sq.seqmin::text AS min_value, sq.seqmax::text AS max_value, sq.seqcycle AS cycle,
       ${grantsJson('s.relacl', 's.relowner', 's')} AS grants
  FROM (SELECT DISTINCT ON (relid, attnum, seqid) relid, attnum, seqid, kind
          FROM (SELECT d.refobjid AS relid, d.refobjsubid AS attnum, d.objid AS seqid,
                       CASE d.deptype WHEN 'i' THEN 'identity' ELSE 'serial' END AS kind, 1 AS rank
                  FROM pg_catalog.pg_depend d
                 WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
                   AND d.deptype IN ('a', 'i') AND d.refobjid = ANY($1::oid[]) AND d.refobjsubid > 0
                UNION ALL
                SELECT ad.adrelid, ad.adnum, d.refobjid, 'default', 2
                  FROM pg_catalog.pg_attrdef ad
                 CROSS JOIN LATERAL (SELECT d.refobjid FROM pg_catalog.pg_depend d
                                      WHERE d.classid = 'pg_catalog.pg_attrdef'::regclass AND d.objid = ad.oid
                                        AND d.refclassid = 'pg_catalog.pg_class'::regclass OFFSET 0) AS d
                 WHERE ad.adrelid = ANY($1::oid[])) AS feeds
         ORDER BY relid, attnum, seqid, rank) AS f
  JOIN pg_catalog.pg_class s ON s.oid = f.seqid AND s.relkind = 'S'
  JOIN pg_catalog.pg_namespace sn ON sn.oid = s.relnamespace
  JOIN pg_catalog.pg_sequence sq ON sq.seqrelid = s.oid
  JOIN pg_catalog.pg_attribute a ON a.attrelid = f.relid AND a.attnum = f.attnum AND NOT a.attisdropped
 ORDER BY f.relid, f.attnum, s.relname`;

/**
 * Reads the sequences feeding the given tables' columns with their current state (`withStates`), in two
 * queries whatever their number (a few hundred sequences per statement for the second). A sequence this role
 * may not read, or whose state was not asked for, gets `state: null` instead of failing the run. The first
 * query goes through `catalog` (a QueryBatch may send it with others), the second, which needs its answer,
 * through `client`.
 */
export async function readColumnSequences(
  catalog: Queryable,
  client: SideClient,
  oids: readonly number[],
  withStates: boolean,
): Promise<Map<number, ColumnSequence[]>> {
  const feeds = (await catalog.query<RawFeed>({ text: FEEDS_SQL, values: [oids] })).rows;
  const states = withStates
    ? await readStates(
        client,
        feeds.filter((feed) => feed.readable),
      )
    : new Map<string, SequenceState>();
  return groupByRelation(feeds, (feed): ColumnSequence =>
    Object.freeze({
      column: feed.column,
      schema: feed.schema,
      name: feed.name,
      kind: feed.kind,
      increment: BigInt(feed.increment),
      state: states.get(feed.seqid) ?? null,
      definition: Object.freeze({
        dataType: feed.data_type,
        minValue: BigInt(feed.min_value),
        maxValue: BigInt(feed.max_value),
        cycle: feed.cycle,
        grants: toGrants(feed.grants),
      }),
    }),
  );
}

/** Sequences per statement: a fan-out's thousands are read a few hundred at a time, each statement quick to plan. */
const STATES_PER_STATEMENT = 200;

/**
 * A sequence's last_value and is_called live in the sequence relation itself; one UNION ALL reads them all
 * (pg_sequences hides last_value before the first nextval(), which is exactly the state a copy leaves behind).
 */
async function readStates(client: SideClient, feeds: readonly RawFeed[]): Promise<Map<string, SequenceState>> {
  const unique = [...new Map(feeds.map((feed) => [feed.seqid, feed])).values()];
  const states = new Map<string, SequenceState>();
  for (let start = 0; start < unique.length; start += STATES_PER_STATEMENT) {
    const part = unique.slice(start, start + STATES_PER_STATEMENT);
    const text = part
      .map(
        (feed, index) =>
          `SELECT $${index + 1}::int8::text AS seqid, last_value::text AS last_value, is_called FROM ${qualifiedName(feed.schema, feed.name)}`,
      )
      .join('\nUNION ALL\n');
    const result = await client.query<RawState>({ text, values: part.map((feed) => feed.seqid) });
    for (const row of result.rows)
      states.set(row.seqid, Object.freeze({ lastValue: BigInt(row.last_value), isCalled: row.is_called }));
  }
  return states;
}
