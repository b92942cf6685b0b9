import { describe, expect, it } from 'vitest';
import type { TableStructure } from '../../../../src/catalog/structure/types.js';
import type { Table } from '../../../../src/catalog/types.js';
import { compareStructure, type StructureScope } from '../../../../src/checks/structure/compare.js';
import { SAME_NAMES, type ColumnRules } from '../../../../src/plan/match-rules.js';
import type { StructureFinding } from '../../../../src/summary.js';
import { column, foreignKey, table } from '../tables.js';
import { columnDefinition, grant, sequence, structure } from './structures.js';

const V18 = { source: 180000, target: 180000 };

function scope(targetTables: string[], versions = V18): StructureScope {
  return {
    keys: {
      sourceSchema: 'public',
      targetSchema: 'store_4',
      tenantColumn: 'store_id',
      checked: new Set(targetTables),
      targetTables: new Map(targetTables.map((name) => [name, table('store_4', name, [column('id')])])),
    },
    versions,
  };
}

/** Compares one table `orders` of public with its copy in store_4. */
function compare(
  source: Partial<TableStructure>,
  target: Partial<TableStructure>,
  options: {
    sourceTable?: Partial<Table>;
    targetTable?: Partial<Table>;
    rules?: ColumnRules;
    scope?: StructureScope;
  } = {},
): StructureFinding[] {
  return compareStructure(
    { table: table('public', 'orders', [column('id')], options.sourceTable), structure: structure('orders', source) },
    { table: table('store_4', 'orders', [column('id')], options.targetTable), structure: structure('orders', target) },
    options.rules ?? SAME_NAMES,
    options.scope ?? scope(['orders', 'customers']),
  );
}

const brief = (findings: StructureFinding[]) =>
  findings.map((found) => `${found.object} ${found.name} ${found.change} ${found.severity}`);

