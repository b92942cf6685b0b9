import type { Table } from '../catalog/types.js';

/**
 * Tables ordered so that a table comes after the tables its foreign keys reference (within the list): rows
 * are inserted parents first and deleted children first. A cycle is broken where it is met.
 */
export function parentsFirst(tables: readonly Table[]): Table[] {
  const byName = new Map(tables.map((table) => [`${table.schema}.${table.name}`, table]));
  const ordered: Table[] = [];
  const state = new Map<Table, 'visiting' | 'done'>();
  const visit = (table: Table): void => {
    if (state.has(table)) return;
    state.set(table, 'visiting');
    for (const key of table.foreignKeys) {
      const parent = byName.get(`${key.referencedSchema}.${key.referencedTable}`);
      if (parent !== undefined && parent !== table) visit(parent);
    }
    state.set(table, 'done');
    ordered.push(table);
  };
  for (const table of tables) visit(table);
  return ordered;
}
