import type { ColumnDefinition, TableStructure } from '../../../../src/catalog/structure/types.js';
import type { ColumnSequence, Grant } from '../../../../src/catalog/types.js';

/** A column declared as `type`, nullable unless told otherwise, with no default. */
export function columnDefinition(
  name: string,
  type = 'integer',
  extra: Partial<ColumnDefinition> = {},
): ColumnDefinition {
  return {
    name,
    quotedName: /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name}"`,
    type,
    notNull: false,
    collation: null,
    valueSource: null,
    ...extra,
  };
}

/** A table's structure with nothing but what is given: no constraint, index, trigger, policy or grant, RLS off. */
export function structure(name: string, extra: Partial<TableStructure> = {}): TableStructure {
  return {
    name,
    columns: [],
    constraints: [],
    indexes: [],
    triggers: [],
    policies: [],
    rowSecurity: { enabled: false, forced: false },
    grants: [],
    ...extra,
  };
}

/** A grant without grant option. */
export function grant(grantee: string, privilege: string, grantable = false): Grant {
  return { grantee, privilege, grantable };
}

/** A serial sequence feeding `column`: bigint from 1, no cycle, no grants unless told. */
export function sequence(
  name: string,
  column = 'id',
  definition: Partial<ColumnSequence['definition']> = {},
  extra: Partial<ColumnSequence> = {},
): ColumnSequence {
  return {
    column,
    schema: 'public',
    name,
    kind: 'serial',
    increment: 1n,
    state: { lastValue: 1n, isCalled: false },
    definition: {
      dataType: 'bigint',
      minValue: 1n,
      maxValue: 9223372036854775807n,
      cycle: false,
      grants: [],
      ...definition,
    },
    ...extra,
  };
}
