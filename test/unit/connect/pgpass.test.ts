import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lookUpPassword, passwordFileEntry } from '../../../src/connect/pgpass.js';

const key = { host: 'db.example', port: 5432, database: 'shop', user: 'app' };

describe('the password file', () => {
  it('gives the password of the first line that matches, with * matching any value', () => {
    const text = [
      '# a comment',
      'other:5432:shop:app:wrong',
      'db.example:5433:*:app:wrong-port',
      'db.example:5432:*:app:first',
      '*:*:*:*:second',
    ].join('\n');
    expect(passwordFileEntry(text, key)).toBe('first');
    expect(passwordFileEntry(text, { ...key, host: 'elsewhere' })).toBe('second');
  });

  it('reads \\: and \\\\ as a literal colon and backslash, and a lone * only as a wildcard', () => {
    expect(passwordFileEntry('db.example:5432:shop:app:pa\\:ss\\\\word', key)).toBe('pa:ss\\word');
    expect(passwordFileEntry('db.example:5432:shop:a\\:b:pw', { ...key, user: 'a:b' })).toBe('pw');
    expect(passwordFileEntry('db.example:5432:shop:a*:pw', key)).toBeUndefined();
    expect(passwordFileEntry('db.example:5432:shop:\\*:pw', key)).toBeUndefined();
  });

  it('matches a Unix socket connection as localhost, and skips short lines, CRLF endings and empty passwords', () => {
    expect(passwordFileEntry('localhost:5432:shop:app:sock\r\n', { ...key, host: '/var/run/postgresql' })).toBe('sock');
    expect(passwordFileEntry('db.example:5432:shop\n', key)).toBeUndefined();
    expect(passwordFileEntry('db.example:5432:shop:app:', key)).toBeUndefined();
  });

  it('ignores a file that group or others can read, as libpq does, and says why', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pgverify-pgpass-'));
    try {
      const file = join(dir, 'pgpass');
      await writeFile(file, '*:*:*:*:secret\n');
      await chmod(file, 0o600);
      expect(lookUpPassword(file, key, 'linux')).toEqual({ password: 'secret' });
      await chmod(file, 0o644);
      expect(lookUpPassword(file, key, 'linux')).toEqual({
        reason: `${file} was ignored: group or others can access it (chmod 0600 ${file})`,
      });
      expect(lookUpPassword(join(dir, 'none'), key, 'linux')).toEqual({ reason: `there is no ${join(dir, 'none')}` });
      await writeFile(file, 'other:*:*:*:secret\n', { mode: 0o600 });
      await chmod(file, 0o600);
      expect(lookUpPassword(file, key, 'linux')).toEqual({
        reason: `${file} has no line for db.example:5432:shop:app`,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