describe('compareStructure on columns', () => {
  const total = columnDefinition('total', 'numeric(12,2)', {
    notNull: true,
    valueSource: { kind: 'default', expression: '0' },
  });

  it('finds nothing in columns declared alike', () => {
    expect(compare({ columns: [total] }, { columns: [total] })).toEqual([]);
  });

  it('fails a column lost, made nullable, narrowed or stripped of its default, showing both declarations', () => {
    expect(compare({ columns: [total] }, { columns: [] })).toEqual([
      {
        object: 'column',
        name: 'total',
        change: 'missing',
        severity: 'fail',
        source: 'numeric(12,2) NOT NULL DEFAULT 0',
        target: null,
      },
    ]);
    for (const target of [
      { ...total, notNull: false },
      { ...total, type: 'numeric(10,2)' },
      { ...total, valueSource: null },
      { ...total, valueSource: { kind: 'default', expression: '1' } as const },
    ]) {
      expect(brief(compare({ columns: [total] }, { columns: [target] }))).toEqual(['column total changed fail']);
    }
  });

  it('reports a column widened, given a default or a new NOT NULL as info or warning, never failing', () => {
    const widened = compare({ columns: [total] }, { columns: [{ ...total, type: 'numeric(14,2)' }] });
    expect(widened).toEqual([
      {
        object: 'column',
        name: 'total',
        change: 'changed',
        severity: 'info',
        source: 'numeric(12,2) NOT NULL DEFAULT 0',
        target: 'numeric(14,2) NOT NULL DEFAULT 0',
      },
    ]);
    const note = columnDefinition('note', 'text');
    expect(
      brief(
        compare(
          { columns: [note] },
          { columns: [{ ...note, valueSource: { kind: 'default', expression: "''::text" } }] },
        ),
      ),
    ).toEqual(['column note changed info']);
    expect(brief(compare({ columns: [note] }, { columns: [{ ...note, notNull: true }] }))).toEqual([
      'column note changed warning',
    ]);
    expect(brief(compare({ columns: [note] }, { columns: [{ ...note, collation: '"C"' }] }))).toEqual([
      'column note changed warning',
    ]);
  });

  it('lists a column only the target has as info, or as a warning when it is NOT NULL and nothing fills it', () => {
    const tenant = columnDefinition('tenant_id', 'uuid', {
      notNull: true,
      valueSource: { kind: 'default', expression: "'00000000-0000-0000-0000-000000000001'::uuid" },
    });
    const required = columnDefinition('region', 'text', { notNull: true });
    expect(compare({}, { columns: [tenant, required] })).toEqual([
      {
        object: 'column',
        name: 'tenant_id',
        change: 'extra',
        severity: 'info',
        source: null,
        target: "uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000001'::uuid",
      },
      { object: 'column', name: 'region', change: 'extra', severity: 'warning', source: null, target: 'text NOT NULL' },
    ]);
  });

  it("takes a nextval() of the column's own sequence as the same default whatever the sequence is called", () => {
    const id = (seq: string) =>
      columnDefinition('id', 'integer', {
        notNull: true,
        valueSource: { kind: 'default', expression: `nextval('${seq}'::regclass)` },
      });
    const fed = { sequences: [sequence('orders_id_seq')] };
    expect(
      compare(
        { columns: [id('orders_id_seq')] },
        { columns: [id('pedidos_id_seq')] },
        { sourceTable: fed, targetTable: fed },
      ),
    ).toEqual([]);
    expect(brief(compare({ columns: [id('orders_id_seq')] }, { columns: [id('pedidos_id_seq')] }))).toEqual([
      'column id changed fail',
    ]);
  });

  it('warns when serial became identity (a sequence still fills the column) and fails when identity is lost', () => {
    const serial = columnDefinition('id', 'integer', {
      notNull: true,
      valueSource: { kind: 'default', expression: "nextval('orders_id_seq'::regclass)" },
    });
    const identity = columnDefinition('id', 'integer', {
      notNull: true,
      valueSource: { kind: 'identity', always: false },
    });
    const fed = { sequences: [sequence('orders_id_seq')] };
    expect(
      brief(compare({ columns: [serial] }, { columns: [identity] }, { sourceTable: fed, targetTable: fed })),
    ).toEqual(['column id changed warning']);
    expect(
      compare({ columns: [identity] }, { columns: [{ ...identity, valueSource: null }] }, { sourceTable: fed })[0],
    ).toMatchObject({
      severity: 'fail',
      source: 'integer NOT NULL GENERATED BY DEFAULT AS IDENTITY',
      target: 'integer NOT NULL',
    });
  });

  it('compares a column under its --map-column name and leaves --ignore-columns out', () => {
    const rules: ColumnRules = { renamed: new Map([['mail', 'email']]), ignored: new Set(['updated_at']) };
    const source = [columnDefinition('mail', 'text'), columnDefinition('updated_at', 'timestamp with time zone')];
    const target = [columnDefinition('email', 'text'), columnDefinition('updated_at', 'text')];
    expect(compare({ columns: source }, { columns: target }, { rules })).toEqual([]);
  });

  it("reads the definitions of indexes, checks and policies under the --map-column names, keeping the source's own text", () => {
    const rules: ColumnRules = {
      renamed: new Map([
        ['mail', 'email'],
        ['Kind', 'kind'],
      ]),
      ignored: new Set(),
    };
    const columns = (names: string[]) => names.map((name) => columnDefinition(name, 'text'));
    const index = (definition: string) => ({
      name: 'i',
      definition,
      valid: true,
      backsConstraint: false,
      leadingColumn: null,
    });
    const check = (definition: string) => ({ name: 'c', kind: 'check' as const, definition, behaviour: null });
    expect(
      compare(
        {
          columns: columns(['mail', 'Kind']),
          indexes: [index('CREATE INDEX ... USING btree (lower(mail), "Kind")')],
          constraints: [check("CHECK ((mail <> 'mail'::text))")],
        },
        {
          columns: columns(['email', 'kind']),
          indexes: [index('CREATE INDEX ... USING btree (lower(email), kind)')],
          constraints: [check("CHECK ((email <> 'mail'::text))")],
        },
        { rules },
      ),
    ).toEqual([]);
    expect(
      compare(
        { columns: columns(['mail', 'Kind']), indexes: [index('CREATE INDEX ... USING btree (mail)')] },
        { columns: columns(['email', 'kind']) },
        { rules },
      )[0],
    ).toMatchObject({ object: 'index', change: 'missing', source: 'CREATE INDEX ... USING btree (mail)' });
  });
});

