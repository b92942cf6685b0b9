import type { WriteStream } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PgVerifyError, UsageError } from '../../../src/errors.js';
import { removeTemporaryFilesNow } from '../../../src/report/atomic-file.js';
import { createCsvDiffWriter, createNullDiffWriter } from '../../../src/report/diff-writer.js';
import type { DiffRecord } from '../../../src/summary.js';
import { untilDirectory } from '../../support/watch-dir.js';
import { parseCsv } from './parse-csv.js';

// The real createWriteStream, each stream it opens kept: a test waits on the events of the file a table's lines
// stream to (its failure, say), which the writer does not expose.
const fileStreams = vi.hoisted((): WriteStream[] => []);
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const createWriteStream: typeof fs.createWriteStream = (...args) => {
    const stream = fs.createWriteStream(...args);
    fileStreams.push(stream);
    return stream;
  };
  return { ...fs, createWriteStream, default: { ...fs, createWriteStream } };
});

const HEADER = 'table,kind,key,column,source_value,target_value';

function record(overrides: Partial<DiffRecord> = {}): DiffRecord {
  return {
    table: 'public.t',
    kind: 'changed',
    key: '1',
    column: 'name',
    sourceValue: 'a',
    targetValue: 'b',
    ...overrides,
  };
}

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'pgverify-diff-writer-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('createCsvDiffWriter', () => {
  it('writes only the header when no line was written', async () => {
    const path = join(directory, 'diffs.csv');
    await createCsvDiffWriter(path, 10).close();
    expect(await readFile(path, 'utf8')).toBe(`${HEADER}\n`);
  });

  it('writes NULL as an empty field and the empty string as a quoted empty field', async () => {
    const path = join(directory, 'diffs.csv');
    const writer = createCsvDiffWriter(path, 10);
    writer.table('public.t').write(record({ kind: 'missing', column: null, sourceValue: '', targetValue: null }));
    await writer.close();
    const text = await readFile(path, 'utf8');
    expect(text).toBe(`${HEADER}\npublic.t,missing,1,,"",\n`);
    expect(parseCsv(text)[1]).toEqual(['public.t', 'missing', '1', null, '', null]);
  });

  it('round-trips values containing commas, quotes and newlines', async () => {
    const path = join(directory, 'diffs.csv');
    const awkward = record({
      key: '["a,b","c"]',
      column: 'note',
      sourceValue: 'say "hi"\nbye',
      targetValue: 'x\r\ny, z',
    });
    const writer = createCsvDiffWriter(path, 10);
    writer.table('public.t').write(awkward);
    await writer.close();
    const rows = parseCsv(await readFile(path, 'utf8'));
    expect(rows).toEqual([
      HEADER.split(','),
      ['public.t', 'changed', '["a,b","c"]', 'note', 'say "hi"\nbye', 'x\r\ny, z'],
    ]);
  });

  it('keeps at most the cap of lines per table while tables write interleaved', async () => {
    const path = join(directory, 'diffs.csv');
    const writer = createCsvDiffWriter(path, 2);
    const orders = writer.table('orders');
    const users = writer.table('users');
    for (const key of ['1', '2', '3']) {
      orders.write(record({ table: 'orders', key }));
      users.write(record({ table: 'users', key }));
    }
    await writer.close();
    const keys = parseCsv(await readFile(path, 'utf8'))
      .slice(1)
      .map(([table, , key]) => `${table}:${key}`);
    expect(keys).toEqual(['orders:1', 'orders:2', 'users:1', 'users:2']);
    expect([orders.written, users.written]).toEqual([2, 2]);
  });

  it("writes each table's lines together, tables in the order close() is given, whatever order they wrote in", async () => {
    const path = join(directory, 'diffs.csv');
    const writer = createCsvDiffWriter(path, 10);
    const [users, orders, items] = ['users', 'orders', 'items'].map((name) => writer.table(name));
    for (const key of ['1', '2']) {
      items!.write(record({ table: 'items', key }));
      users!.write(record({ table: 'users', key }));
      orders!.write(record({ table: 'orders', key }));
    }
    writer.endTable('users', 'keep');
    await writer.close(['items', 'orders', 'users']);
    const keys = parseCsv(await readFile(path, 'utf8'))
      .slice(1)
      .map(([table, , key]) => `${table}:${key}`);
    expect(keys).toEqual(['items:1', 'items:2', 'orders:1', 'orders:2', 'users:1', 'users:2']);
    expect(await readdir(directory)).toEqual(['diffs.csv']);
  });

  it('puts a table close() does not name after the named ones, in the order tables were first asked for', async () => {
    const path = join(directory, 'diffs.csv');
    const writer = createCsvDiffWriter(path, 10);
    writer.table('b').write(record({ table: 'b' }));
    writer.table('a').write(record({ table: 'a' }));
    writer.table('c').write(record({ table: 'c' }));
    await writer.close(['c']);
    expect(
      parseCsv(await readFile(path, 'utf8'))
        .slice(1)
        .map(([table]) => table),
    ).toEqual(['c', 'b', 'a']);
  });

  it('drops the lines and the samples of a table ended with drop, and keeps the others', async () => {
    const path = join(directory, 'diffs.csv');
    const writer = createCsvDiffWriter(path, 10);
    writer.table('broken').write(record({ table: 'broken', key: '1' }));
    writer.table('fine').write(record({ table: 'fine', key: '2' }));
    writer.endTable('broken', 'drop');
    writer.endTable('fine', 'keep');
    expect(writer.samples('broken')).toEqual([]);
    expect(writer.samples('fine').map((sample) => sample.key)).toEqual(['2']);
    await writer.close(['broken', 'fine']);
    expect(await readFile(path, 'utf8')).toBe(`${HEADER}\nfine,changed,2,name,a,b\n`);
    expect(await readdir(directory)).toEqual(['diffs.csv']);
  });

  it('refuses a line for a table that has ended: its lines are already settled', () => {
    const writer = createCsvDiffWriter(join(directory, 'diffs.csv'), 10);
    const sink = writer.table('public.t');
    writer.endTable('public.t', 'keep');
    expect(() => sink.write(record())).toThrow('written after its table ended');
  });

  it('leaves no file at all when aborted, even with tables still writing', async () => {
    const writer = createCsvDiffWriter(join(directory, 'diffs.csv'), 10);
    writer.table('a').write(record({ table: 'a' }));
    writer.table('b').write(record({ table: 'b' }));
    writer.endTable('b', 'keep');
    await writer.abort();
    expect(await readdir(directory)).toEqual([]);
  });

  it('has every temporary file removed by removeTemporaryFilesNow, for a process that exits at once', async () => {
    const writer = createCsvDiffWriter(join(directory, 'diffs.csv'), 10);
    writer.table('a').write(record({ table: 'a' }));
    writer.table('b').write(record({ table: 'b' }));
    expect(await untilDirectory(directory, (entries) => entries.length === 2)).toEqual([
      'diffs.csv.1.tmp',
      'diffs.csv.2.tmp',
    ]);
    removeTemporaryFilesNow();
    expect(await readdir(directory)).toEqual([]);
  });

  it('hands out the same sink when a table is asked for twice, so the cap holds per table', async () => {
    const writer = createCsvDiffWriter(join(directory, 'diffs.csv'), 1);
    writer.table('orders').write(record());
    writer.table('orders').write(record());
    await writer.close();
    expect(writer.table('orders').written).toBe(1);
  });

  it('creates the file only on close and leaves no temporary file behind', async () => {
    const path = join(directory, 'diffs.csv');
    const writer = createCsvDiffWriter(path, 10);
    writer.table('public.t').write(record());
    const partWritten = async (entries: string[]) =>
      entries.includes('diffs.csv.1.tmp') && (await readFile(join(directory, 'diffs.csv.1.tmp'), 'utf8')) !== '';
    expect(await untilDirectory(directory, partWritten)).not.toContain('diffs.csv');
    await writer.close();
    expect(await readdir(directory)).toEqual(['diffs.csv']);
    expect(parseCsv(await readFile(path, 'utf8'))).toHaveLength(2);
  });

  it('rejects on close with a PgVerifyError naming the path when the directory does not exist', async () => {
    const path = join(directory, 'missing', 'diffs.csv');
    const writer = createCsvDiffWriter(path, 10);
    writer.table('public.t').write(record());
    // The table's part file cannot be opened; a line written after that failure is dropped, not thrown.
    await expect(finished(fileStreams.at(-1)!)).rejects.toThrow('ENOENT');
    writer.table('public.t').write(record());
    const closing = writer.close();
    await expect(closing).rejects.toBeInstanceOf(PgVerifyError);
    await expect(closing).rejects.toThrow(`cannot write diffs to ${path}`);
  });

  it('refuses a negative or fractional cap', () => {
    expect(() => createCsvDiffWriter(join(directory, 'diffs.csv'), -1)).toThrow(UsageError);
    expect(() => createNullDiffWriter(1.5)).toThrow(UsageError);
  });
});

