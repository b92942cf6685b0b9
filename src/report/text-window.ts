/**
 * Cutting long values for people: a report shows a few hundred characters of a 10 MB value, taken where
 * it differs from the other side, and says how long the whole value is.
 */

/** The index of the first UTF-16 unit where two texts differ; the shorter length when one starts the other. */
export function firstDifference(left: string, right: string): number {
  const shorter = Math.min(left.length, right.length);
  let index = 0;
  while (index < shorter && left.charCodeAt(index) === right.charCodeAt(index)) index += 1;
  return index;
}

/**
 * How many trailing units two texts share, never reaching back past `from` in either: a changed middle
 * ("abXcd" vs "abYYcd") is what lies between the common prefix and this suffix.
 */
export function commonSuffix(left: string, right: string, from: number): number {
  const room = Math.min(left.length, right.length) - from;
  let length = 0;
  while (length < room && left.charCodeAt(left.length - 1 - length) === right.charCodeAt(right.length - 1 - length))
    length += 1;
  return length;
}

/** `index` moved back by one when it would split a surrogate pair, so a cut never leaves half a character. */
export function safeCut(text: string, index: number): number {
  if (index <= 0 || index >= text.length) return Math.max(0, Math.min(index, text.length));
  const before = text.charCodeAt(index - 1);
  const at = text.charCodeAt(index);
  const splitsPair = before >= 0xd800 && before <= 0xdbff && at >= 0xdc00 && at <= 0xdfff;
  return splitsPair ? index - 1 : index;
}

/** `text[start, start + maxUnits)` without splitting surrogate pairs at either end. */
export function sliceSafely(text: string, start: number, maxUnits: number): string {
  const from = safeCut(text, start);
  return text.slice(from, safeCut(text, from + maxUnits));
}

/**
 * A copy of `text` that shares no memory with the string it was cut from: V8 keeps a slice's whole parent
 * alive, so a kept 400-character sample could otherwise pin a 10 MB value or a whole COPY chunk.
 */
export function detached(text: string): string {
  return text.length === 0 ? text : Buffer.from(text, 'utf16le').toString('utf16le');
}
