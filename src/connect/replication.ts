import { setTimeout as delay } from 'node:timers/promises';
import type { ReplicationPositions } from '../summary.js';
import type { SideSession } from './session.js';

/** Between two looks at the slot: the subscriber reports its position about this often when busy. */
const POLL_MS = 100;

/** The source's WAL position in its snapshot and the logical replication slots of its database. */
export async function sourcePosition(source: SideSession): Promise<{ lsn: string; slots: string[] }> {
  return source.withClient(async (client) => {
    const result = await client.query<{ lsn: string; slots: string[] }>({
      text: `SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text AS lsn,
        coalesce((SELECT array_agg(slot_name::text ORDER BY slot_name) FROM pg_replication_slots
          WHERE slot_type = 'logical' AND database = current_database()), '{}') AS slots`,
      queryMode: 'extended',
    });
    return result.rows[0]!;
  });
}

/**
 * The target's subscription whose slot is one of `slots` (the source's), if any; a disabled one too: the wait
 * is bounded, and its position then says how far behind it is.
 */
export async function subscriptionOf(
  target: SideSession,
  slots: readonly string[],
): Promise<{ name: string; slot: string } | undefined> {
  if (slots.length === 0) return undefined;
  return target.withClient(async (client) => {
    const result = await client.query<{ name: string; slot: string }>({
      text: `SELECT subname::text AS name, subslotname::text AS slot FROM pg_subscription
        WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND subslotname::text = ANY ($1::text[]) ORDER BY subname LIMIT 1`,
      values: [slots],
      queryMode: 'extended',
    });
    return result.rows[0];
  });
}

/**
 * Waits until the source's slot of `subscription` says its subscriber applied everything up to `lsn`, at most `seconds`
 * (or until `signal` aborts). pg_replication_slots is read live, whatever the session's snapshot. The wait keeps
 * one connection: nothing else reads the source before it ends, each look is then one statement (no rollback of
 * the work's savepoint between two), and the connection shows the look as its query all along (pg_stat_activity).
 */
export function awaitApplied(
  source: SideSession,
  subscription: { readonly name: string; readonly slot: string },
  lsn: string,
  bounds: { readonly seconds: number; readonly signal: AbortSignal | undefined },
): Promise<ReplicationPositions> {
  return source.withClient(async (client) => {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    for (;;) {
      const result = await client.query<{ applied: string | null; done: boolean | null }>({
        text: `SELECT confirmed_flush_lsn::text AS applied, confirmed_flush_lsn >= $2::pg_lsn AS done
          FROM pg_replication_slots WHERE slot_name = $1`,
        values: [subscription.slot, lsn],
        queryMode: 'extended',
      });
      const state = result.rows[0] ?? { applied: null, done: false };
      const caughtUp = state.done === true;
      if (caughtUp || elapsed() >= bounds.seconds * 1000 || bounds.signal?.aborted === true) {
        return {
          subscription: subscription.name,
          sourceLsn: lsn,
          appliedLsn: state.applied,
          caughtUp,
          waitedMs: elapsed(),
        };
      }
      try {
        await delay(POLL_MS, undefined, bounds.signal === undefined ? {} : { signal: bounds.signal });
      } catch {
        // Aborted: the next look returns what it finds.
      }
    }
  });
}
