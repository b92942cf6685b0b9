import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDirectories } from '../../../src/report/atomic-file.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pgverify-mkdir-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('makeDirectories', () => {
  it('makes a directory and its missing parents, and takes one that exists', async () => {
    const deep = join(root, 'a', 'b', 'c');
    // True when it made the directory (then empty), false when the directory was there.
    expect(await makeDirectories(deep)).toBe(true);
    expect(await makeDirectories(deep)).toBe(false);
    expect(await makeDirectories(join(root, 'a'))).toBe(false);
    expect((await stat(deep)).isDirectory()).toBe(true);
  });

  it('makes the same directories from several runs at once', async () => {
    const shared = join(root, 'runs', 'stores');
    const made = await Promise.all(
      Array.from({ length: 8 }, (_, index) => makeDirectories(join(shared, `store_${index}`))),
    );
    expect(made).toEqual(Array.from({ length: 8 }, () => true));
    expect((await stat(join(shared, 'store_7'))).isDirectory()).toBe(true);
  });

  it('fails with the file system error where a file is in the way', async () => {
    await writeFile(join(root, 'file'), '');
    await expect(makeDirectories(join(root, 'file', 'sub'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(makeDirectories(join(root, 'file'))).rejects.toMatchObject({ code: 'EEXIST' });
  });

  it.runIf(process.platform === 'linux')(
    "fails at once under /proc, where Node's recursive mkdir never returns",
    async () => {
      await expect(makeDirectories('/proc/pgverify-nope/reports')).rejects.toMatchObject({ code: 'ENOENT' });
    },
  );
});
