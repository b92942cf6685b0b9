import { describe, expect, it } from 'vitest';
import { renderBoxTable } from '../../../src/report/box-table.js';

const columns = [
  { head: 't', align: 'left' as const },
  { head: 'n', align: 'right' as const },
  { head: 'status', align: 'left' as const },
];

describe('renderBoxTable', () => {
  it('draws borders, one line a row, each column as wide as its widest cell, heads aligned like their cells', () => {
    expect(
      renderBoxTable(columns, [
        ['a_long_name', '12345', 'pass'],
        ['b', '1', 'x'],
      ]).split('\n'),
    ).toEqual([
      '┌─────────────┬───────┬────────┐',
      '│ t           │     n │ status │',
      '│ a_long_name │ 12345 │ pass   │',
      '│ b           │     1 │ x      │',
      '└─────────────┴───────┴────────┘',
    ]);
  });

  it('counts East Asian wide characters as two columns and pads outside the colour codes', () => {
    const green = (text: string) => `\u001b[32m${text}\u001b[39m`;
    const lines = renderBoxTable(columns, [
      ['表格', '1', { text: 'pass', paint: green }],
      ['ab', '22', 'fail: x'],
    ]).split('\n');
    expect(lines[2]).toBe('│ 表格 │  1 │ \u001b[32mpass\u001b[39m    │');
    expect(lines[3]).toBe('│ ab   │ 22 │ fail: x │');
  });

  it('shows control characters of a name escaped, so a row stays one line and sends the terminal nothing', () => {
    const lines = renderBoxTable(columns, [['a\nb\u001b[2J', '1', 'pass']]).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe('│ a\\u000ab\\u001b[2J │ 1 │ pass   │');
  });

  it('keeps missing cells blank and draws a table without rows', () => {
    expect(renderBoxTable(columns, [['a']]).split('\n')[2]).toBe('│ a │   │        │');
    expect(renderBoxTable(columns, [])).toBe(
      ['┌───┬───┬────────┐', '│ t │ n │ status │', '└───┴───┴────────┘'].join('\n'),
    );
  });
});
