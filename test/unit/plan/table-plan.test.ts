import { describe, expect, it } from 'vitest';
import type { Column, Table } from '../../../src/catalog/types.js';
import { planTable } from '../../../src/plan/table-plan.js';

const column = (name: string, baseType: string, extra: Partial<Column> = {}): Column => ({
  name,
  type: baseType,
  baseType,
  category: 'X',
  notNull: true,
  collation: null,
  ...extra,
});
const table = (schema: string, columns: Column[], keys: string[][] = []): Table => ({
  schema,
  name: 'orders',
  columns,
  keys: keys.map((key) => ({ columns: key, primary: true })),
  estimatedRows: 10,
  foreignKeys: [],
  sequences: [],
});
// The hash functions of two servers of different majors that agree on every type but uuid.
const contexts = {
  source: {
    where: 'store_id = 4',
    hashFunctions: new Map([
      ['int8', { function: 'pg_catalog.hashint8extended', argument: 'int8' }],
      ['text', { function: 'pg_catalog.hashtextextended', argument: 'text' }],
    ]),
  },
  target: {
    where: undefined,
    hashFunctions: new Map([
      ['int8', { function: 'pg_catalog.hashint8extended', argument: 'int8' }],
      ['text', { function: 'pg_catalog.hashtextextended', argument: 'text' }],
    ]),
  },
};

describe('planTable', () => {
  it("expects the unfiltered side's rows: a filtered side's statistics count the whole shared table", () => {
    const shared = { ...table('public', [column('id', 'int4')], [['id']]), estimatedRows: 540_000 };
    const store = { ...table('store_4', [column('id', 'int4')], [['id']]), estimatedRows: 6_000 };
    expect(planTable(shared, store, contexts).estimatedRows).toBe(6_000);
    const bothFiltered = { ...contexts, target: { ...contexts.target, where: 'true' } };
    expect(planTable(shared, store, bothFiltered).estimatedRows).toBe(540_000);
  });

  it('matches rows on the primary key and sets target-only columns aside', () => {
    const plan = planTable(
      table('public', [column('id', 'int4'), column('total', 'numeric')], [['id']]),
      table('store_4', [column('id', 'int8'), column('total', 'numeric'), column('tenant_id', 'uuid')], [['id']]),
      contexts,
    );
    expect(plan.keyColumns).toEqual(['id']);
    expect(plan.keyKinds).toEqual(['integer']);
    expect(plan.valueColumns).toEqual(['total']);
    expect(plan.targetOnly).toEqual(['tenant_id']);
    expect(plan.sourceOnly).toEqual([]);
    expect(plan.source.from).toBe('"public"."orders" AS r');
    expect(plan.target.from).toBe('"store_4"."orders" AS r');
    expect(plan.source.where).toBe('store_id = 4');
  });

  it('compares numerics by trimmed scale and json as jsonb, and orders text keys in the C collation', () => {
    const plan = planTable(
      table(
        'a',
        [column('code', 'text', { collation: 'en-x-icu' }), column('amount', 'numeric'), column('doc', 'json')],
        [['code']],
      ),
      table('b', [column('code', 'varchar'), column('amount', 'numeric'), column('doc', 'json')], [['code']]),
      contexts,
    );
    expect(plan.keyKinds).toEqual(['text']);
    expect(plan.source.keyOrder).toEqual(['r."code" COLLATE "C"']);
    expect(plan.source.valueText).toEqual(['trim_scale(r."amount")::text', 'r."doc"::jsonb::text']);
  });

  it('compares a table without a usable key as a multiset of all shared columns', () => {
    const plan = planTable(
      table('a', [column('x', 'text'), column('y', 'int4')]),
      table('b', [column('x', 'text'), column('y', 'int4')]),
      contexts,
    );
    expect(plan.keyed).toBe(false);
    expect(plan.keyColumns).toEqual(['x', 'y']);
    expect(plan.keyKinds).toEqual(['canonical', 'canonical']);
    expect(plan.valueColumns).toEqual([]);
  });

  it('uses the target key when the source has none, and quotes hostile names', () => {
    const plan = planTable(
      table('a', [column('Weird "id"', 'uuid'), column('v', 'text')]),
      table('b', [column('Weird "id"', 'uuid'), column('v', 'text')], [['Weird "id"']]),
      contexts,
    );
    expect(plan.keyColumns).toEqual(['Weird "id"']);
    expect(plan.source.keyText).toEqual(['r."Weird ""id"""::text']);
  });

  it('hashes natively only types both sides hash alike, floats always as text, each position with its own seed', () => {
    const plan = planTable(
      table(
        'a',
        [
          column('id', 'int4'),
          column('ratio', 'float8'),
          column('body', 'text', { notNull: false }),
          column('ref', 'uuid'),
        ],
        [['id']],
      ),
      table(
        'b',
        [column('id', 'int8'), column('ratio', 'float8'), column('body', 'text'), column('ref', 'uuid')],
        [['id']],
      ),
      contexts,
    );
    expect(plan.source.hashFields).toEqual([
      // NOT NULL, natively hashed: no NULL constant is needed (the target's nullable body keeps its own).
      'pg_catalog.hashint8extended(r."id"::int8, 1)',
      'coalesce(pg_catalog.hashtextextended((r."ratio"::text) COLLATE "C", 2), -2)',
      'coalesce(pg_catalog.hashtextextended(r."body"::text COLLATE "C", 3), -3)',
      // uuid: not among the types both servers were found to hash alike.
      'coalesce(pg_catalog.hashtextextended((r."ref"::text) COLLATE "C", 4), -4)',
    ]);
  });
});

