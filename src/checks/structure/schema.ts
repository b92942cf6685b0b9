import type { SchemaObjectDefinition } from '../../catalog/structure/schema-objects.js';
import type { DatabaseFacts, StructureFinding } from '../../summary.js';
import { finding, matchObjects, type Comparable } from './findings.js';
import { compareSchemaGrants, type ServerVersions } from './grants.js';

/**
 * The schema's views, materialized views and functions: missing or changed on the target fails (the
 * application reads through them, and a changed definition changes what it gets), only on the target is info.
 * A view is compared with its name: renamed, every query naming it breaks. Then the grants on the schema.
 */
export function compareSchemaObjects(
  source: readonly SchemaObjectDefinition[],
  target: readonly SchemaObjectDefinition[],
  versions: ServerVersions,
): StructureFinding[] {
  const unqualified = qualifiesDifferently(versions);
  const of = (objects: readonly SchemaObjectDefinition[], kind: SchemaObjectDefinition['kind']): Comparable[] =>
    objects
      .filter((object) => object.kind === kind)
      .map((object) => {
        const definition =
          unqualified && kind !== 'function' ? withoutQualifiers(object.definition) : object.definition;
        return { name: object.name, key: `${object.name}|${definition}`, shown: object.definition };
      });
  const severities = { missing: 'fail', extra: 'info', changed: 'fail' } as const;
  const definitions = (['view', 'matview', 'function'] as const).flatMap((kind) =>
    matchObjects(kind, of(source, kind), of(target, kind), severities),
  );
  // The schema itself: read on both sides unless one has no relation at all (then its tables say enough).
  const [sourceSchema, targetSchema] = [source, target].map((objects) =>
    objects.find((object) => object.kind === 'schema'),
  );
  const grants =
    sourceSchema === undefined || targetSchema === undefined
      ? []
      : compareSchemaGrants(
          { name: sourceSchema.name, grants: sourceSchema.grants ?? [] },
          { name: targetSchema.name, grants: targetSchema.grants ?? [] },
        );
  return [...definitions, ...grants];
}

/** PostgreSQL 16 stopped qualifying a view's columns by their table where the query reads one table only. */
const UNQUALIFIED_VIEW_COLUMNS = 160000;

function qualifiesDifferently(versions: ServerVersions): boolean {
  return versions.source >= UNQUALIFIED_VIEW_COLUMNS !== versions.target >= UNQUALIFIED_VIEW_COLUMNS;
}

/**
 * A view's definition without any `name.` qualifier, for a pair of servers on either side of PostgreSQL 16:
 * `SELECT orders.id FROM orders` (15) and `SELECT id FROM orders` (16) are the same view. The price, across
 * that boundary only: two views that differ only in which table qualifies a column are not told apart.
 */
function withoutQualifiers(definition: string): string {
  return definition.replace(/(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)\.(?=["A-Za-z_])/g, '');
}

/** The facts of a database whose difference between the sides is a warning, in the order they are reported. */
const DATABASE_FACTS = [
  ['encoding', (facts: DatabaseFacts) => facts.encoding],
  ['LC_COLLATE', (facts: DatabaseFacts) => facts.collate],
  ['LC_CTYPE', (facts: DatabaseFacts) => facts.ctype],
  ['collation provider', (facts: DatabaseFacts) => facts.collationProvider],
  ['collation version', (facts: DatabaseFacts) => facts.collationVersion ?? 'none'],
] as const;

/**
 * The two databases: a different encoding, locale, collation provider or collation version is a warning (text
 * sorts differently, and an index on text built under another collation version may be corrupt until
 * REINDEX); an extension missing on the target fails, a different version is a warning, an extra one is info.
 */
export function compareDatabases(source: DatabaseFacts, target: DatabaseFacts): StructureFinding[] {
  const facts = DATABASE_FACTS.flatMap(([name, read]) =>
    read(source) === read(target) ? [] : [finding('database', name, 'changed', 'warning', read(source), read(target))],
  );
  const targetVersions = new Map(target.extensions.map((extension) => [extension.name, extension.version]));
  const sourceNames = new Set(source.extensions.map((extension) => extension.name));
  const shown = (name: string, version: string) => `EXTENSION ${name} VERSION '${version}'`;
  const extensions = source.extensions.flatMap(({ name, version }) => {
    const targetVersion = targetVersions.get(name);
    if (targetVersion === undefined) return [finding('extension', name, 'missing', 'fail', shown(name, version), null)];
    if (targetVersion === version) return [];
    return [finding('extension', name, 'changed', 'warning', shown(name, version), shown(name, targetVersion))];
  });
  const extra = target.extensions
    .filter((extension) => !sourceNames.has(extension.name))
    .map(({ name, version }) => finding('extension', name, 'extra', 'info', null, shown(name, version)));
  return [...facts, ...extensions, ...extra];
}
