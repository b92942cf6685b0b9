import { describe, expect, it } from 'vitest';
import type { ForeignKey, Table } from '../../../src/catalog/types.js';
import { tenantRoutes } from '../../../src/plan/tenant-route.js';

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
});
