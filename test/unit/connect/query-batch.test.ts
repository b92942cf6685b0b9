import { describe, expect, it } from 'vitest';
import { inlineParameters, QueryBatch } from '../../../src/connect/query-batch.js';

describe('inlineParameters', () => {
  it('writes strings, NULL and string arrays as literals, quotes doubled and backslashes escaped', () => {
    expect(
      inlineParameters('SELECT 1 WHERE n = $1 AND ($2::text[] IS NULL OR r = ANY ($2::text[])) AND x = $3', [
        "it's",
        ['a\\b', 'c'],
        null,
      ]),
    ).toBe(
      "SELECT 1 WHERE n = 'it''s' AND (ARRAY[E'a\\\\b', 'c']::text[]::text[] IS NULL OR r = ANY (ARRAY[E'a\\\\b', 'c']::text[]::text[])) AND x = NULL",
    );
  });

  it('tells $1 from $10', () => {
    const values = Array.from({ length: 10 }, (_, index) => `v${index + 1}`);
    expect(inlineParameters('$1, $10', values)).toBe("'v1', 'v10'");
  });

  it('refuses a value it cannot write as a literal', () => {
    expect(() => inlineParameters('SELECT $1', [42])).toThrow(/parameter \$1 cannot be written as a literal: number/);
  });
});

describe('QueryBatch', () => {
  it('refuses a query added after the batch was sent, rather than leaving it waiting', async () => {
    const batch = new QueryBatch();
    const client = { queryMany: () => Promise.resolve([]) } as unknown as Parameters<QueryBatch['send']>[0];
    await batch.send(client);
    await expect(batch.query({ text: 'SELECT 1' })).rejects.toThrow(/already sent/);
  });
});
