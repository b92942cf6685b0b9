import { awaitApplied, sourcePosition, subscriptionOf } from '../connect/replication.js';
import { openSide, type SideSession } from '../connect/session.js';
import type { ReplicationPositions, Side } from '../summary.js';
import { onBothSides } from './both-sides.js';
import type { ResolvedOptions } from './options.js';
import type { Servers } from './run-facts.js';
import type { SharedSessions } from './shared-sessions.js';

/** On abort, cancels the queries both sides are running; the run then winds down and reports what it has. */
export function cancelOnAbort(signal: AbortSignal | undefined, sessions: Record<Side, SideSession>) {
  const state = { interrupted: signal?.aborted === true, dispose: () => undefined as void };
  if (signal === undefined) return state;
  const onAbort = () => {
    state.interrupted = true;
    void Promise.all([sessions.source.cancelAll(), sessions.target.cancelAll()]);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  state.dispose = () => signal.removeEventListener('abort', onAbort);
  return state;
}

/**
 * Opens both sides (from the fan-out's shared sessions when given); `onConnected` learns which servers were reached.
 * With --recheck-after, a target that subscribes to the source (logical replication) gets its snapshot only once
 * it has applied the source's, or after recheckAfter seconds: `onReplication` learns both positions.
 */
export async function openBothSides(
  options: ResolvedOptions,
  shared: SharedSessions | undefined,
  onConnected?: (servers: Servers) => void,
  onReplication?: (positions: ReplicationPositions) => void,
): Promise<Record<Side, SideSession>> {
  if (options.recheckAfter > 0 && shared === undefined && onReplication !== undefined)
    return openAfterSubscriber(options, onConnected, onReplication);
  const open = (side: Side, url: string) =>
    shared === undefined ? openSide(side, url, options.jobs, options) : shared.open(side, url, options);
  const source = open('source', options.source);
  const target = open('target', options.target);
  const serverOf = (opening: Promise<SideSession>) =>
    opening.then(
      (session) => session.server,
      () => null,
    );
  const [sourceServer, targetServer] = await Promise.all([serverOf(source), serverOf(target)]);
  onConnected?.({ source: sourceServer, target: targetServer });
  // Shared sessions belong to the fan-out, which closes them; a run's own are closed when the other side fails.
  return onBothSides(source, target, shared === undefined ? (session) => session.close() : undefined);
}

/** The source first; then, when the target subscribes to it, the wait for the subscriber; then the target. */
async function openAfterSubscriber(
  options: ResolvedOptions,
  onConnected: ((servers: Servers) => void) | undefined,
  onReplication: (positions: ReplicationPositions) => void,
): Promise<Record<Side, SideSession>> {
  let source: SideSession;
  try {
    source = await openSide('source', options.source, options.jobs, options);
  } catch (error) {
    onConnected?.({ source: null, target: null });
    throw error;
  }
  try {
    const position = await sourcePosition(source);
    if (position.slots.length > 0) {
      const probe = await openSide('target', options.target, 1, options);
      const subscription = await subscriptionOf(probe, position.slots).finally(() => probe.close());
      if (subscription !== undefined)
        onReplication(
          await awaitApplied(source, subscription, position.lsn, {
            seconds: options.recheckAfter,
            signal: options.signal,
          }),
        );
    }
    const target = await openSide('target', options.target, options.jobs, options).catch((error: unknown) => {
      onConnected?.({ source: source.server, target: null });
      throw error;
    });
    onConnected?.({ source: source.server, target: target.server });
    return { source, target };
  } catch (error) {
    await source.close();
    throw error;
  }
}
