import type { DiffSample } from './diff-samples.js';
import { escapeHtml } from './html-escape.js';
import { commonSuffix, firstDifference, safeCut, sliceSafely } from './text-window.js';
import { formatNumber } from './format.js';

/** Characters of a value the HTML shows; longer values get an ellipsis and their full length. */
export const SHOWN_UNITS = 200;

/** Characters shown before the first difference of a long changed value. */
const CONTEXT_UNITS = 40;

/** A value as text that may be a window of a longer one: `text` starts at `offset` of a `length`-long value. */
interface Windowed {
  readonly text: string;
  readonly offset: number;
  readonly length: number;
}

/** A NULL badge, an empty-string badge, or the escaped value cut to SHOWN_UNITS with its length. */
export function valueHtml(
  value: string | null,
  window?: { readonly offset: number; readonly length: number | null },
): string {
  if (value === null) return NULL_BADGE;
  const windowed = { text: value, offset: window?.offset ?? 0, length: window?.length ?? value.length };
  if (windowed.length === 0) return EMPTY_BADGE;
  const shown = sliceSafely(value, 0, SHOWN_UNITS);
  return excerptHtml(windowed, 0, shown.length, [shown.length, shown.length]);
}

/** Both values of a changed column, each with the part that differs from the other marked. */
export function changedPairHtml(sample: DiffSample): { readonly source: string; readonly target: string } {
  const { sourceValue, targetValue, cut } = sample;
  const offset = cut?.valueOffset ?? 0;
  if (
    sourceValue === null ||
    targetValue === null ||
    isEmpty(sourceValue, cut?.sourceLength) ||
    isEmpty(targetValue, cut?.targetLength)
  ) {
    return {
      source: valueHtml(sourceValue, { offset, length: cut?.sourceLength ?? null }),
      target: valueHtml(targetValue, { offset, length: cut?.targetLength ?? null }),
    };
  }
  const source: Windowed = { text: sourceValue, offset, length: cut?.sourceLength ?? sourceValue.length };
  const target: Windowed = { text: targetValue, offset, length: cut?.targetLength ?? targetValue.length };
  const differsAt = firstDifference(source.text, target.text);
  // A common suffix is only known when both windows reach the end of their values.
  const endsKnown = offset + source.text.length === source.length && offset + target.text.length === target.length;
  const suffix = endsKnown ? commonSuffix(source.text, target.text, differsAt) : 0;
  // Both values are equal before differsAt, so one start fits both and the unchanged lead lines up.
  const start = safeCut(source.text, Math.max(0, differsAt - CONTEXT_UNITS));
  const side = (value: Windowed): string => {
    const end = start + sliceSafely(value.text, start, SHOWN_UNITS).length;
    return excerptHtml(value, start, end, [differsAt, value.text.length - suffix]);
  };
  return { source: side(source), target: side(target) };
}

/** A row's key as diffs.csv names it (plain, or a JSON array), cut like a value. */
export function keyHtml(sample: DiffSample): string {
  return valueHtml(sample.key, { offset: 0, length: sample.cut?.keyLength ?? null });
}

const NULL_BADGE = '<span class="badge null" title="SQL NULL: no value">NULL</span>';
const EMPTY_BADGE = '<span class="badge empty" title="a text of length 0, not NULL">empty string</span>';

function isEmpty(value: string, fullLength: number | null | undefined): boolean {
  return (fullLength ?? value.length) === 0;
}

/** `value.text[start, end)` escaped, with `[markFrom, markTo)` marked, ellipses where it was cut, and the length when long. */
function excerptHtml(value: Windowed, start: number, end: number, [markFrom, markTo]: [number, number]): string {
  const clamp = (index: number): number => Math.min(Math.max(index, start), end);
  // The mark widens to whole characters: two values may differ in the second half of a surrogate pair.
  const from = safeCut(value.text, clamp(markFrom));
  const toUnit = Math.max(from, clamp(markTo));
  const to = safeCut(value.text, toUnit) === toUnit ? toUnit : toUnit + 1;
  const before = value.offset + start > 0;
  const after = value.offset + end < value.length;
  const marked = to > from ? markHtml(value.text.slice(from, to)) : '';
  return [
    '<span class="value">',
    before ? '<span class="cut" title="text left out">…</span>' : '',
    escapeHtml(value.text.slice(start, from)),
    marked,
    escapeHtml(value.text.slice(to, end)),
    after ? '<span class="cut" title="text left out">…</span>' : '',
    '</span>',
    value.length > SHOWN_UNITS ? ` <span class="length">(${formatNumber(value.length)} characters)</span>` : '',
  ].join('');
}

/** Code points a mark's title lists at most. */
const TITLED_CHARACTERS = 16;

/**
 * The differing part, marked. Where it holds anything but printable ASCII (a no-break space, a zero-width or
 * combining character, a letter that looks like another), its title lists the code points: `U+00C4` against
 * `U+0041 U+0308` tells two values apart that look the same.
 */
function markHtml(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return `<mark>${escapeHtml(text)}</mark>`;
  const characters = Array.from(text);
  const codes = characters
    .slice(0, TITLED_CHARACTERS)
    .map((character) => `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
  const more = characters.length > TITLED_CHARACTERS ? ' …' : '';
  return `<mark title="${codes.join(' ')}${more}">${escapeHtml(text)}</mark>`;
}
