import fc from 'fast-check';
import { changedValue, ORACLE_TYPES, valueOf, type OracleType, type SqlValue } from './values.js';

/** How rows are keyed: one column of three kinds, a composite key, or none at all (a multiset). */
export type KeyKind = 'int' | 'text' | 'uuid' | 'composite' | 'none';

/** A generated row: key values (empty for a keyless table) and one value per value column. */
export interface OracleRow {
  readonly key: readonly string[];
  readonly values: readonly SqlValue[];
}

/** A random table, its rows in the source, and what the migration did to them in the target. */
export interface OracleCase {
  readonly keyKind: KeyKind;
  readonly types: readonly OracleType[];
  /** The target declares int4 as int8 and the source declares text as varchar: not a difference. */
  readonly widen: boolean;
  readonly source: readonly OracleRow[];
  readonly actions: ReadonlyArray<{ readonly action: 'keep' | 'delete' | 'change'; readonly column: number }>;
  readonly inserted: readonly OracleRow[];
  /** Identical filler rows on both sides, so fast mode must bucket and split instead of fetching everything. */
  readonly bulk: number;
}

const keyArbitrary: Record<KeyKind, fc.Arbitrary<string[]>> = {
  int: fc.integer({ min: -1_000_000, max: 1_000_000 }).map((key) => [String(key)]),
  text: fc
    .string({ unit: 'grapheme', minLength: 0, maxLength: 6 })
    .filter((key) => !key.includes('\u0000'))
    .map((key) => [key]),
  uuid: fc.uuid().map((key) => [key.toLowerCase()]),
  composite: fc
    .tuple(fc.constantFrom('north', 'south', 'Ñuñoa', ''), fc.integer({ min: 0, max: 50 }))
    .map(([region, id]) => [region, String(id)]),
  none: fc.constant([]),
};

/** Random cases: keys of every kind, NULLs, unicode, duplicates in keyless tables, deletes, inserts and changes. */
export const oracleCases: fc.Arbitrary<OracleCase> = fc
  .record({
    keyKind: fc.constantFrom<KeyKind>('int', 'text', 'uuid', 'composite', 'none'),
    types: fc.uniqueArray(fc.constantFrom(...ORACLE_TYPES), { minLength: 1, maxLength: 3 }),
    widen: fc.boolean(),
  })
  .chain(({ keyKind, types, widen }) => {
    const row = fc.record({ key: keyArbitrary[keyKind], values: fc.tuple(...types.map(valueOf)) });
    const rows =
      keyKind === 'none'
        ? fc
            .array(row, { maxLength: 30 })
            .chain((unique) => fc.subarray(unique).map((copies) => [...unique, ...copies]))
        : fc.uniqueArray(row, { maxLength: 40, selector: (entry) => JSON.stringify(entry.key) });
    return fc.record({
      keyKind: fc.constant(keyKind),
      types: fc.constant(types),
      widen: fc.constant(widen),
      source: rows,
      actions: fc.array(
        fc.record({ action: fc.constantFrom('keep', 'keep', 'delete', 'change'), column: fc.nat(types.length - 1) }),
        { minLength: 70, maxLength: 70 },
      ),
      inserted: fc.array(row, { maxLength: 4 }),
      bulk: fc.constantFrom(0, 0, 6000),
    });
  });

/** The target rows: the source after the case's deletes and changes, plus the inserted rows (new keys only). */
export function targetRows(oracle: OracleCase): OracleRow[] {
  const rows: OracleRow[] = [];
  oracle.source.forEach((row, index) => {
    const { action, column } = oracle.actions[index]!;
    if (action === 'delete') return;
    if (action === 'keep') return rows.push(row);
    const values = [...row.values];
    values[column] = changedValue(oracle.types[column]!, values[column]!);
    rows.push({ key: row.key, values });
  });
  const taken = new Set(oracle.source.map((row) => JSON.stringify(row.key)));
  for (const row of oracle.inserted) {
    if (oracle.keyKind !== 'none' && taken.has(JSON.stringify(row.key))) continue;
    taken.add(JSON.stringify(row.key));
    rows.push(row);
  }
  return rows;
}
