import fc from 'fast-check';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CopyOutQuery, type CopyLines } from '../../../src/connect/copy-out.js';

// Backend messages as PostgreSQL frames them: a code byte, then a length that counts itself and the body.
const message = (code: string, body: Buffer): Buffer => {
  const header = Buffer.alloc(5);
  header.write(code, 0, 'latin1');
  header.writeUInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
};
const copyOutResponse = message('H', Buffer.from([0, 0, 1, 0, 0]));
const copyData = (payload: string) => message('d', Buffer.from(payload));
const copyDone = message('c', Buffer.alloc(0));
const commandComplete = message('C', Buffer.from('COPY 2\0'));
const readyForQuery = message('Z', Buffer.from('T'));
const errorResponse = message('E', Buffer.from('SERROR\0C57014\0Mcanceling statement due to user request\0\0'));

/** Runs a CopyOutQuery over a fake socket fed `chunks`; returns its lines and the bytes handed back to pg. */
async function run(chunks: readonly Buffer[]): Promise<{ lines: string[]; handedBack: Buffer; error: Error | null }> {
  const socket = new PassThrough();
  const handed: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => handed.push(chunk));
  const query = new CopyOutQuery('COPY x TO STDOUT');
  let sent = '';
  query.submit({
    stream: socket,
    query: (text: string) => {
      sent = text;
    },
  });
  expect(sent).toBe('COPY x TO STDOUT');
  const lines: string[] = [];
  const reading = (async () => {
    for await (const batch of query as AsyncIterable<CopyLines>) {
      for (let index = 0; index < batch.bounds.length; index += 2) {
        lines.push(batch.data.subarray(batch.bounds[index], batch.bounds[index + 1]).toString());
      }
    }
  })();
  for (const chunk of chunks) socket.write(chunk);
  // pg reports an ErrorResponse to the active query once it has parsed it from the bytes handed back.
  await new Promise((resolve) => setImmediate(resolve));
  const handedBack = Buffer.concat(handed);
  if (handedBack[0] === 0x45) query.handleError(new Error('canceling statement due to user request'));
  const error = await reading.then(
    () => null,
    (caught: Error) => caught,
  );
  return { lines, handedBack, error };
}

/** Cuts `bytes` at the given offsets. */
const cut = (bytes: Buffer, offsets: readonly number[]): Buffer[] => {
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  return [0, ...sorted]
    .map((start, index) => bytes.subarray(start, sorted[index] ?? bytes.length))
    .filter((part) => part.length > 0);
};

describe('CopyOutQuery', () => {
  it('yields each row of COPY TO without its newline and hands pg everything from CopyDone on', async () => {
    const tail = Buffer.concat([copyDone, commandComplete, readyForQuery]);
    const bytes = Buffer.concat([copyOutResponse, copyData('1\ta\n'), copyData('2\t\\N\n'), tail]);
    const { lines, handedBack, error } = await run([bytes]);
    expect(error).toBeNull();
    expect(lines).toEqual(['1\ta', '2\t\\N']);
    expect(handedBack.equals(tail)).toBe(true);
  });

  it('finds the same rows wherever the network cuts the stream, even inside a header or a huge row', async () => {
    const rows = ['1\tshort', `2\t${'x'.repeat(70_000)}`, '3\t', '4\tlast'];
    const tail = Buffer.concat([copyDone, commandComplete, readyForQuery]);
    const bytes = Buffer.concat([copyOutResponse, ...rows.map((row) => copyData(`${row}\n`)), tail]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), async (offsets) => {
        const { lines, handedBack, error } = await run(cut(bytes, offsets));
        expect(error).toBeNull();
        expect(lines).toEqual(rows);
        expect(handedBack.equals(tail)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('joins a row a server sends in several CopyData messages', async () => {
    const bytes = Buffer.concat([
      copyOutResponse,
      copyData('1\tsp'),
      copyData('lit'),
      copyData('\n'),
      copyData('2\tb\n'),
      copyDone,
    ]);
    const { lines } = await run([bytes]);
    expect(lines).toEqual(['1\tsplit', '2\tb']);
  });

  it('hands an ErrorResponse to pg and fails with the error pg reports', async () => {
    const bytes = Buffer.concat([copyOutResponse, copyData('1\ta\n'), errorResponse, readyForQuery]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 4 }), async (offsets) => {
        const { lines, handedBack, error } = await run(cut(bytes, offsets));
        expect(lines).toEqual(['1\ta']);
        expect(handedBack.equals(Buffer.concat([errorResponse, readyForQuery]))).toBe(true);
        expect(error?.message).toBe('canceling statement due to user request');
      }),
      { numRuns: 100 },
    );
  });
});
