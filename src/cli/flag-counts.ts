import { UsageError } from '../errors.js';

/** The flags yargs collects into a list (`array: true`, all of them `check`'s): each value given counts. */
export const REPEATABLE_FLAGS: ReadonlySet<string> = new Set([
  'tenant',
  'link',
  'map-table',
  'map-column',
  'ignore-columns',
  'tolerance',
  'time-precision',
]);

/**
 * Refuses a flag given twice (`--source A --source B`, often a wrapper script adding one the user typed): yargs
 * would pass both values on as a list, which no other flag takes. A repeatable flag given without a value
 * (`--tenant` alone) is refused too: it would silently check nothing.
 */
export function assertFlagsGivenOnce(argv: Readonly<Record<string, unknown>>): void {
  for (const [key, value] of Object.entries(argv)) {
    // yargs adds a camelCase copy of every kebab-case flag: each is looked at once, under the name typed.
    if (key === '_' || key === '$0' || /[A-Z]/.test(key)) continue;
    if (REPEATABLE_FLAGS.has(key)) {
      if (Array.isArray(value) && value.length === 0) throw new UsageError(`--${key} needs a value`);
    } else if (Array.isArray(value)) {
      throw new UsageError(`--${key} was given ${value.length} times; give it once`);
    }
  }
}
