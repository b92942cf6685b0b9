import { describe, expect, it } from 'vitest';
import { findingsInWords } from '../../../src/report/findings-text.js';
import { tableResult } from './report-fixtures.js';

describe('findingsInWords', () => {
  it('says nothing about a clean table', () => {
    expect(findingsInWords(tableResult())).toEqual([]);
  });

  it('notes how a table without the tenant column had its source rows selected', () => {
    const routed = tableResult({
      sourceRoute: { through: ['conversations', 'customers'], where: '("conversation_id") IN (...)' },
    });
    expect(findingsInWords(routed)).toEqual([
      {
        level: 'note',
        text: 'Source rows selected through conversations → customers: the source filter applies to the customers row its foreign keys reach.',
      },
    ]);
  });

  it('says which rows a route cannot reach and which other routes were as good', () => {
    const routed = tableResult({
      sourceRoute: {
        through: ['messages'],
        where: '...',
        nullable: ['attachments.message_id'],
        alternatives: ['attachments.reply_id → messages'],
      },
    });
    expect(findingsInWords(routed)[0]!.text).toBe(
      'Source rows selected through messages: the source filter applies to the messages row its foreign keys reach. ' +
        'A row whose attachments.message_id is NULL reaches no tenant and is not read from the source. ' +
        "As good a route leads through attachments.reply_id → messages: a row whose routes reach different tenants counts for the first's.",
    );
  });

  it('keeps the rows a table compared before one of its checks could not run', () => {
    const halfChecked = tableResult({
      status: 'error',
      reason: 'target: foreign key items_parent_id_fkey: canceling statement due to lock timeout',
      diff: { missing: 1, extra: 0, changed: 2 },
      tenant: { column: 'store_id', expected: ['4'], nulls: 0, unexpected: 1, notNull: true },
    });
    const words = findingsInWords(halfChecked);
    expect(words.slice(0, 3)).toEqual([
      {
        level: 'fail',
        text: 'Its rows were compared, but a check could not run: target: foreign key items_parent_id_fkey: canceling statement due to lock timeout',
      },
      { level: 'fail', text: '1 source row is missing in the target.' },
      { level: 'fail', text: '2 rows have different values in the target.' },
    ]);
    // The tenant check ran before the one that failed: its finding is said too.
    expect(words.slice(3).map((line) => line.text)).toEqual(['1 row belongs to a store_id other than 4.']);
    const unchecked = tableResult({
      status: 'error',
      reason: 'permission denied',
      rows: { source: null, target: null },
    });
    expect(findingsInWords(unchecked)).toEqual([
      { level: 'fail', text: 'The table could not be checked: permission denied' },
    ]);
  });

  it('words a table missing on one side once, not as lost columns and missing rows', () => {
    const missing = tableResult({
      status: 'fail',
      reason: 'table missing in target',
      rows: { source: 1_500, target: null },
      diff: { missing: 1_500, extra: 0, changed: 0 },
      columns: { compared: [], sourceOnly: ['id', 'note'], targetOnly: [] },
    });
    expect(findingsInWords(missing)).toEqual([
      { level: 'fail', text: 'The table does not exist in the target: all 1,500 source rows are missing.' },
    ]);
  });

  it('puts failures first, then warnings, then the checks that could not run and the columns set aside', () => {
    const result = tableResult({
      status: 'fail',
      diff: { missing: 1, extra: 0, changed: 2 },
      columns: { compared: ['id'], sourceOnly: ['legacy_code'], targetOnly: ['updated_at'] },
      warnings: ['foreign key orders_user_fkey is declared on the source but not on the target'],
      integrity: [
        {
          name: 'orders_shop_fkey',
          columns: ['shop_id'],
          references: { table: 'shops', columns: ['id'] },
          declaredOn: 'both',
          orphans: null,
          crossTenant: null,
          skipped: 'parent table shops is excluded from this run',
        },
      ],
      sequences: [
        {
          name: 'orders_id_seq',
          column: 'id',
          nextValue: null,
          maxValue: null,
          status: 'skipped',
          skipped: 'permission denied for sequence orders_id_seq',
        },
      ],
    });
    expect(findingsInWords(result)).toEqual([
      { level: 'fail', text: 'Columns only in the source, so their data is lost: legacy_code.' },
      { level: 'fail', text: '1 source row is missing in the target.' },
      { level: 'fail', text: '2 rows have different values in the target.' },
      { level: 'warning', text: 'foreign key orders_user_fkey is declared on the source but not on the target' },
      { level: 'note', text: 'Columns only in the target, not compared: updated_at.' },
      {
        level: 'note',
        text: 'Foreign key orders_shop_fkey was not checked: parent table shops is excluded from this run.',
      },
      { level: 'note', text: 'Sequence orders_id_seq was not checked: permission denied for sequence orders_id_seq.' },
    ]);
  });

  it('notes a renamed table, renamed columns and ignored columns, so the reader knows what was compared with what', () => {
    const mapped = tableResult({
      targetName: 'clients',
      columns: {
        compared: ['id', 'email'],
        sourceOnly: [],
        targetOnly: [],
        renamed: { mail: 'email' },
        ignored: ['updated_at'],
      },
    });
    expect(findingsInWords(mapped)).toEqual([
      { level: 'note', text: 'Compared with the target table clients (renamed).' },
      { level: 'note', text: 'Columns compared under their new names: mail → email.' },
      { level: 'note', text: 'Columns left out of the comparison on purpose: updated_at.' },
    ]);
  });

  it('names the tenant column given by the run in cross-tenant sentences', () => {
    const linked = tableResult({
      status: 'fail',
      integrity: [
        {
          name: 'orders_customer_fkey',
          columns: ['customer_id'],
          references: { table: 'customers', columns: ['id'] },
          declaredOn: 'target',
          orphans: 0,
          crossTenant: 2,
        },
      ],
    });
    expect(findingsInWords(linked, 'store_id')[0]!.text).toBe(
      '2 rows are linked to a row of customers of another store_id (foreign key orders_customer_fkey: customer_id → customers(id)).',
    );
  });
});

