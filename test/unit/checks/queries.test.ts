import { describe, expect, it } from 'vitest';
import { foreignKeyQuery } from '../../../src/checks/integrity.js';
import type { KeyCheck } from '../../../src/checks/match-keys.js';
import { subjectOfTable } from '../../../src/checks/subject.js';
import { tenantQuery } from '../../../src/checks/tenant.js';
import { column, table } from './tables.js';

const hostile = 'te"nant; DROP TABLE x --';
const child = table('sch"ema', 'ord"ers', [column('id'), column(hostile, 'uuid'), column('cust"omer_id')]);
const parent = table('sch"ema', 'cust"omers', [column('id'), column(hostile, 'uuid')]);
const subject = subjectOfTable(child, 'store_id = 4 -- trailing comment');
const key: KeyCheck = {
  name: 'fk',
  columns: ['cust"omer_id'],
  parentName: 'cust"omers',
  parentColumns: ['id'],
  declaredOn: 'both',
  check: { parent, parentUnique: true, tenantColumn: hostile },
};

describe('the check queries', () => {
  it('quote every identifier and take the tenant values and the sample size as parameters', () => {
    const sql = tenantQuery(subject, { column: hostile, expected: ["'; DROP TABLE y; --"] });
    expect(sql).toContain('FROM "sch""ema"."ord""ers" AS r');
    expect(sql).toContain('r."te""nant; DROP TABLE x --" <> ALL ($1::uuid[])');
    expect(sql).toContain('LIMIT $2');
    expect(sql).not.toContain('DROP TABLE y');
  });

  it('keep the filter on its own line so a trailing comment cannot swallow the rest', () => {
    expect(tenantQuery(subject, { column: hostile, expected: ['a'] })).toContain(
      '(store_id = 4 -- trailing comment\n) AND (',
    );
  });

  it('apply the filter to the child rows alone, before the join, so it cannot bind to a parent column', () => {
    const sql = foreignKeyQuery(subject, key, key.check as Exclude<KeyCheck['check'], { skipped: string }>);
    expect(sql).toContain(
      'FROM (SELECT * FROM "sch""ema"."ord""ers" AS r WHERE (store_id = 4 -- trailing comment\n)) AS r',
    );
    expect(sql).toContain('LEFT JOIN "sch""ema"."cust""omers" AS p ON p."id" = r."cust""omer_id"');
    expect(sql).toContain('r."te""nant; DROP TABLE x --" <> p."te""nant; DROP TABLE x --"');
  });

  it('group a parent that may repeat a key, so each child row counts once', () => {
    const loose = { parent, parentUnique: false, tenantColumn: hostile };
    const sql = foreignKeyQuery(subject, { ...key, check: loose }, loose);
    expect(sql).toContain('GROUP BY p."id") AS p');
    expect(sql).toContain('r."te""nant; DROP TABLE x --" <> ALL (p."te""nant; DROP TABLE x --")');
  });
});
