import { readSchemaTables } from '../catalog/introspect.js';
import type { ChecksConfig } from '../checks/run-checks.js';
import type { SideSession } from '../connect/session.js';
import type { Side } from '../summary.js';
import { onBothSides } from './both-sides.js';
import type { ResolvedOptions } from './options.js';
import { selectTables, type TablePair } from './select-tables.js';
import { compareTableStructures, readStructures, type TableStructureOutcome } from './structure.js';

/** Memo for a read of one side's schema: the key is completed with the side, its server and its schema. */
export type SideMemo = <T>(side: Side, what: string, work: () => Promise<T>) => Promise<T>;

/**
 * The tables to check, what the checks need to know about both schemas, and (unless --no-structure) how each
 * pair's structure differs, from the catalog read in the same snapshot.
 */
export async function readTablePairs(
  options: ResolvedOptions,
  sessions: Record<Side, SideSession>,
  onceOnSide: SideMemo,
  tableNames: (side: Side) => Promise<ReadonlyMap<string, readonly string[]> | undefined>,
): Promise<{ pairs: TablePair[]; checks: ChecksConfig; structure: Map<string, TableStructureOutcome> | undefined }> {
  const readSide = (side: Side, schema: string) =>
    onceOnSide(side, `catalog, structure ${options.structure}`, () => readSideCatalog(side, schema));
  const readSideCatalog = async (side: Side, schema: string) => {
    const names = (await tableNames(side))?.get(schema) ?? (undefined as readonly string[] | undefined);
    const tables = await sessions[side].withClient((client) => readSchemaTables(client, schema, names));
    const structure = options.structure
      ? await readStructures(
          sessions[side],
          schema,
          tables.map((table) => table.name),
        )
      : undefined;
    return { tables, structure };
  };
  const { source, target } = await onBothSides(
    readSide('source', options.sourceSchema),
    readSide('target', options.targetSchema),
  );
  const [sourceTables, targetTables] = [source.tables, target.tables];
  const pairs = selectTables(sourceTables, targetTables, options.tables, options.exclude, options.matchRules);
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
  return { pairs, checks, structure };
}
