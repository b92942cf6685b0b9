import type { SchemaObject } from '../catalog/structure/schema-objects.js';
import type { Table } from '../catalog/types.js';
import { linkedTables } from '../plan/tenant-links.js';
import { tenantRoutes } from '../plan/tenant-route.js';
import type { ChecksConfig } from '../checks/run-checks.js';
import type { SideSession } from '../connect/session.js';
import type { Side } from '../summary.js';
import { onBothSides } from './both-sides.js';
import type { ResolvedOptions } from './options.js';
import { assertTenantColumnFound, assertTenantsFit, selectTables, type TablePair } from './select-tables.js';
import type { FleetCatalog } from './fleet-catalog.js';
import { catalogParts, readSchemaCatalog } from './side-catalog.js';
import { compareTableStructures, type TableStructureOutcome } from './structure.js';

/**
 * The tables to check, what the checks need to know about both schemas, and (unless --no-structure) how each
 * pair's structure differs, from the catalog read in the same snapshot; `objects` are each side's views and
 * called functions, for the schema's comparison. In a fan-out, `fleet` serves each store's part of the catalog.
 */
export async function readTablePairs(
  options: ResolvedOptions,
  sessions: Record<Side, SideSession>,
  fleet: FleetCatalog | undefined,
): Promise<{
  pairs: TablePair[];
  checks: ChecksConfig;
  structure: Map<string, TableStructureOutcome> | undefined;
  objects: Record<Side, readonly SchemaObject[]> | undefined;
}> {
  const readSide = async (side: Side, schema: string) =>
    (await fleet?.schema(sessions[side], schema)) ?? readSchemaCatalog(sessions[side], schema, catalogParts(options));
  const { source, target } = await onBothSides(
    readSide('source', options.sourceSchema),
    readSide('target', options.targetSchema),
  );
  // A materialized view is compared like a table when --tables names it; it is otherwise the schema's (its definition).
  const named = new Set(options.tables);
  const [sourceTables, targetTables] = [source, target].map((side) => [
    ...side.tables,
    ...side.matviews.filter((matview) => named.has(matview.name)),
  ]) as [Table[], Table[]];
  // Links are checked against the catalog in every run: a typo in one is refused even where nothing is routed.
  const linked = linkedTables(source.tables, options.tenantLinks);
  const routes =
    options.tenantScoped && options.sourceWhere !== undefined
      ? tenantRoutes(linked, options.tenantColumn, options.sourceWhere)
      : undefined;
  const pairs = selectTables(sourceTables, targetTables, options.tables, options.exclude, options.matchRules).map(
    (pair) => {
      const route = pair.source === undefined ? undefined : routes?.get(pair.source.name);
      return route === undefined ? pair : { ...pair, sourceRoute: route };
    },
  );
  assertTenantColumnFound(target.tables, options.tenantColumn, options.tenants);
  assertTenantsFit(
    pairs.flatMap((pair) => (pair.target !== undefined ? [pair.target] : [])),
    options.tenantColumn,
    options.tenants,
  );
  const checks: ChecksConfig = {
    enabled: options.checks,
    // With the structure compared, a key the target lacks fails as structure; the warning would say it twice.
    warnMissingKeys: !options.structure,
    tenant: options.tenants.length > 0 ? { column: options.tenantColumn, expected: options.tenants } : undefined,
    keys: {
      sourceSchema: options.sourceSchema,
      targetSchema: options.targetSchema,
      targetTables: new Map(targetTables.map((table) => [table.name, table])),
      checked: new Set(pairs.flatMap((pair) => (pair.target !== undefined ? [pair.target.name] : []))),
      tenantColumn: options.tenantColumn,
      rules: options.matchRules,
      unreadable: new Map([...(target.structure?.errors ?? [])].map(([name, error]) => [name, error.withoutSide])),
    },
  };
  const structure =
    source.structure === undefined || target.structure === undefined
      ? undefined
      : compareTableStructures(
          pairs,
          { source: source.structure, target: target.structure },
          {
            keys: checks.keys,
            versions: { source: sessions.source.serverVersion, target: sessions.target.serverVersion },
          },
          options.tenants.length > 0 ? options.tenantColumn : undefined,
        );
  const objects =
    source.objects === undefined || target.objects === undefined
      ? undefined
      : { source: source.objects, target: target.objects };
  return { pairs, checks, structure, objects };
}
