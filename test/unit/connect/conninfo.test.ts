import { describe, expect, it } from 'vitest';
import { parseConnectionString, passwordOf, redactArguments, redactConnectionString } from '../../../src/connect/conninfo.js';
import { UsageError } from '../../../src/errors.js';

describe('connection strings', () => {
  it('removes the password from a URL and from key=value pairs', () => {
    expect(redactConnectionString('postgresql://app:s3cret@db.example:5432/shop?sslmode=require')).toBe('postgresql://app@db.example:5432/shop?sslmode=require');
    expect(redactConnectionString('postgres://app:p%40ss@h/db')).toBe('postgres://app@h/db');
    expect(redactConnectionString("host=h dbname=shop password='a b' user=app")).toBe('host=h dbname=shop password=*** user=app');
    expect(redactConnectionString('postgresql://h/db?password=s3cret')).not.toContain('s3cret');
  });

  it('redacts the password of every connection string on a command line and keeps the other arguments as typed', () => {
    expect(redactArguments([
      'check', '--source', 'postgresql://app:s3cret@old-db/shop', '--target=host=new-db password=hunter2 user=app',
      '--target-schema', ' store_4 ', '--source-where', "note = 'x'", '--config', 'postgresql://ops:pw1@h/db',
    ])).toEqual([
      'check', '--source', 'postgresql://app@old-db/shop', '--target=host=new-db password=*** user=app',
      '--target-schema', ' store_4 ', '--source-where', "note = 'x'", '--config', 'postgresql://ops@h/db',
    ]);
    expect(redactArguments(['--target', "dbname=shop password='a b'"])).toEqual(['--target', 'dbname=shop password=***']);
    expect(redactArguments([])).toEqual([]);
  });

  it('keeps a URL without a password as it is', () => {
    expect(redactConnectionString('postgresql://app@h/db')).toBe('postgresql://app@h/db');
  });

  it('reads key=value pairs with quoted values into a client config', () => {
    const config = parseConnectionString('source', "host=db port=6543 dbname='my db' user=app password=x\\'y sslmode=disable");
    expect(config).toEqual({ host: 'db', port: 6543, database: 'my db', user: 'app', password: "x'y" });
  });

  it('leaves an empty string to the PG* environment variables', () => {
    expect(parseConnectionString('target', '  ')).toEqual({});
  });

  it('rejects other URL schemes and unknown keywords as usage errors', () => {
    expect(() => parseConnectionString('source', 'mysql://h/db')).toThrow(UsageError);
    expect(() => parseConnectionString('target', 'host=h colour=blue')).toThrow(/unknown connection keyword "colour"/);
  });

  it('finds the password to scrub from error messages, decoded', () => {
    expect(passwordOf({ connectionString: 'postgresql://u:p%40ss@h/db' })).toBe('p@ss');
    expect(passwordOf({ password: 'kv' })).toBe('kv');
    expect(passwordOf({ connectionString: 'postgresql://u@h/db' })).toBeUndefined();
  });
});
