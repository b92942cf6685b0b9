import type { Queryable } from '../../connect/query-batch.js';
import { grantsJson, toGrants, type RawGrant } from '../grants.js';
import type { Grant } from '../types.js';
import type { Relation } from '../relations.js';
import { overRelations, printedIn, readByRelation, withoutNames } from './schema-tables.js';

/**
 * A view, materialized view or function of a schema with its definition, names of the schema unqualified; or the
 * schema itself (`kind: 'schema'`, no definition) with the privileges on it that are not its owner's.
 */
export interface SchemaObjectDefinition {
  readonly kind: 'view' | 'matview' | 'function' | 'schema';
  /** The relation's name; a function's name with its argument types, `touch_updated_at()`, `next_code(integer)`. */
  readonly name: string;
  readonly definition: string;
  /** The schema's grants (kind `schema` only), in toGrants' order. */
  readonly grants?: readonly Grant[];
}

/** A schema's object as the catalog read it: a function also names the tables whose triggers or defaults call it. */
export interface SchemaObject extends SchemaObjectDefinition {
  readonly calledBy?: readonly string[];
}

const VIEWS_SQL = overRelations('pg_catalog.pg_get_viewdef(t.oid) AS definition');

/**
 * Who may use the schemas `$1` and create in them, their owners left out: a store's schema is often owned by
 * another role than the shared schema it came from, while a role that reads it needs USAGE either way.
 */
const SCHEMA_GRANTS_SQL = `SELECT n.nspname AS schema, ${grantsJson('n.nspacl', 'n.nspowner', 'n', true)} AS grants
  FROM pg_catalog.pg_namespace n WHERE n.nspname = ANY ($1::text[])`;

/*
 * The functions the triggers of the tables `$1` execute and their column defaults call, wherever they live,
 * once per schema of those tables, printed relative to it (as overRelations prints); a default's functions are
 * its pg_depend entries (built-in functions are pinned and have none). Aggregates are left out:
 * pg_get_functiondef() cannot print them, and no default calls one. What an extension owns is the extension's
 * business (compared by its version), not the schema's.
 */
const FUNCTIONS_SQL = `WITH t AS MATERIALIZED (
  SELECT c.oid, c.relname, n.nspname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE c.oid = ANY ($1::oid[])),
called AS (SELECT t.nspname, t.relname, tg.tgfoid AS oid FROM pg_catalog.pg_trigger tg JOIN t ON tg.tgrelid = t.oid
            WHERE NOT tg.tgisinternal
           UNION
           SELECT t.nspname, t.relname, dep.refobjid FROM pg_catalog.pg_attrdef ad JOIN t ON ad.adrelid = t.oid
             JOIN pg_catalog.pg_depend dep ON dep.classid = 'pg_catalog.pg_attrdef'::regclass AND dep.objid = ad.oid
              AND dep.refclassid = 'pg_catalog.pg_proc'::regclass),
f AS MATERIALIZED (
  SELECT called.nspname AS schema, called.oid, array_agg(DISTINCT called.relname::text) AS called_by
    FROM called JOIN pg_catalog.pg_proc p ON p.oid = called.oid JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
   WHERE p.prokind <> 'a' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
     AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e
                      WHERE e.classid = 'pg_catalog.pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
   GROUP BY called.nspname, called.oid
   ORDER BY called.nspname, called.oid)
SELECT f.schema, f.called_by, x.*
  FROM f
 ${printedIn('f.schema')}
 CROSS JOIN LATERAL (SELECT p.proname AS name, pg_catalog.pg_get_function_identity_arguments(p.oid) AS arguments,
                            pg_catalog.pg_get_functiondef(p.oid) AS definition,
                            pg_catalog.quote_ident(n.nspname) AS quoted_schema, pg_catalog.quote_ident(p.proname) AS quoted_name
                       FROM (SELECT sp.path) AS printed, pg_catalog.pg_proc p
                       JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
                      WHERE p.oid = f.oid OFFSET 0) AS x`;

interface RawFunction {
  schema: string;
  called_by: string[];
  name: string;
  arguments: string;
  definition: string;
  quoted_schema: string;
  quoted_name: string;
}

/**
 * The views and materialized views among `relations`, and the functions the triggers and defaults of its
 * tables call, by schema, each read with search_path set to its schema (names of the schema print
 * unqualified). A function's definition drops the schema pg_get_functiondef() always puts before its name, so
 * `store_4.touch()` is `public.touch()`; its body is compared as written. The queries go through `batch`,
 * sent by the caller inside a savepoint whose rollback puts search_path back.
 */
export async function readSchemaObjects(
  batch: Queryable,
  relations: readonly Relation[],
): Promise<Map<string, SchemaObject[]>> {
  const views = relations.filter(
    (relation): relation is Relation & { kind: 'view' | 'matview' } => relation.kind !== 'table',
  );
  const tables = relations.filter((relation) => relation.kind === 'table');
  const [definitions, functions, schemas] = await Promise.all([
    readByRelation(
      batch,
      views.map((view) => view.oid),
      VIEWS_SQL,
      (raw: { relid: string; definition: string }) => raw.definition.trim(),
    ),
    batch.query<RawFunction>({ text: FUNCTIONS_SQL, values: [tables.map((table) => table.oid)] }),
    batch.query<{ schema: string; grants: RawGrant[] }>({
      text: SCHEMA_GRANTS_SQL,
      values: [[...new Set(relations.map((relation) => relation.schema))]],
    }),
  ]);
  const bySchema = new Map<string, SchemaObject[]>();
  const add = (schema: string, object: SchemaObject) => {
    const objects = bySchema.get(schema);
    if (objects === undefined) bySchema.set(schema, [object]);
    else objects.push(object);
  };
  for (const row of schemas.rows)
    add(row.schema, Object.freeze({ kind: 'schema', name: row.schema, definition: '', grants: toGrants(row.grants) }));
  for (const view of views) {
    const [definition] = definitions.get(view.oid) ?? [];
    if (definition !== undefined) add(view.schema, Object.freeze({ kind: view.kind, name: view.name, definition }));
  }
  const sorted = [...functions.rows].sort(
    (a, b) => compareText(a.name, b.name) || compareText(a.arguments, b.arguments),
  );
  for (const row of sorted) {
    add(
      row.schema,
      Object.freeze({
        kind: 'function',
        name: `${row.name}(${row.arguments})`,
        definition: withoutNames(row.definition.trim(), [
          [`FUNCTION ${row.quoted_schema}.${row.quoted_name}(`, `FUNCTION ${row.quoted_name}(`],
        ]),
        calledBy: Object.freeze([...row.called_by]),
      }),
    );
  }
  return bySchema;
}

/**
 * The objects a run compares: every view and materialized view of the schema, and the functions that the
 * compared `tables` call (a run limited by --tables does not answer for the functions of the tables it left out).
 */
export function objectsOfTables(objects: readonly SchemaObject[], tables: readonly string[]): SchemaObjectDefinition[] {
  const compared = new Set(tables);
  return objects.flatMap((object) =>
    object.calledBy === undefined
      ? [object]
      : object.calledBy.some((table) => compared.has(table))
        ? [Object.freeze({ kind: object.kind, name: object.name, definition: object.definition })]
        : [],
  );
}

/** Code-point order, as the database's ORDER BY on names in the C collation: stable whatever the locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
