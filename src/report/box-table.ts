import stringWidth from 'string-width';

/** A column of a box table: its heading and which side its cells keep to (the heading too). */
export interface BoxColumn {
  readonly head: string;
  readonly align: 'left' | 'right';
}

/** A cell: its text, and how it is painted once measured (colour codes take no columns). */
export interface BoxCell {
  readonly text: string;
  readonly paint?: ((text: string) => string) | undefined;
}

/**
 * A table drawn with box-drawing borders, one line per row and no rule between rows, each column as wide as its
 * widest cell; `rows` are cells or plain strings, column by column. Control characters (a table may be named
 * with a newline or an escape sequence) are shown escaped, so every row stays one line and nothing in a name
 * reaches the terminal as a command. Linear in the rows: a schema of thousands of tables prints at once (the
 * cli-table3 it replaces checks every cell against every row before it, 1.8 s for 5,000 tables).
 */
export function renderBoxTable(
  columns: readonly BoxColumn[],
  rows: readonly (readonly (string | BoxCell)[])[],
): string {
  const body = rows.map((row) => columns.map((_, index) => shown(row[index] ?? '')));
  const head = columns.map((column) => shown(column.head));
  const widths = columns.map((_, index) => Math.max(head[index]!.width, ...body.map((row) => row[index]!.width)));
  const rule = (left: string, middle: string, right: string) =>
    `${left}${widths.map((width) => '─'.repeat(width + 2)).join(middle)}${right}`;
  const line = (cells: readonly Shown[]) =>
    `│ ${cells
      .map((cell, index) => {
        const pad = ' '.repeat(widths[index]! - cell.width);
        return columns[index]!.align === 'right' ? `${pad}${cell.painted}` : `${cell.painted}${pad}`;
      })
      .join(' │ ')} │`;
  return [rule('┌', '┬', '┐'), line(head), ...body.map(line), rule('└', '┴', '┘')].join('\n');
}

interface Shown {
  readonly painted: string;
  readonly width: number;
}

function shown(cell: string | BoxCell): Shown {
  const { text, paint } = typeof cell === 'string' ? { text: cell, paint: undefined } : cell;
  const visible = escapeControls(text);
  return { painted: paint === undefined ? visible : paint(visible), width: columnsOf(visible) };
}

// eslint-disable-next-line no-control-regex -- the characters a terminal would act on, not print
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

function escapeControls(text: string): string {
  return text.replace(CONTROLS, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The terminal columns `text` takes: a wide character (CJK, most emoji) two, a combining mark none. Printable
 * ASCII is one column a character (the common case, measured without string-width's regexes).
 */
export function columnsOf(text: string): number {
  return /^[\x20-\x7e]*$/.test(text) ? text.length : stringWidth(text);
}

/** `text` cut to at most `columns` terminal columns, the last of them an ellipsis when it is cut. */
export function truncateToColumns(text: string, columns: number): string {
  if (columnsOf(text) <= columns) return text;
  let kept = '';
  let used = 0;
  for (const char of text) {
    const width = columnsOf(char);
    if (used + width > columns - 1) break;
    kept += char;
    used += width;
  }
  return `${kept}…`;
}
