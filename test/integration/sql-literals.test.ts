import { describe, expect, it } from 'vitest';
import { Literals } from '../../src/compare/queries.js';
import { edgeMajors } from '../support/servers.js';
import { useTestPair } from '../support/test-pair.js';

// Checksum and COPY statements splice key bounds in as literals (compare/queries.ts): every value must read
// back as itself, in arrays too, whatever standard_conforming_strings says.
const VALUES = ["it's", 'back\\slash', 'a "quoted" word', '{braces},commas', 'ñandú 🐧', '', 'NULL', ' padded '];

describe.each(edgeMajors())('values spliced in as literals on PostgreSQL %s', (major) => {
  const files = useTestPair(`sql_literals_${major}`, undefined, { label: major, source: major, target: major });

  for (const conforming of ['on', 'off']) {
    it(`reads back text, numeric and uuid values and arrays (NULL too) as given, standard_conforming_strings ${conforming}`, async () => {
      const client = files.pair.source;
      const literals = new Literals();
      await client.query(`SET standard_conforming_strings = ${conforming}`);
      try {
        const scalars = VALUES.map((value, index) => `${literals.add(value, 'text')} AS v${index}`).join(', ');
        const row = (await client.query<Record<string, string>>(`SELECT ${scalars}`)).rows[0]!;
        expect(VALUES.map((_, index) => row[`v${index}`])).toEqual(VALUES);
        const array = [...VALUES, null];
        const numbers = ['-9223372036854775808', '0', '42'];
        const decimals = ['-0.000001', '1.50', '12345678901234567890.123'];
        const uuids = ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '00000000-0000-0000-0000-000000000000'];
        const arrays = await client.query<Record<string, (string | null)[]>>(
          `SELECT ${literals.add(array, 'text[]')} AS texts, ${literals.add(numbers, 'int8[]')}::text[] AS numbers,
                  ${literals.add(decimals, 'numeric[]')}::text[] AS decimals, ${literals.add(uuids, 'uuid[]')}::text[] AS uuids,
                  ARRAY[${literals.add(decimals[2], 'numeric')}::text, ${literals.add(uuids[0], 'uuid')}::text] AS scalars`,
        );
        expect(arrays.rows[0]).toEqual({ texts: array, numbers, decimals, uuids, scalars: [decimals[2], uuids[0]] });
      } finally {
        await client.query('RESET standard_conforming_strings');
      }
    });
  }
});
