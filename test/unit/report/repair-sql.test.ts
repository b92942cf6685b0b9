import { describe, expect, it } from 'vitest';
import {
  castType,
  deleteCopiesSql,
  insertRowSql,
  typedLiteral,
  type RepairTable,
} from '../../../src/report/repair-sql.js';

const KEYLESS: RepairTable = {
  name: 'logs',
  target: '"s"."logs"',
  keyed: false,
  keyColumns: [
    { name: 'a', type: 'text' },
    { name: 'b', type: 'integer[]' },
  ],
  valueColumns: [],
  keyText: ['r."a"::text', 'r."b"::text'],
  where: undefined,
  overriding: false,
};

describe('the literals and statements of fix.sql', () => {
  it('writes NULL apart from the empty string, and a backslash so that it means the same under any setting', () => {
    expect(typedLiteral(null, 'text')).toBe('NULL');
    expect(typedLiteral('', 'text')).toBe("''::text");
    expect(typedLiteral("it's \\ here", 'text')).toBe("E'it''s \\\\ here'::text");
  });

  it('casts to the column type but drops a length that a cast would truncate to silently', () => {
    expect(castType('character varying(20)')).toBe('character varying');
    expect(castType('character(3)[]')).toBe('bpchar[]');
    expect(castType('bit varying(8)')).toBe('bit varying');
    expect(castType('numeric(12,2)')).toBe('numeric(12,2)');
    expect(castType('timestamp(3) with time zone')).toBe('timestamp(3) with time zone');
  });

  it('deletes as many copies of a keyless row as there are extra, matched on their canonical text', () => {
    expect(deleteCopiesSql(KEYLESS, ['x', null], 2)).toBe(
      'DELETE FROM "s"."logs" WHERE ctid IN (SELECT r.ctid FROM "s"."logs" AS r WHERE (r."a"::text) IS NOT DISTINCT FROM ' +
        '\'x\'::text AND (r."b"::text) IS NOT DISTINCT FROM NULL LIMIT 2);\n',
    );
  });

  it('stamps an inserted row with the tenant and lets an identity column take the source value', () => {
    const table: RepairTable = {
      ...KEYLESS,
      keyed: true,
      keyColumns: [{ name: 'id', type: 'bigint' }],
      valueColumns: [{ name: 'note', type: 'text' }],
      tenant: { column: { name: 'tenant_id', type: 'uuid' }, value: '00000000-0000-0000-0000-000000000004' },
      overriding: true,
    };
    expect(insertRowSql(table, ['1', null])).toBe(
      'INSERT INTO "s"."logs" ("id", "note", "tenant_id") OVERRIDING SYSTEM VALUE VALUES ' +
        "('1'::bigint, NULL, '00000000-0000-0000-0000-000000000004'::uuid);\n",
    );
  });
});