describe('createNullDiffWriter', () => {
  it('counts kept lines up to the cap and writes no file', async () => {
    const writer = createNullDiffWriter(2);
    const sink = writer.table('public.t');
    for (let line = 0; line < 5; line += 1) sink.write(record());
    await writer.close();
    expect(sink.written).toBe(2);
    expect(await readdir(directory)).toEqual([]);
  });
});

describe('a table sink', () => {
  it('tells how many lines it may still take, so checks fetch no more sample rows than will be kept', () => {
    const sink = createNullDiffWriter(3).table('public.t');
    expect(sink.remaining).toBe(3);
    for (let line = 0; line < 5; line += 1) sink.write(record({ kind: 'orphan' }));
    expect(sink.remaining).toBe(0);
    expect(createNullDiffWriter(Number.POSITIVE_INFINITY).table('public.t').remaining).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('the samples a writer keeps for the HTML report', () => {
  it('keeps the first lines of each kind per table, in write order, for the CSV and the null writer alike', async () => {
    const csvWriter = createCsvDiffWriter(join(directory, 'diffs.csv'), 100, 2);
    for (const writer of [csvWriter, createNullDiffWriter(100, 2)]) {
      const sink = writer.table('public.t');
      for (const key of ['1', '2', '3']) sink.write(record({ key }));
      sink.write(record({ key: '9', kind: 'missing', column: null, sourceValue: null, targetValue: null }));
      writer.table('public.u').write(record({ table: 'public.u', key: '5' }));
      expect(writer.samples('public.t').map((sample) => `${sample.kind}:${sample.key}`)).toEqual([
        'changed:1',
        'changed:2',
        'missing:9',
      ]);
      expect(writer.samples('public.u').map((sample) => sample.key)).toEqual(['5']);
      expect(writer.samples('public.none')).toEqual([]);
    }
    await csvWriter.close();
    expect(parseCsv(await readFile(join(directory, 'diffs.csv'), 'utf8'))).toHaveLength(6);
  });

  it('keeps 20 lines per kind by default and only lines within the cap, like diffs.csv', () => {
    const roomy = createNullDiffWriter(1000);
    const capped = createNullDiffWriter(3);
    for (let key = 0; key < 30; key += 1) {
      roomy.table('public.t').write(record({ key: String(key) }));
      capped.table('public.t').write(record({ key: String(key) }));
    }
    expect(roomy.samples('public.t')).toHaveLength(20);
    expect(capped.samples('public.t').map((sample) => sample.key)).toEqual(['0', '1', '2']);
  });

  it('keeps values as written, NULL apart from the empty string, when they are short', () => {
    const writer = createNullDiffWriter(10);
    writer.table('public.t').write(record({ sourceValue: '', targetValue: null }));
    expect(writer.samples('public.t')).toEqual([record({ sourceValue: '', targetValue: null })]);
  });

  it('refuses a negative or fractional sample count', () => {
    expect(() => createNullDiffWriter(10, -1)).toThrow(UsageError);
    expect(() => createCsvDiffWriter(join(directory, 'diffs.csv'), 10, 0.5)).toThrow(UsageError);
  });
});
