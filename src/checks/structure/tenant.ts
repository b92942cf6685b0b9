import type { TableStructure } from '../../catalog/structure/types.js';
import { nullableTenantWarning } from '../verdict.js';

/**
 * What seed 000 asks of a tenant column, checked on the target table when tenants are given: declared NOT
 * NULL, and, when the migration added the column, leading some index (a primary key or unique constraint
 * counts), or every tenant-filtered query reads the whole table. A column the source table already had keeps
 * the source's indexes (a lost one fails as a missing index); a per-store schema needs none on its store_id.
 */
export function tenantWarnings(target: TableStructure, tenantColumn: string, addedByMigration: boolean): string[] {
  const column = target.columns.find((candidate) => candidate.name === tenantColumn);
  if (column === undefined) return [];
  const indexed = target.indexes.some((index) => index.leadingColumn === tenantColumn);
  return [
    ...(column.notNull ? [] : [nullableTenantWarning(tenantColumn)]),
    ...(indexed || !addedByMigration
      ? []
      : [
          `no index of ${target.name} leads with ${tenantColumn}: every query filtered by tenant reads the whole table`,
        ]),
  ];
}
