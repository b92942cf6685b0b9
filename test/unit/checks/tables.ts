import type { Column, ForeignKey, Table } from '../../../src/catalog/types.js';

/** A column of the given base type; NOT NULL unless told otherwise. */
export function column(name: string, baseType = 'int4', extra: Partial<Column> = {}): Column {
  return {
    name,
    type: baseType === 'int4' ? 'integer' : baseType,
    baseType,
    category: 'N',
    notNull: true,
    collation: null,
    ...extra,
  };
}

/** A foreign key of `columns` onto `parent (parentColumns)` in `schema`. */
export function foreignKey(
  name: string,
  columns: string[],
  parent: string,
  parentColumns: string[],
  schema = 'public',
): ForeignKey {
  return { name, columns, referencedSchema: schema, referencedTable: parent, referencedColumns: parentColumns };
}

/** A table with a primary key on `id` unless other keys are given. */
export function table(schema: string, name: string, columns: Column[], extra: Partial<Table> = {}): Table {
  return {
    schema,
    name,
    columns,
    keys: [{ columns: ['id'], primary: true }],
    estimatedRows: 10,
    foreignKeys: [],
    sequences: [],
    ...extra,
  };
}
