import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { PgVerifyError, UsageError, describeError } from '../errors.js';
import type { Field } from '../summary.js';

/** The kinds of row difference keys.jsonl lists. */
export type RowDiffKind = 'missing' | 'extra' | 'changed';

/**
 * One line of keys.jsonl: a differing row of a table (the source's name) by its key's canonical text, in the
 * order of the table's key columns (summary.json's `key`); a keyless table's whole row. Complete, whatever
 * --max-diff-rows says: `pgverify recheck` re-reads exactly these rows.
 */
export interface DifferingKey {
  readonly table: string;
  readonly kind: RowDiffKind;
  readonly key: readonly Field[];
}

/** A line of keys.jsonl, newline included. */
export function keyLine(key: DifferingKey): string {
  return `${JSON.stringify(key)}\n`;
}

/** The differing keys of keys.jsonl by table, in file order; a line that is not a key is an error naming the file and line. */
export async function readDifferingKeys(path: string): Promise<Map<string, DifferingKey[]>> {
  const keys = new Map<string, DifferingKey[]>();
  let number = 0;
  try {
    const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) {
      number++;
      if (line.trim() === '') continue;
      const key = parseKey(line);
      if (key === undefined) throw new UsageError(`${path}:${number}: not a line of differing keys`);
      const list = keys.get(key.table) ?? [];
      list.push(key);
      keys.set(key.table, list);
    }
  } catch (error) {
    if (error instanceof PgVerifyError) throw error;
    throw new UsageError(`cannot read ${path}: ${describeError(error)}`, { cause: error });
  }
  return keys;
}

function parseKey(line: string): DifferingKey | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const { table, kind, key } = (value ?? {}) as Record<string, unknown>;
  const fields = Array.isArray(key) && key.every((field) => field === null || typeof field === 'string');
  if (typeof table !== 'string' || !['missing', 'extra', 'changed'].includes(kind as string) || !fields)
    return undefined;
  return { table, kind: kind as RowDiffKind, key: key as Field[] };
}
