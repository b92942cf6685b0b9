import type { Queryable } from '../../connect/query-batch.js';
import { quoteIdent } from '../../sql.js';
import { overRelations, readByRelation, withoutNames } from './schema-tables.js';
import type { IndexDefinition } from './types.js';

interface RawIndex {
  relid: string;
  name: string;
  definition: string;
  quoted_name: string;
  quoted_table: string;
  valid: boolean;
  backs_constraint: boolean;
  leading_column: string | null;
}

/** Whatever search_path says, pg_get_indexdef() qualifies the table; both names are taken off the definition. */
const INDEXES_SQL = overRelations(
  `ic.relname AS name, pg_catalog.pg_get_indexdef(i.indexrelid) AS definition, pg_catalog.quote_ident(ic.relname) AS quoted_name,
   pg_catalog.quote_ident(t.nspname) || '.' || pg_catalog.quote_ident(t.relname) AS quoted_table, i.indisvalid AS valid,
   EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con
            WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')) AS backs_constraint,
   (SELECT a.attname FROM pg_catalog.pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[0]) AS leading_column`,
  `JOIN pg_catalog.pg_index i ON i.indrelid = t.oid
   JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid`,
  'TRUE',
  'ic.relname',
);

/** What stands in an index's definition for its name and table, which differ between schemas. */
const UNNAMED = 'INDEX ... ';

/**
 * The statement that creates an index as readIndexes gives its definition, with a name and a table (quoted)
 * put back; undefined for a definition without the stand-in.
 */
export function indexStatement(definition: string, name: string, table: string): string | undefined {
  return definition.includes(UNNAMED)
    ? definition.replace(UNNAMED, `INDEX ${quoteIdent(name)} ON ${table} `)
    : undefined;
}

/** The indexes of every table of `oids`, constraint-backed ones included (flagged). */
export function readIndexes(client: Queryable, oids: readonly number[]): Promise<Map<number, IndexDefinition[]>> {
  return readByRelation(client, oids, INDEXES_SQL, (raw: RawIndex): IndexDefinition =>
    Object.freeze({
      name: raw.name,
      definition: withoutNames(raw.definition, [
        [`INDEX ${raw.quoted_name} ON `, UNNAMED],
        [
          raw.definition.includes(` ON ONLY ${raw.quoted_table} `)
            ? `ONLY ${raw.quoted_table} `
            : `${raw.quoted_table} `,
          '',
        ],
      ]),
      valid: raw.valid,
      backsConstraint: raw.backs_constraint,
      leadingColumn: raw.leading_column,
    }),
  );
}