describe('compareStructure on constraints, indexes, triggers and policies', () => {
  const index = (name: string, definition: string, extra = {}) => ({
    name,
    definition,
    valid: true,
    backsConstraint: false,
    leadingColumn: null,
    ...extra,
  });

  it('matches by definition, not by name: a renamed index is the same index', () => {
    expect(
      compare(
        { indexes: [index('a', 'CREATE INDEX ... USING btree (x)')] },
        { indexes: [index('b', 'CREATE INDEX ... USING btree (x)')] },
      ),
    ).toEqual([]);
  });

  it('fails an index missing or changed under the same name, and lists one only the target adds as info', () => {
    const source = [
      index('by_phone', 'CREATE INDEX ... USING btree (phone)'),
      index('active', 'CREATE INDEX ... USING btree (d) WHERE active'),
    ];
    const target = [
      index('active', 'CREATE INDEX ... USING btree (d)'),
      index('by_tenant', 'CREATE INDEX ... USING btree (tenant_id, phone)'),
    ];
    expect(compare({ indexes: source }, { indexes: target })).toEqual([
      {
        object: 'index',
        name: 'by_phone',
        change: 'missing',
        severity: 'fail',
        source: 'CREATE INDEX ... USING btree (phone)',
        target: null,
      },
      {
        object: 'index',
        name: 'active',
        change: 'changed',
        severity: 'fail',
        source: 'CREATE INDEX ... USING btree (d) WHERE active',
        target: 'CREATE INDEX ... USING btree (d)',
      },
      {
        object: 'index',
        name: 'by_tenant',
        change: 'extra',
        severity: 'info',
        source: null,
        target: 'CREATE INDEX ... USING btree (tenant_id, phone)',
      },
    ]);
  });

  it('fails an index left invalid by a failed concurrent build, and leaves indexes behind constraints to the constraints', () => {
    const built = index('i', 'CREATE INDEX ... USING btree (x)');
    expect(compare({ indexes: [built] }, { indexes: [{ ...built, valid: false }] })[0]).toMatchObject({
      change: 'changed',
      severity: 'fail',
      target: 'CREATE INDEX ... USING btree (x) (invalid: the planner never uses it)',
    });
    expect(
      compare(
        { indexes: [index('orders_pkey', 'CREATE UNIQUE INDEX ... USING btree (id)', { backsConstraint: true })] },
        {},
      ),
    ).toEqual([]);
  });

  it('fails a check or unique constraint lost and warns about one only the target adds', () => {
    const check = {
      name: 'total_check',
      kind: 'check' as const,
      definition: 'CHECK ((total >= (0)::numeric))',
      behaviour: null,
    };
    const unique = { name: 'token_key', kind: 'unique' as const, definition: 'UNIQUE (token)', behaviour: null };
    expect(brief(compare({ constraints: [check] }, { constraints: [unique] }))).toEqual([
      'constraint total_check missing fail',
      'constraint token_key extra warning',
    ]);
  });

  it('fails a trigger left disabled and warns about a policy only the target has', () => {
    const trigger = {
      name: 'touch',
      definition: 'CREATE TRIGGER ... BEFORE UPDATE ON ... FOR EACH ROW EXECUTE FUNCTION touch()',
      state: 'enabled',
    };
    expect(compare({ triggers: [trigger] }, { triggers: [{ ...trigger, state: 'disabled' }] })[0]).toMatchObject({
      object: 'trigger',
      change: 'changed',
      severity: 'fail',
      target: `${trigger.definition} (disabled)`,
    });
    expect(
      brief(
        compare(
          {},
          { policies: [{ name: 'own', definition: 'AS PERMISSIVE FOR ALL TO public USING ((store_id = 4))' }] },
        ),
      ),
    ).toEqual(['policy own extra warning']);
  });

  it('fails row-level security turned off or no longer forced, and warns when only the target turns it on', () => {
    const on = { rowSecurity: { enabled: true, forced: true } };
    expect(compare(on, {})).toEqual([
      {
        object: 'rls',
        name: 'orders',
        change: 'changed',
        severity: 'fail',
        source: 'ROW LEVEL SECURITY ENABLED, FORCED',
        target: 'ROW LEVEL SECURITY DISABLED',
      },
    ]);
    expect(brief(compare({ rowSecurity: { enabled: true, forced: false } }, on))).toEqual([
      'rls orders changed warning',
    ]);
  });
});

