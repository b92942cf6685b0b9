import { describe, expect, it } from 'vitest';
import { decodeCopyLine, Row } from '../../../src/compare/row.js';

describe('decodeCopyLine', () => {
  it('splits on tabs and reads \\N as NULL and an empty field as the empty string', () => {
    expect(decodeCopyLine(Buffer.from('1\t\\N\t\tx'))).toEqual(['1', null, '', 'x']);
  });

  it('undoes COPY text escapes for tabs, newlines, carriage returns and backslashes', () => {
    expect(decodeCopyLine(Buffer.from('a\\tb\tline1\\nline2\\r\tback\\\\slash\t\\\\N'))).toEqual([
      'a\tb',
      'line1\nline2\r',
      'back\\slash',
      '\\N',
    ]);
  });

  it('keeps multi-byte UTF-8 intact', () => {
    expect(decodeCopyLine(Buffer.from('¿Tienen despacho a Viña del Mar? 😀'))).toEqual([
      '¿Tienen despacho a Viña del Mar? 😀',
    ]);
  });
});

describe('Row', () => {
  it('decodes a COPY line into its fields when they are read', () => {
    expect(Row.fromCopyLine(Buffer.from('1\t\\N\tx')).fields).toEqual(['1', null, 'x']);
  });

  it('keeps the fields of a query row as given', () => {
    expect(Row.fromFields(['1', null]).fields).toEqual(['1', null]);
  });
});
