import { describe, expect, it } from 'vitest';
import { Literals } from '../../src/compare/queries.js';
import { testedMajors } from '../support/servers.js';
import { useTestPair } from '../support/test-pair.js';

// Checksum and COPY statements splice key bounds in as literals (compare/queries.ts): every value must read
// back as itself, in arrays too, whatever standard_conforming_strings says.
const VALUES = ["it's", 'back\\slash', 'a "quoted" word', '{braces},commas', 'ñandú 🐧', '', 'NULL', ' padded '];

const majors = testedMajors();

describe.each([...new Set([majors[0]!, majors.at(-1)!])])('values spliced in as literals on PostgreSQL %s', (major) => {
  const files = useTestPair(`sql_literals_${major}`, undefined, { label: major, source: major, target: major });

  for (const conforming of ['on', 'off']) {
    it(`reads back text, text arrays with NULL and integer arrays as given, standard_conforming_strings ${conforming}`, async () => {
      const client = files.pair.source;
      const literals = new Literals();
      await client.query(`SET standard_conforming_strings = ${conforming}`);
      try {
        const scalars = VALUES.map((value, index) => `${literals.add(value, 'text')} AS v${index}`).join(', ');
        const row = (await client.query<Record<string, string>>(`SELECT ${scalars}`)).rows[0]!;
        expect(VALUES.map((_, index) => row[`v${index}`])).toEqual(VALUES);
        const array = [...VALUES, null];
        const arrays = await client.query<{ texts: (string | null)[]; numbers: string[] }>(
          `SELECT ${literals.add(array, 'text[]')} AS texts, ${literals.add(['-9223372036854775808', '0', '42'], 'int8[]')}::text[] AS numbers`,
        );
        expect(arrays.rows[0]).toEqual({ texts: array, numbers: ['-9223372036854775808', '0', '42'] });
      } finally {
        await client.query('RESET standard_conforming_strings');
      }
    });
  }
});
