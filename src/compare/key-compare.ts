import type { KeyKind } from '../plan/canonical.js';
import type { Field } from '../summary.js';

/** Compares two key tuples exactly as both servers ORDER BY them (see plan/canonical.ts). */
export function compareKeys(kinds: readonly KeyKind[], a: readonly Field[], b: readonly Field[]): number {
  for (let index = 0; index < kinds.length; index++) {
    const order = compareField(kinds[index]!, a[index] ?? null, b[index] ?? null);
    if (order !== 0) return order;
  }
  return 0;
}

function compareField(kind: KeyKind, a: Field, b: Field): number {
  if (a === b) return 0;
  // ORDER BY ... ASC puts NULLs last; only keyless rows have NULLs in their "key".
  if (a === null) return 1;
  if (b === null) return -1;
  switch (kind) {
    case 'integer':
      return compareIntegers(a, b);
    case 'numeric':
      return compareDecimals(a, b);
    default:
      return compareCodePoints(a, b);
  }
}

function compareIntegers(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

const SPECIAL_RANK: Record<string, number> = { '-Infinity': -1, Infinity: 1, NaN: 2 };

/** Orders numeric text as PostgreSQL does: -Infinity < numbers < Infinity < NaN. */
export function compareDecimals(a: string, b: string): number {
  const rankA = SPECIAL_RANK[a] ?? 0;
  const rankB = SPECIAL_RANK[b] ?? 0;
  if (rankA !== 0 || rankB !== 0) return Math.sign(rankA - rankB);
  const negativeA = a.startsWith('-');
  const negativeB = b.startsWith('-');
  if (negativeA !== negativeB) return negativeA ? -1 : 1;
  const magnitude = compareMagnitudes(negativeA ? a.slice(1) : a, negativeB ? b.slice(1) : b);
  return negativeA ? -magnitude : magnitude;
}

function compareMagnitudes(a: string, b: string): number {
  const [intA = '', fracA = ''] = a.split('.');
  const [intB = '', fracB = ''] = b.split('.');
  const wholeA = intA.replace(/^0+/, '');
  const wholeB = intB.replace(/^0+/, '');
  if (wholeA.length !== wholeB.length) return wholeA.length < wholeB.length ? -1 : 1;
  if (wholeA !== wholeB) return wholeA < wholeB ? -1 : 1;
  const width = Math.max(fracA.length, fracB.length);
  const paddedA = fracA.padEnd(width, '0');
  const paddedB = fracB.padEnd(width, '0');
  return paddedA < paddedB ? -1 : paddedA > paddedB ? 1 : 0;
}

/**
 * Orders strings by Unicode code point, which is the byte order of UTF-8 and so of COLLATE "C".
 * JavaScript's `<` compares UTF-16 units and would put U+FFFD before an emoji.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) return codePointRank(x) - codePointRank(y);
    return x - y;
  }
  return a.length - b.length;
}

/** Surrogates (astral code points) rank above every other BMP unit from U+D800 up. */
function codePointRank(unit: number): number {
  return unit >= 0xd800 && unit <= 0xdfff ? unit + 0x10000 : unit;
}
