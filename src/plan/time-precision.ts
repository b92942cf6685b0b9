import { UsageError } from '../errors.js';

/** The precisions --time-precision accepts, with the unit date_trunc truncates to for each. */
export const TIME_UNITS = { ms: 'milliseconds', s: 'second', min: 'minute', h: 'hour' } as const;

/** A precision timestamps and times can be compared at. */
export type TimeUnit = keyof typeof TIME_UNITS;

/** Column types --time-precision applies to. */
export const TIME_PRECISION_TYPES: ReadonlySet<string> = new Set(['timestamp', 'timestamptz', 'time']);

/** A precision from a flag or config value; anything else is a UsageError naming `entry`. */
export function parseTimeUnit(entry: string, value: unknown): TimeUnit {
  if (typeof value === 'string' && Object.hasOwn(TIME_UNITS, value)) return value as TimeUnit;
  throw new UsageError(
    `--time-precision ${entry} must be ${Object.keys(TIME_UNITS).join(', ')}, not ${JSON.stringify(value)}`,
  );
}

/**
 * SQL reading a timestamp, timestamptz or time column truncated to `unit` on both sides: two values within the
 * same millisecond (second, ...) are then the same value, in both modes alike. Sessions run in UTC
 * (connect/session.ts), so a timestamptz is truncated in UTC. A time is truncated as a time of 2000-01-01;
 * 24:00:00, which that would turn into 00:00:00, stays as it is.
 */
export function truncatedTimeSql(baseType: string, ref: string, unit: TimeUnit): string {
  const truncate = (value: string) => `date_trunc('${TIME_UNITS[unit]}', ${value})`;
  if (baseType !== 'time') return truncate(ref);
  return `(CASE WHEN ${ref} = TIME '24:00' THEN ${ref} ELSE ${truncate(`DATE '2000-01-01' + ${ref}`)}::time END)`;
}