describe('planTable with renamed and ignored columns', () => {
  const rules = (renamed: Record<string, string>, ignored: string[] = []) => ({
    renamed: new Map(Object.entries(renamed)),
    ignored: new Set(ignored),
  });

  it('compares a source column with the target column it was renamed to, under the source name', () => {
    const plan = planTable(
      table('a', [column('id', 'int4'), column('mail', 'text'), column('name', 'text')], [['id']]),
      table('b', [column('id', 'int4'), column('email', 'text'), column('name', 'text')], [['id']]),
      contexts,
      rules({ mail: 'email' }),
    );
    expect(plan.valueColumns).toEqual(['mail', 'name']);
    expect(plan.source.valueText).toEqual(['r."mail"::text', 'r."name"::text']);
    expect(plan.target.valueText).toEqual(['r."email"::text', 'r."name"::text']);
    expect(plan.renamed).toEqual(new Map([['mail', 'email']]));
    expect([plan.sourceOnly, plan.targetOnly]).toEqual([[], []]);
  });

  it('matches rows on a renamed key column, using the target key when only the target has one', () => {
    const plan = planTable(
      table('a', [column('order_no', 'int8'), column('total', 'numeric')]),
      table('b', [column('id', 'int8'), column('total', 'numeric')], [['id']]),
      contexts,
      rules({ order_no: 'id' }),
    );
    expect(plan.keyed).toBe(true);
    expect(plan.keyColumns).toEqual(['order_no']);
    expect(plan.source.keyOrder).toEqual(['r."order_no"']);
    expect(plan.target.keyOrder).toEqual(['r."id"']);
  });

  it('leaves a source column unmatched when a rename claims its name on the target', () => {
    const plan = planTable(
      table('a', [column('id', 'int4'), column('mail', 'text'), column('email', 'text')], [['id']]),
      table('b', [column('id', 'int4'), column('email', 'text')], [['id']]),
      contexts,
      rules({ mail: 'email' }),
    );
    expect(plan.valueColumns).toEqual(['mail']);
    expect(plan.sourceOnly).toEqual(['email']);
  });

  it('leaves ignored columns out on both sides, whether one side or both have them', () => {
    const plan = planTable(
      table('a', [column('id', 'int4'), column('updated_at', 'timestamptz'), column('legacy', 'text')], [['id']]),
      table('b', [column('id', 'int4'), column('updated_at', 'timestamptz'), column('tenant_id', 'uuid')], [['id']]),
      contexts,
      rules({}, ['updated_at', 'legacy']),
    );
    expect(plan.valueColumns).toEqual([]);
    expect(plan.source.hashFields).toHaveLength(1);
    expect(plan.sourceOnly).toEqual([]);
    expect(plan.targetOnly).toEqual(['tenant_id']);
    expect(plan.ignored).toEqual(['updated_at', 'legacy']);
  });

  it('lets COPY print a column itself only where both sides share a type whose output is canonical', () => {
    const plan = planTable(
      table(
        'public',
        [
          column('id', 'int8'),
          column('body', 'text'),
          column('total', 'numeric'),
          column('flag', 'bool'),
          column('code', 'bpchar', { type: 'character(3)' }),
          column('at', 'timestamptz'),
        ],
        [['id']],
      ),
      table(
        'public',
        [
          column('id', 'int8'),
          column('body', 'varchar', { type: 'character varying' }),
          column('total', 'numeric'),
          column('flag', 'bool'),
          column('code', 'bpchar', { type: 'character(3)' }),
          column('at', 'timestamptz'),
        ],
        [['id']],
      ),
      contexts,
    );
    // body: text on one side, varchar on the other; numeric needs trim_scale; bool and bpchar print otherwise than ::text.
    expect(plan.source.copyFields).toEqual([
      'r."id"',
      'r."body"::text',
      'trim_scale(r."total")::text',
      'r."flag"::text',
      'r."code"::text',
      'r."at"',
    ]);
    expect(plan.target.copyFields).toEqual([
      'r."id"',
      'r."body"::text',
      'trim_scale(r."total")::text',
      'r."flag"::text',
      'r."code"::text',
      'r."at"',
    ]);
  });
});
