import { openSide, type SideSession } from '../connect/session.js';
import type { Side } from '../summary.js';
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

/** Opens both sides (from the fan-out's shared sessions when given); `onConnected` learns which servers were reached. */
export async function openBothSides(
  options: ResolvedOptions,
  shared: SharedSessions | undefined,
  onConnected?: (servers: Servers) => void,
): Promise<Record<Side, SideSession>> {
  const open = (side: Side, url: string) =>
    shared === undefined ? openSide(side, url, options.jobs, options) : shared.open(side, url, options.jobs, options);
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
