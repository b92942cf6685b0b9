import type { TableStructure } from '../../catalog/structure/types.js';
import { nullableTenantWarning } from '../verdict.js';

/**
 * What seed 000 asks of a tenant column, checked on the target table when tenants are given: declared NOT
 * NULL, and leading some index (a primary key or unique constraint counts), or every tenant-filtered query
 * reads the whole table. No warning for a table without the column.
 */
export function tenantWarnings(target: TableStructure, tenantColumn: string): string[] {
  const column = target.columns.find((candidate) => candidate.name === tenantColumn);
  if (column === undefined) return [];
  return [
    ...(column.notNull ? [] : [nullableTenantWarning(tenantColumn)]),
    ...(target.indexes.some((index) => index.leadingColumn === tenantColumn)
      ? [] : [`no index of ${target.name} leads with ${tenantColumn}: every query filtered by tenant reads the whole table`]),
  ];
}
