import { describe, expect, it } from 'vitest';
import { compareDatabases, compareSchemaObjects } from '../../../../src/checks/structure/schema.js';
import type { DatabaseFacts } from '../../../../src/summary.js';

const DATABASE: DatabaseFacts = {
  encoding: 'UTF8',
  collate: 'en_US.UTF-8',
  ctype: 'en_US.UTF-8',
  collationProvider: 'libc',
  collationVersion: '2.31',
  extensions: [
    { name: 'citext', version: '1.6' },
    { name: 'plpgsql', version: '1.0' },
  ],
};

describe('compareDatabases', () => {
  it('warns when the collation version or provider differs: text may sort differently on the target', () => {
    const findings = compareDatabases(DATABASE, { ...DATABASE, collationProvider: 'icu', collationVersion: '153.120' });
    expect(findings).toEqual([
      {
        object: 'database',
        name: 'collation provider',
        change: 'changed',
        severity: 'warning',
        source: 'libc',
        target: 'icu',
      },
      {
        object: 'database',
        name: 'collation version',
        change: 'changed',
        severity: 'warning',
        source: '2.31',
        target: '153.120',
      },
    ]);
  });

  it('fails an extension missing on the target, warns on another version and notes one only the target has', () => {
    const target = {
      ...DATABASE,
      extensions: [
        { name: 'pgcrypto', version: '1.3' },
        { name: 'plpgsql', version: '1.1' },
      ],
    };
    expect(compareDatabases(DATABASE, target).map((found) => [found.name, found.change, found.severity])).toEqual([
      ['citext', 'missing', 'fail'],
      ['plpgsql', 'changed', 'warning'],
      ['pgcrypto', 'extra', 'info'],
    ]);
  });

  it('finds nothing between two equal databases', () => {
    expect(compareDatabases(DATABASE, { ...DATABASE })).toEqual([]);
  });
});

describe('compareSchemaObjects', () => {
  const view = (definition: string) => [{ kind: 'view' as const, name: 'v', definition }];

  it('takes a view deparsed by PostgreSQL 15 (columns qualified) and by 16 (unqualified) for the same view', () => {
    expect(
      compareSchemaObjects(view('SELECT orders.id FROM orders;'), view('SELECT id FROM orders;'), {
        source: 150000,
        target: 160000,
      }),
    ).toEqual([]);
  });

  it('tells those two definitions apart when both servers deparse alike', () => {
    expect(
      compareSchemaObjects(view('SELECT orders.id FROM orders;'), view('SELECT id FROM orders;'), {
        source: 160000,
        target: 180000,
      }),
    ).toMatchObject([{ object: 'view', name: 'v', change: 'changed', severity: 'fail' }]);
  });
});
