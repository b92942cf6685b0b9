import { describe, expect, it } from 'vitest';
import type { Column, Table } from '../../../src/catalog/types.js';
import { UsageError } from '../../../src/errors.js';
import { matchColumns } from '../../../src/plan/column-match.js';
import { buildMatchRules, columnRulesFor, parseAssignments } from '../../../src/plan/match-rules.js';
import { planTable } from '../../../src/plan/table-plan.js';
import { applyValueRules } from '../../../src/plan/value-rules.js';

const column = (name: string, baseType: string): Column => ({
  name,
  type: baseType === 'float8' ? 'double precision' : baseType,
  baseType,
  category: 'X',
  notNull: false,
  collation: null,
});
const table = (name: string, columns: Column[], key: string[] | null = ['id']): Table => ({
  schema: 'public',
  name,
  columns,
  keys: key === null ? [] : [{ columns: key, primary: true }],
  estimatedRows: 10,
  foreignKeys: [],
  sequences: [],
});
const READINGS = table('readings', [
  column('id', 'int4'),
  column('ratio', 'float8'),
  column('at', 'timestamptz'),
  column('note', 'text'),
]);

/** The rules applied to READINGS (or `other` as the target) from options as a config file spells them. */
function applied(options: Parameters<typeof buildMatchRules>[0], target: Table = READINGS) {
  const rules = columnRulesFor(buildMatchRules(options), 'readings', target.name);
  return applyValueRules('readings', rules, matchColumns(READINGS, target, rules));
}

describe('tolerance and time-precision rules', () => {
  it('apply to the columns they name, a rule naming the table winning over a * rule', () => {
    const rules = applied({
      tolerances: { '*.ratio': '1', 'readings.ratio': '1e-6' },
      timePrecision: { '*.at': 'ms', '*.missing': 's' },
    });
    expect([...rules.tolerances].map(([name, tolerance]) => [name, tolerance.text])).toEqual([['ratio', '1e-6']]);
    expect(rules.timePrecision).toEqual(new Map([['at', 'ms']]));
  });

  it('match a column by its target name after --map-column', () => {
    const target = table('readings', [column('id', 'int4'), column('quotient', 'float8')]);
    const rules = applied(
      { mapColumns: { 'readings.ratio': 'quotient' }, tolerances: { 'readings.quotient': 2 } },
      target,
    );
    expect([...rules.tolerances.keys()]).toEqual(['ratio']);
  });

  it('refuse a rule naming its table that cannot apply, naming the column and its type', () => {
    expect(() => applied({ tolerances: { 'readings.note': '0.1' } })).toThrow(
      new UsageError(
        '--tolerance readings.note: the source column note is text, not a number (integer, numeric, float or money)',
      ),
    );
    expect(() => applied({ timePrecision: { 'readings.ratio': 'ms' } })).toThrow(
      new UsageError(
        '--time-precision readings.ratio: the source column ratio is double precision, not a timestamp, timestamptz or time',
      ),
    );
    expect(() => applied({ tolerances: { 'readings.id': 1 } })).toThrow(
      new UsageError('--tolerance readings.id: id is part of the key rows are matched on'),
    );
    expect(() => applied({ tolerances: { 'readings.ratoi': 1 } })).toThrow(
      new UsageError('--tolerance readings.ratoi: table readings has no column "ratoi" compared on both sides'),
    );
    const changedType = table('readings', [column('id', 'int4'), column('ratio', 'text')]);
    expect(() => applied({ tolerances: { 'readings.ratio': 1 } }, changedType)).toThrow(
      '--tolerance readings.ratio: the target column ratio is text, not a number',
    );
  });

  it('refuse a tolerance on a keyless table, whose rows are compared whole, but truncate its times', () => {
    const keyless = table('readings', READINGS.columns as Column[], null);
    const rules = columnRulesFor(
      buildMatchRules({ tolerances: { '*.ratio': 1 }, timePrecision: { 'readings.at': 's' } }),
      'readings',
      'readings',
    );
    const plan = planTable(
      keyless,
      keyless,
      {
        source: { where: undefined, hashFunctions: new Map() },
        target: { where: undefined, hashFunctions: new Map() },
      },
      rules,
    );
    expect(plan.valueRules.tolerances.size).toBe(0);
    expect(plan.source.keyText).toContain(`date_trunc('second', r."at")::text`);
    expect(() =>
      applyValueRules(
        'readings',
        columnRulesFor(buildMatchRules({ tolerances: { 'readings.ratio': 1 } }), 'readings', 'readings'),
        matchColumns(keyless, keyless, columnRulesFor(buildMatchRules({}), 'readings', 'readings')),
      ),
    ).toThrow('table readings has no key');
  });

  it('hash a tolerated column on its grid, never natively, and read a truncated time everywhere', () => {
    const native = new Map([
      ['timestamptz', { function: 'pg_catalog.hashtimestampextended', argument: 'timestamptz' }],
    ]);
    const plan = planTable(
      READINGS,
      READINGS,
      { source: { where: undefined, hashFunctions: native }, target: { where: undefined, hashFunctions: native } },
      columnRulesFor(
        buildMatchRules({ tolerances: { 'readings.ratio': '0.5' }, timePrecision: { 'readings.at': 'ms' } }),
        'readings',
        'readings',
      ),
    );
    expect(plan.valueTolerances.map((tolerance) => tolerance?.text)).toEqual(['0.5', undefined, undefined]);
    expect(plan.source.hashFields[1]).toMatch(
      /^coalesce\(pg_catalog\.hashtextextended\(\(CASE WHEN r\."ratio" = 'NaN'::float8 .* ELSE div\(/,
    );
    expect(plan.source.valueText[0]).toBe('r."ratio"::text');
    expect(plan.source.valueText[1]).toBe(`date_trunc('milliseconds', r."at")::text`);
    expect(plan.source.hashFields[2]).toBe(
      `coalesce(pg_catalog.hashtimestampextended(date_trunc('milliseconds', r."at")::timestamptz, 3), -3)`,
    );
  });

  it('refuse malformed entries and values, naming the flag and the entry', () => {
    expect(() => buildMatchRules({ tolerances: { ratio: 1 } })).toThrow(
      new UsageError('--tolerance entries must be table.column, not "ratio=1"'),
    );
    expect(() => buildMatchRules({ tolerances: { 'readings.': 1 } })).toThrow(UsageError);
    expect(() => buildMatchRules({ tolerances: { 'readings.ratio': 'x' } })).toThrow(
      new UsageError('--tolerance readings.ratio must be a positive number, not "x"'),
    );
    expect(() => buildMatchRules({ timePrecision: { 'readings.at': 'day' } })).toThrow(
      new UsageError('--time-precision readings.at must be ms, s, min, h, not "day"'),
    );
  });

  it('parse from repeated flags, refusing an entry without a value or given twice', () => {
    expect(parseAssignments('--tolerance', ['readings.ratio=1e-6', '*.amount = 0.01'])).toEqual({
      'readings.ratio': '1e-6',
      '*.amount': '0.01',
    });
    expect(() => parseAssignments('--tolerance', ['readings.ratio'])).toThrow(
      new UsageError('--tolerance must be table.column=N, not "readings.ratio"'),
    );
    expect(() => parseAssignments('--time-precision', ['t.at=ms', 't.at=s'])).toThrow(
      new UsageError('--time-precision: t.at is given twice (ms and s)'),
    );
  });
});
