import type { SideClient } from '../../connect/session.js';
import { inSchemaSearchPath, withoutNames } from './schema-tables.js';

/** A view, materialized view or function of a schema with its definition, names of the schema unqualified. */
export interface SchemaObjectDefinition {
  readonly kind: 'view' | 'matview' | 'function';
  /** The relation's name; a function's name with its argument types, `touch_updated_at()`, `next_code(integer)`. */
  readonly name: string;
  readonly definition: string;
}

/** What an extension owns is the extension's business (compared by its version), not the schema's. */
const NOT_IN_EXTENSION = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = '${catalog}'::regclass AND e.objid = ${oid} AND e.deptype = 'e')`;

const VIEWS_SQL = `SELECT c.relname AS name, c.relkind::text AS kind, pg_catalog.pg_get_viewdef(c.oid) AS definition
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = $1 AND c.relkind IN ('v', 'm') AND ${NOT_IN_EXTENSION('pg_catalog.pg_class', 'c.oid')}
 ORDER BY c.relname`;

/*
 * The functions the triggers of the tables `$2` (of schema `$1`) execute and their column defaults call,
 * wherever they live; a default's functions are its pg_depend entries (built-in functions are pinned and have
 * none). Aggregates are left out: pg_get_functiondef() cannot print them, and no default calls one.
 */
const FUNCTIONS_SQL = `WITH t AS (SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = $1 AND c.relname = ANY ($2::text[])),
     called AS (SELECT tg.tgfoid AS oid FROM pg_catalog.pg_trigger tg JOIN t ON tg.tgrelid = t.oid WHERE NOT tg.tgisinternal
                UNION
                SELECT dep.refobjid FROM pg_catalog.pg_attrdef ad JOIN t ON ad.adrelid = t.oid
                  JOIN pg_catalog.pg_depend dep ON dep.classid = 'pg_catalog.pg_attrdef'::regclass AND dep.objid = ad.oid
                   AND dep.refclassid = 'pg_catalog.pg_proc'::regclass)
SELECT p.proname AS name, pg_catalog.pg_get_function_identity_arguments(p.oid) AS arguments,
       pg_catalog.pg_get_functiondef(p.oid) AS definition,
       pg_catalog.quote_ident(n.nspname) AS quoted_schema, pg_catalog.quote_ident(p.proname) AS quoted_name
  FROM called JOIN pg_catalog.pg_proc p ON p.oid = called.oid JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
 WHERE p.prokind <> 'a' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
   AND ${NOT_IN_EXTENSION('pg_catalog.pg_proc', 'p.oid')}
 ORDER BY 1, 2`;

/**
 * The views and materialized views of `schema`, and the functions the triggers and defaults of its `tables`
 * call, read with search_path set to the schema (names of the schema print unqualified). A function's
 * definition drops the schema pg_get_functiondef() always puts before its name, so `store_4.touch()` is
 * `public.touch()`; its body is compared as written.
 */
export function readSchemaObjects(
  client: SideClient,
  schema: string,
  tables: readonly string[],
): Promise<SchemaObjectDefinition[]> {
  return inSchemaSearchPath(client, schema, async () => {
    const views = await client.query<{ name: string; kind: string; definition: string }>({
      text: VIEWS_SQL,
      values: [schema],
    });
    const functions = await client.query<{
      name: string;
      arguments: string;
      definition: string;
      quoted_schema: string;
      quoted_name: string;
    }>({ text: FUNCTIONS_SQL, values: [schema, tables] });
    return [
      ...views.rows.map((row): SchemaObjectDefinition =>
        Object.freeze({
          kind: row.kind === 'm' ? 'matview' : 'view',
          name: row.name,
          definition: row.definition.trim(),
        }),
      ),
      ...functions.rows.map((row): SchemaObjectDefinition =>
        Object.freeze({
          kind: 'function',
          name: `${row.name}(${row.arguments})`,
          definition: withoutNames(row.definition.trim(), [
            [`FUNCTION ${row.quoted_schema}.${row.quoted_name}(`, `FUNCTION ${row.quoted_name}(`],
          ]),
        }),
      ),
    ];
  });
}
