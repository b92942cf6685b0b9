import { describe, expect, it } from 'vitest';
import type { ForeignKey, Table } from '../../../src/catalog/types.js';
import { linkedTables, parseLinks } from '../../../src/plan/tenant-links.js';
import { tenantRoutes } from '../../../src/plan/tenant-route.js';
import { UsageError } from '../../../src/errors.js';

const key = (name: string, columns: string[], referencedTable: string, referencedColumns = ['id']): ForeignKey => ({
  name,
  columns,
  referencedSchema: 'public',
  referencedTable,
  referencedColumns,
});
const table = (name: string, columns: Record<string, boolean>, foreignKeys: ForeignKey[] = []): Table => ({
  schema: 'public',
  name,
  columns: Object.entries(columns).map(([column, notNull]) => ({
    name: column,
    type: 'integer',
    baseType: 'int4',
    category: 'N',
    notNull,
    collation: null,
  })),
  keys: [{ columns: ['id'], primary: true }],
  estimatedRows: 10,
  foreignKeys,
  sequences: [],
});

// Seed 003's shared schema as a schema without store_id on its child tables would hold it.
const customers = table('customers', { id: true, store_id: true });
const orders = table('orders', { id: true, store_id: true, customer_id: true }, [
  key('orders_customer_id_fkey', ['customer_id'], 'customers'),
]);
const conversations = table('conversations', { id: true, customer_id: true, assigned_user_id: false }, [
  key('a_assigned_user_id_fkey', ['assigned_user_id'], 'users'),
  key('conversations_customer_id_fkey', ['customer_id'], 'customers'),
]);
const users = table('users', { id: true, store_id: true });
const messages = table('messages', { id: true, conversation_id: true }, [
  key('messages_conversation_id_fkey', ['conversation_id'], 'conversations'),
]);
const countries = table('countries', { id: true });

describe('tenantRoutes', () => {
  const routes = tenantRoutes(
    [customers, orders, conversations, users, messages, countries],
    'store_id',
    'store_id = 4',
  );

  it('leaves tables with the tenant column and tables no foreign key leads from alone', () => {
    expect([...routes.keys()].sort()).toEqual(['conversations', 'messages']);
  });

  it('prefers a NOT NULL foreign key to a nullable one of the same length', () => {
    // The nullable assigned_user_id comes first by name; a conversation without a user would have no store.
    expect(routes.get('conversations')).toMatchObject({
      through: ['customers'],
      where: '("customer_id") IN (SELECT "id" FROM "public"."customers" WHERE (store_id = 4\n))',
    });
  });

  it("follows a route of several foreign keys, the run's filter innermost", () => {
    expect(routes.get('messages')).toEqual({
      through: ['conversations', 'customers'],
      hops: [
        { columns: ['conversation_id'], referencedColumns: ['id'], parent: '"public"."conversations"' },
        { columns: ['customer_id'], referencedColumns: ['id'], parent: '"public"."customers"' },
      ],
      tenantType: 'integer',
      nullable: [],
      alternatives: [],
      where:
        '("conversation_id") IN (SELECT "id" FROM "public"."conversations" WHERE ("customer_id") IN (SELECT "id" FROM "public"."customers" WHERE (store_id = 4\n)))',
    });
  });

  it('matches a composite foreign key column for column and ends on a cycle without the column', () => {
    const lines = table('lines', { order_no: true, store_code: true }, [
      key('lines_fkey', ['order_no', 'store_code'], 'heads', ['no', 'store']),
    ]);
    const heads = table('heads', { no: true, store: true, store_id: true });
    expect(tenantRoutes([lines, heads], 'store_id', 'store_id = 4').get('lines')?.where).toBe(
      '("order_no", "store_code") IN (SELECT "no", "store" FROM "public"."heads" WHERE (store_id = 4\n))',
    );
    const a = table('a', { id: true, b_id: true }, [key('a_b', ['b_id'], 'b')]);
    const b = table('b', { id: true, a_id: true }, [key('b_a', ['a_id'], 'a'), key('b_self', ['id'], 'b')]);
    expect(tenantRoutes([a, b], 'store_id', 'store_id = 4').size).toBe(0);
  });

  it('does not pass through a table of another schema the catalog does not hold', () => {
    const child = table('child', { id: true, p_id: true }, [
      { ...key('child_p', ['p_id'], 'parent'), referencedSchema: 'other' },
    ]);
    expect(tenantRoutes([child, table('parent', { id: true, store_id: true })], 'store_id', 'x').size).toBe(0);
  });

  it('weighs nullable keys over the whole route: a NOT NULL route wins, however long', () => {
    // A new user's case: leaf's first keys are both NOT NULL; a_hub's next key is nullable, b_hub's is not.
    const leaf = table('leaf', { id: true, a_id: true, b_id: true }, [
      key('leaf_a_id_fkey', ['a_id'], 'a_hub'),
      key('leaf_b_id_fkey', ['b_id'], 'b_hub'),
    ]);
    const aHub = table('a_hub', { id: true, order_id: false }, [key('a_hub_order_id_fkey', ['order_id'], 'orders')]);
    const bHub = table('b_hub', { id: true, customer_id: true }, [
      key('b_hub_customer_id_fkey', ['customer_id'], 'customers'),
    ]);
    const picked = tenantRoutes([leaf, aHub, bHub, orders, customers], 'store_id', 'store_id = 2');
    expect(picked.get('leaf')).toMatchObject({ through: ['b_hub', 'customers'], nullable: [], alternatives: [] });
    expect(picked.get('a_hub')).toMatchObject({ through: ['orders'], nullable: ['a_hub.order_id'] });
    // Three NOT NULL hops beat one nullable hop.
    const note = table('note', { id: true, order_id: false, leaf_id: true }, [
      key('a_note_order_id_fkey', ['order_id'], 'orders'),
      key('note_leaf_id_fkey', ['leaf_id'], 'leaf'),
    ]);
    expect(tenantRoutes([note, leaf, aHub, bHub, orders, customers], 'store_id', 'x').get('note')?.through).toEqual([
      'leaf',
      'b_hub',
      'customers',
    ]);
  });

  it('names the routes as good as the one taken', () => {
    const transfers = table('transfers', { id: true, from_order_id: true, to_order_id: true }, [
      key('transfers_from_order_id_fkey', ['from_order_id'], 'orders'),
      key('transfers_to_order_id_fkey', ['to_order_id'], 'orders'),
    ]);
    expect(tenantRoutes([transfers, orders, customers], 'store_id', 'x').get('transfers')).toMatchObject({
      through: ['orders'],
      where: expect.stringMatching(/^\("from_order_id"\) IN/),
      alternatives: ['transfers.to_order_id → orders'],
    });
  });
});

