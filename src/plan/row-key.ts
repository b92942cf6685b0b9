import type { Field } from '../summary.js';

/**
 * How diffs.csv names a row, a column list or a value list: one keyed field is its plain text;
 * several fields, or the whole row of a keyless table, are a JSON array of texts.
 */
export function formatFields(fields: readonly Field[], single: boolean): string {
  return single && fields.length === 1 ? String(fields[0]) : JSON.stringify(fields);
}