describe('compareStructure on foreign keys', () => {
  const fk = (name: string, definition: string, behaviour = 's a a') => ({
    name,
    kind: 'foreign key' as const,
    definition,
    behaviour,
  });
  const sourceKey = fk('orders_customer_id_fkey', 'FOREIGN KEY (customer_id) REFERENCES customers(id)');

  it('matches a key to a table of the same schema across schemas, whatever its name', () => {
    const targetKey = fk('fk_customer', 'FOREIGN KEY (customer_id) REFERENCES customers(id)');
    expect(
      compare(
        { constraints: [sourceKey] },
        { constraints: [targetKey] },
        {
          sourceTable: { foreignKeys: [foreignKey('orders_customer_id_fkey', ['customer_id'], 'customers', ['id'])] },
          targetTable: { foreignKeys: [foreignKey('fk_customer', ['customer_id'], 'customers', ['id'], 'store_4')] },
        },
      ),
    ).toEqual([]);
  });

  it('fails a key the target lacks, or one whose ON DELETE changed', () => {
    const keys = {
      sourceTable: { foreignKeys: [foreignKey('orders_customer_id_fkey', ['customer_id'], 'customers', ['id'])] },
    };
    expect(brief(compare({ constraints: [sourceKey] }, {}, keys))).toEqual([
      'constraint orders_customer_id_fkey missing fail',
    ]);
    const cascading = fk(
      'orders_customer_id_fkey',
      'FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE CASCADE',
      's a c',
    );
    expect(
      brief(
        compare(
          { constraints: [cascading] },
          { constraints: [sourceKey] },
          {
            ...keys,
            targetTable: {
              foreignKeys: [foreignKey('orders_customer_id_fkey', ['customer_id'], 'customers', ['id'], 'store_4')],
            },
          },
        ),
      ),
    ).toEqual(['constraint orders_customer_id_fkey changed fail']);
  });

  it('lists a key to the shared table that stays behind as info, and matches a target key pointing back at it', () => {
    const toStores = fk('orders_store_id_fkey', 'FOREIGN KEY (store_id) REFERENCES stores(id)');
    const sourceTable = { foreignKeys: [foreignKey('orders_store_id_fkey', ['store_id'], 'stores', ['id'])] };
    expect(compare({ constraints: [toStores] }, {}, { sourceTable })).toEqual([
      {
        object: 'constraint',
        name: 'orders_store_id_fkey',
        change: 'missing',
        severity: 'info',
        source: 'FOREIGN KEY (store_id) REFERENCES stores(id)',
        target: null,
      },
    ]);
    const back = fk('orders_store_id_fkey', 'FOREIGN KEY (store_id) REFERENCES public.stores(id)');
    expect(
      compare(
        { constraints: [toStores] },
        { constraints: [back] },
        {
          sourceTable,
          targetTable: { foreignKeys: [foreignKey('orders_store_id_fkey', ['store_id'], 'stores', ['id'], 'public')] },
        },
      ),
    ).toEqual([]);
  });
});

