import { describe, expect, it } from 'vitest';
import { strayBracket } from '../../../src/sql.js';
import { resolveOptions } from '../../../src/verify/options.js';
import { UsageError } from '../../../src/errors.js';

describe('strayBracket', () => {
  it('finds the ) that would let a filter out of its brackets', () => {
    expect(strayBracket('store_id = 2) OR (true')).toBe(12);
    expect(strayBracket('(a = 1)) OR ((b = 2)')).toBe(7);
  });

  it('accepts brackets that balance, and any bracket inside strings, quoted names and comments', () => {
    for (const filter of [
      'store_id = 4',
      "(store_id = 4 AND name <> ')') OR note = '('",
      `"odd)name" = 1`,
      "name = 'it''s )'",
      "name = E'a\\') b'",
      'body = $$ ) $$ AND x = $t$ )) $t$',
      'a = 1 -- a comment with )\n',
      'a = 1 /* nested /* ) */ still ) */ AND b = 2',
      'x = $1',
    ])
      expect(strayBracket(filter), filter).toBeUndefined();
  });

  it('is a usage error naming the flag and the filter as typed', () => {
    expect(() =>
      resolveOptions({ source: 'postgresql://a/b', target: 'postgresql://a/c', sourceWhere: 'store_id = 2) OR (true' }),
    ).toThrow(
      new UsageError(
        '--source-where "store_id = 2) OR (true": the ")" at character 13 closes a bracket the filter did not open; a filter must be one condition',
      ),
    );
  });
});
