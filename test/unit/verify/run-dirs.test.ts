import { describe, expect, it } from 'vitest';
import { quoteLiteral } from '../../../src/sql.js';
import { RunDirs, safeDirName } from '../../../src/verify/run-dirs.js';

describe('safeDirName', () => {
  it('keeps letters, digits, dots, dashes and underscores and replaces everything else', () => {
    expect(safeDirName('stores:4')).toBe('stores_4');
    expect(safeDirName('../etc/passwd')).toBe('_._etc_passwd');
    expect(safeDirName('a\\b c')).toBe('a_b_c');
    expect(safeDirName('tienda-ñuñoa')).toBe('tienda-ñuñoa');
    expect(safeDirName('..')).toBe('_.');
    expect(safeDirName('')).toBe('_');
    expect(safeDirName('x'.repeat(300))).toHaveLength(100);
  });
});

describe('RunDirs', () => {
  it('gives names that make the same directory, whatever their case, a numbered suffix', () => {
    const dirs = new RunDirs();
    expect(['stores:4', 'stores_4', 'Stores:4', 'shared'].map((name) => dirs.claim(name))).toEqual([
      'stores_4',
      'stores_4-2',
      'Stores_4-3',
      'shared',
    ]);
  });

  it('never hands out the names of the files written next to the run directories', () => {
    expect(new RunDirs().claim('summary.json')).toBe('summary.json-2');
  });
});

describe('quoteLiteral', () => {
  it('doubles quotes and writes a value with a backslash as an E literal', () => {
    expect(quoteLiteral('4')).toBe("'4'");
    expect(quoteLiteral("O'Brien")).toBe("'O''Brien'");
    expect(quoteLiteral("a\\'; DROP TABLE x; --")).toBe("E'a\\\\''; DROP TABLE x; --'");
    expect(() => quoteLiteral('a\0b')).toThrow(/NUL/);
  });
});