describe('findingsInWords on structure findings', () => {
  it('says what the target lost and what to do, what it only adds, and which key was not compared', () => {
    const result = tableResult({
      status: 'fail',
      structure: [
        {
          object: 'index',
          name: 'by_phone',
          change: 'missing',
          severity: 'fail',
          source: 'CREATE INDEX ... USING btree (telefono)',
          target: null,
        },
        {
          object: 'column',
          name: 'total',
          change: 'changed',
          severity: 'fail',
          source: 'numeric(12,2) NOT NULL',
          target: 'numeric(10,2) NOT NULL',
        },
        {
          object: 'column',
          name: 'label',
          change: 'changed',
          severity: 'info',
          source: 'character varying(50)',
          target: 'text',
        },
        {
          object: 'column',
          name: 'code',
          change: 'changed',
          severity: 'warning',
          source: 'text COLLATE "C"',
          target: 'text',
        },
        {
          object: 'grant',
          name: 'reporting',
          change: 'extra',
          severity: 'warning',
          source: null,
          target: 'GRANT SELECT ON orders TO reporting',
        },
        {
          object: 'constraint',
          name: 'orders_store_id_fkey',
          change: 'missing',
          severity: 'info',
          source: 'FOREIGN KEY (store_id) REFERENCES stores(id)',
          target: null,
        },
      ],
    });
    expect(findingsInWords(result)).toEqual([
      {
        level: 'fail',
        text: 'Index by_phone is missing in the target (source: CREATE INDEX ... USING btree (telefono)): recreate it on the target as the source declares it.',
      },
      {
        level: 'fail',
        text: "Column total is weaker in the target than in the source (source numeric(12,2) NOT NULL, target numeric(10,2) NOT NULL): alter the target to the source's definition.",
      },
      {
        level: 'note',
        text: 'Column label differs in the target (source character varying(50), target text): widened, nothing is lost.',
      },
      {
        level: 'warning',
        text: 'Column code differs in the target (source text COLLATE "C", target text): check that this is intended.',
      },
      {
        level: 'warning',
        text: 'A privilege of role reporting exists only in the target: GRANT SELECT ON orders TO reporting.',
      },
      {
        level: 'note',
        text: 'Constraint orders_store_id_fkey was not compared: its parent table is not part of the target (source: FOREIGN KEY (store_id) REFERENCES stores(id)).',
      },
    ]);
  });
});
