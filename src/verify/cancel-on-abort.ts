import type { SideSession } from '../connect/session.js';
import type { Side } from '../summary.js';

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
