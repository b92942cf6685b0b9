import type { Queryable } from '../../connect/query-batch.js';
import { overRelations, readByRelation } from './schema-tables.js';
import type { ConstraintDefinition, ConstraintKind } from './types.js';

interface RawConstraint {
  relid: string;
  name: string;
  kind: string;
  definition: string;
  behaviour: string | null;
}

const KINDS: Readonly<Record<string, ConstraintKind>> = {
  p: 'primary key',
  u: 'unique',
  c: 'check',
  x: 'exclusion',
  f: 'foreign key',
};

/** `conparentid = 0` leaves out the copies PostgreSQL makes per partition of a referenced partitioned table. */
const CONSTRAINTS_SQL = overRelations(
  `con.conname AS name, con.contype::text AS kind, pg_catalog.pg_get_constraintdef(con.oid) AS definition,
   CASE WHEN con.contype = 'f' THEN concat_ws(' ', con.confmatchtype, con.confupdtype, con.confdeltype,
     CASE WHEN con.condeferrable THEN 'deferrable' END, CASE WHEN con.condeferred THEN 'deferred' END,
     CASE WHEN NOT con.convalidated THEN 'not valid' END) END AS behaviour`,
  'JOIN pg_catalog.pg_constraint con ON con.conrelid = t.oid',
  "con.contype IN ('p', 'u', 'c', 'x', 'f') AND con.conparentid = 0",
  'con.conname',
);

/** The primary key, unique, check, exclusion and foreign key constraints of every table of `oids`. */
export function readConstraints(
  client: Queryable,
  oids: readonly number[],
): Promise<Map<number, ConstraintDefinition[]>> {
  return readByRelation(client, oids, CONSTRAINTS_SQL, (raw: RawConstraint): ConstraintDefinition =>
    Object.freeze({
      name: raw.name,
      kind: KINDS[raw.kind]!,
      definition: raw.definition,
      behaviour: raw.behaviour,
    }),
  );
}