describe('compareStructure on grants and sequences', () => {
  it('fails a privilege or grant option the target lacks and warns about one only the target gives', () => {
    const findings = compare(
      // In the catalog's order (toGrants): by role, then privilege.
      { grants: [grant('app', 'INSERT', true), grant('app', 'SELECT')] },
      { grants: [grant('app', 'INSERT'), grant('reporting', 'SELECT')] },
    );
    expect(findings).toEqual([
      {
        object: 'grant',
        name: 'app',
        change: 'changed',
        severity: 'fail',
        source: 'GRANT INSERT ON orders TO app WITH GRANT OPTION',
        target: 'GRANT INSERT ON orders TO app',
      },
      {
        object: 'grant',
        name: 'app',
        change: 'missing',
        severity: 'fail',
        source: 'GRANT SELECT ON orders TO app',
        target: null,
      },
      {
        object: 'grant',
        name: 'reporting',
        change: 'extra',
        severity: 'warning',
        source: null,
        target: 'GRANT SELECT ON orders TO reporting',
      },
    ]);
  });

  it('pairs grants listed in any order, as a library caller may build them', () => {
    const findings = compare(
      { grants: [grant('reporting', 'SELECT'), grant('app', 'SELECT'), grant('app', 'INSERT')] },
      { grants: [grant('app', 'INSERT'), grant('reporting', 'SELECT'), grant('app', 'SELECT')] },
    );
    expect(findings).toEqual([]);
  });

  it('does not compare MAINTAIN when one server is older than PostgreSQL 17, which has no such privilege', () => {
    const owner = [grant('postgres', 'SELECT'), grant('postgres', 'MAINTAIN')];
    expect(
      compare(
        { grants: owner },
        { grants: [grant('postgres', 'SELECT')] },
        { scope: scope(['orders'], { source: 180000, target: 130000 }) },
      ),
    ).toEqual([]);
    expect(brief(compare({ grants: owner }, { grants: [grant('postgres', 'SELECT')] }))).toEqual([
      'grant postgres missing fail',
    ]);
  });

  it('compares the grants on the sequence feeding the same column', () => {
    const withUsage = { sequences: [sequence('orders_id_seq', 'id', { grants: [grant('app', 'USAGE')] })] };
    expect(
      compare({}, {}, { sourceTable: withUsage, targetTable: { sequences: [sequence('orders_id_seq')] } }),
    ).toEqual([
      {
        object: 'grant',
        name: 'app',
        change: 'missing',
        severity: 'fail',
        source: 'GRANT USAGE ON SEQUENCE orders_id_seq TO app',
        target: null,
      },
    ]);
  });

  it('fails a sequence narrowed, cycling or no longer owned by its column, and lists a wider one as info', () => {
    const sequenceFinding = (target: Partial<ReturnType<typeof sequence>['definition']>, extra = {}) =>
      compare(
        {},
        {},
        {
          sourceTable: { sequences: [sequence('s')] },
          targetTable: { sequences: [sequence('s', 'id', target, extra)] },
        },
      );
    expect(sequenceFinding({ dataType: 'integer', maxValue: 2147483647n })).toEqual([
      {
        object: 'sequence',
        name: 's',
        change: 'changed',
        severity: 'fail',
        source: 'AS bigint INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 NO CYCLE OWNED BY orders.id',
        target: 'AS integer INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 NO CYCLE OWNED BY orders.id',
      },
    ]);
    expect(brief(sequenceFinding({ cycle: true }))).toEqual(['sequence s changed fail']);
    expect(brief(sequenceFinding({}, { kind: 'default' }))).toEqual(['sequence s changed fail']);
    expect(brief(sequenceFinding({ minValue: 0n }))).toEqual(['sequence s changed info']);
  });

  it('fails a sequence the target column lacks, unless the column itself is gone (that column finding says it)', () => {
    const sourceTable = { sequences: [sequence('orders_id_seq')] };
    expect(brief(compare({}, {}, { sourceTable }))).toEqual(['sequence orders_id_seq missing fail']);
    expect(compare({}, {}, { sourceTable, targetTable: { columns: [] } })).toEqual([]);
  });
});
