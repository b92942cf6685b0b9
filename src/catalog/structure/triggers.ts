import type { Queryable } from '../../connect/query-batch.js';
import { overRelations, readByRelation, withoutNames } from './schema-tables.js';
import type { TriggerDefinition } from './types.js';

interface RawTrigger {
  relid: string;
  name: string;
  definition: string;
  quoted_name: string;
  quoted_table: string;
  enabled: string;
}

/** pg_trigger.tgenabled: `O` fires in origin and local sessions, `D` never, `R` only on a replica, `A` always. */
const STATES: Readonly<Record<string, string>> = {
  O: 'enabled',
  D: 'disabled',
  R: 'enabled on replica only',
  A: 'enabled always',
};

/** Internal triggers (those enforcing foreign keys) are the constraints' business, not listed here. */
const TRIGGERS_SQL = overRelations(
  `tg.tgname AS name, pg_catalog.pg_get_triggerdef(tg.oid) AS definition, pg_catalog.quote_ident(tg.tgname) AS quoted_name,
   pg_catalog.quote_ident(t.nspname) || '.' || pg_catalog.quote_ident(t.relname) AS quoted_table, tg.tgenabled::text AS enabled`,
  'JOIN pg_catalog.pg_trigger tg ON tg.tgrelid = t.oid',
  'NOT tg.tgisinternal',
  'tg.tgname',
);

/** The user-defined triggers of every table of `oids`, with whether they fire. */
export function readTriggers(client: Queryable, oids: readonly number[]): Promise<Map<number, TriggerDefinition[]>> {
  return readByRelation(client, oids, TRIGGERS_SQL, (raw: RawTrigger): TriggerDefinition =>
    Object.freeze({
      name: raw.name,
      definition: withoutNames(raw.definition, [
        [`TRIGGER ${raw.quoted_name} `, 'TRIGGER ... '],
        [` ON ${raw.quoted_table} `, ' ON ... '],
      ]),
      state: STATES[raw.enabled] ?? raw.enabled,
    }),
  );
}
