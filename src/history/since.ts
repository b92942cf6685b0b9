import { UsageError } from '../errors.js';

const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/** The default period of `pgverify history`. */
export const DEFAULT_SINCE = '30d';

/**
 * The start of the period `--since` names: an age (`12h`, `30d`, `8w`) counted back from `now`, or a date or
 * time (`2026-11-01`, `2026-11-01T06:00:00Z`). Anything else is a UsageError quoting the value as typed.
 */
export function parseSince(value: string, now: Date): Date {
  const text = value.trim();
  const age = /^(\d+)\s*([hdw])$/i.exec(text);
  if (age !== null) {
    const unit = age[2]!.toLowerCase() as keyof typeof UNIT_MS;
    return new Date(now.getTime() - Number(age[1]) * UNIT_MS[unit]);
  }
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    const date = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new UsageError(`--since must be an age such as 30d, 12h or 8w, or a date such as 2026-11-01, not "${value}"`);
}
