import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PgVerifyError } from '../../../src/errors.js';
import { writeFileAtomic } from '../../../src/report/atomic-file.js';
import { writeSummaryJson } from '../../../src/report/summary-json.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'pgverify-summary-json-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('writeSummaryJson', () => {
  it('writes JSON indented by two spaces with a trailing newline', async () => {
    const path = join(directory, 'summary.json');
    await writeSummaryJson(path, { status: 'pass', tables: [{ name: 't' }] });
    const text = await readFile(path, 'utf8');
    expect(text).toBe('{\n  "status": "pass",\n  "tables": [\n    {\n      "name": "t"\n    }\n  ]\n}\n');
    expect(JSON.parse(text)).toEqual({ status: 'pass', tables: [{ name: 't' }] });
  });

  it('replaces an existing file and leaves no temporary file behind', async () => {
    const path = join(directory, 'summary.json');
    await writeFile(path, 'old contents that are longer than the new ones');
    await writeSummaryJson(path, { status: 'fail' });
    expect(await readFile(path, 'utf8')).toBe('{\n  "status": "fail"\n}\n');
    expect(await readdir(directory)).toEqual(['summary.json']);
  });
});

describe('writeFileAtomic', () => {
  it('fails with a PgVerifyError naming the path and leaves nothing when the directory is missing', async () => {
    const path = join(directory, 'missing', 'out.txt');
    const writing = writeFileAtomic(path, 'x');
    await expect(writing).rejects.toBeInstanceOf(PgVerifyError);
    await expect(writing).rejects.toThrow(`cannot write ${path}`);
    expect(await readdir(directory)).toEqual([]);
  });
});