describe('links the source does not declare', () => {
  const notes = table('order_notes', { id: true, order_id: true });

  it('are followed like foreign keys once given', () => {
    const links = parseLinks({ 'order_notes.order_id': 'orders.id' });
    expect(links).toEqual([
      {
        table: 'order_notes',
        column: 'order_id',
        parentTable: 'orders',
        parentColumn: 'id',
        given: 'order_notes.order_id=orders.id',
      },
    ]);
    const tables = [notes, orders, customers];
    expect(tenantRoutes(tables, 'store_id', 'x').has('order_notes')).toBe(false);
    const linked = linkedTables(tables, links);
    expect(tenantRoutes(linked, 'store_id', 'store_id = 4').get('order_notes')?.where).toBe(
      '("order_id") IN (SELECT "id" FROM "public"."orders" WHERE (store_id = 4\n))',
    );
    // Made once per catalog and links, as a fan-out's stores share both.
    expect(linkedTables(tables, parseLinks({ 'order_notes.order_id': 'orders.id' }))).toBe(linked);
  });

  it('refuse what they cannot follow, naming the link as typed', () => {
    const tables = [notes, orders];
    const refused = (links: Record<string, string>) => () => linkedTables(tables, parseLinks(links));
    expect(() => parseLinks({ order_notes: 'orders.id' })).toThrow(
      new UsageError('--link must be table.column=parent_table.column, not "order_notes=orders.id"'),
    );
    expect(refused({ 'order_note.order_id': 'orders.id' })).toThrow(
      new UsageError('--link order_note.order_id=orders.id: the source schema has no table "order_note"'),
    );
    expect(refused({ 'order_notes.orderid': 'orders.id' })).toThrow(
      new UsageError('--link order_notes.orderid=orders.id: source table order_notes has no column "orderid"'),
    );
    // A parent column that is not a key would let one row join several parents in a fan-out's grouped read.
    expect(refused({ 'order_notes.order_id': 'orders.customer_id' })).toThrow(
      new UsageError(
        '--link order_notes.order_id=orders.customer_id: "customer_id" is not the primary key nor a unique key of orders',
      ),
    );
  });
});
