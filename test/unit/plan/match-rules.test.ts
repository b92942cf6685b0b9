import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { buildMatchRules, columnRulesFor, parseAssignments, SAME_NAMES } from '../../../src/plan/match-rules.js';

describe('buildMatchRules', () => {
  it('keeps table renames, column renames per source table and ignored columns per table or for every table', () => {
    const rules = buildMatchRules({
      mapTables: { clients: 'customers' },
      mapColumns: { 'clients.mail': 'email', 'clients.phone_no': 'phone' },
      ignoreColumns: ['clients.updated_at', '*.synced_at'],
    });
    expect(rules.tables).toEqual(new Map([['clients', 'customers']]));
    expect(columnRulesFor(rules, 'clients', 'customers')).toEqual({
      renamed: new Map([
        ['mail', 'email'],
        ['phone_no', 'phone'],
      ]),
      ignored: new Set(['updated_at', 'synced_at']),
    });
    expect(columnRulesFor(rules, 'orders', 'orders')).toEqual({ renamed: new Map(), ignored: new Set(['synced_at']) });
  });

  it('gives a table without rules the plain by-name matching', () => {
    expect(columnRulesFor(buildMatchRules({}), 'orders', 'orders')).toBe(SAME_NAMES);
  });

  it('refuses two names mapped onto one and malformed entries, naming the flag', () => {
    expect(() => buildMatchRules({ mapTables: { a: 'c', b: 'c' } })).toThrow(
      new UsageError('--map-table: a and b are both mapped to c'),
    );
    expect(() => buildMatchRules({ mapColumns: { 't.a': 'c', 't.b': 'c' } })).toThrow(
      new UsageError('--map-column: t.a and t.b are both mapped to c'),
    );
    expect(() => buildMatchRules({ mapColumns: { mail: 'email' } })).toThrow(
      new UsageError('--map-column entries must be table.column, not "mail=email"'),
    );
    expect(() => buildMatchRules({ ignoreColumns: ['updated_at'] })).toThrow(
      new UsageError('--ignore-columns entries must be table.column, not "updated_at"'),
    );
    expect(() => buildMatchRules({ mapTables: { a: '' } })).toThrow(UsageError);
  });
});

describe('parseAssignments', () => {
  it('turns repeated old=new values into a record, trimming spaces', () => {
    expect(parseAssignments('--map-column', ['customers.mail = email', 'orders.total=amount'])).toEqual({
      'customers.mail': 'email',
      'orders.total': 'amount',
    });
  });

  it('refuses a value without both sides and a name mapped to two names', () => {
    expect(() => parseAssignments('--map-table', ['clients'])).toThrow(
      new UsageError('--map-table must be old=new, not "clients"'),
    );
    expect(() => parseAssignments('--map-column', ['t.a='])).toThrow(
      new UsageError('--map-column must be table.old=new, not "t.a="'),
    );
    expect(() => parseAssignments('--map-table', ['a=b', 'a=c'])).toThrow(
      new UsageError('--map-table: a is mapped twice (to b and c)'),
    );
  });
});
