import type { Summary } from '../summary.js';

/** A run's or a table's value rules as they are written in every report. */
type ValueRules = Pick<Summary, 'tolerances' | 'timePrecision'>;

/** `amount=0.01, price=0.5`: the rules of one kind as the flags spell them; '' when none. */
export function assignmentsText(rules: Readonly<Record<string, string>> | undefined): string {
  return Object.entries(rules ?? {})
    .map(([column, value]) => `${column}=${value}`)
    .join(', ');
}

/**
 * What a run tolerated, in words: `orders.amount within 0.01; events.created_at at ms`; '' when nothing. The
 * terminal, report.html and the JUnit file say it, so that nobody reads a pass as exact equality.
 */
export function valueRulesText(rules: ValueRules): string {
  return [
    ...Object.entries(rules.tolerances ?? {}).map(([column, value]) => `${column} within ${value}`),
    ...Object.entries(rules.timePrecision ?? {}).map(([column, unit]) => `${column} at ${unit}`),
  ].join('; ');
}
