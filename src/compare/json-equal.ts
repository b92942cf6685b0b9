/**
 * Whether two jsonb texts, as PostgreSQL prints them, hold equal documents. jsonb prints keys in one order
 * and with one spacing, so the only way equal documents print differently is the scale of a number
 * (`1.0` and `1.00`, equal for jsonb's `=`, its hash and fast mode's row hash). Numbers are brought to one
 * scale outside string literals and the texts compared.
 */
export function sameJsonb(left: string, right: string): boolean {
  return trimNumbers(left) === trimNumbers(right);
}

const NUMBER_OR_STRING = /"(?:[^"\\]|\\.)*"|-?\d+\.\d+/g;

/** Drops trailing fractional zeros (and a bare point) from every number that is not inside a string. */
function trimNumbers(text: string): string {
  return text.replace(NUMBER_OR_STRING, (token) => (token.startsWith('"') ? token : token.replace(/\.?0+$/, '')));
}
