import type { Side } from '../summary.js';
import type { SideClient, SideClients, SideSession } from './session.js';

/** A side's connection, taken from its session when a statement first needs one. */
export type ClientOnDemand = () => Promise<SideClient>;

/** Each side's connection on demand, and both at once. */
export interface ClientsOnDemand extends Readonly<Record<Side, ClientOnDemand>> {
  readonly both: () => Promise<SideClients>;
}

/**
 * Runs `work` with each side's connection taken from its session only when the work first asks for it, and given
 * back when the work ends (rolled back to its savepoint when it sent anything, see SideSession.withClient). A
 * table settled by checksums read with other tables' then holds no connection, and makes its side open none.
 * Every work takes the source's before the target's, or the target's alone: one holding a target connection
 * while it waits for a source one could wait forever on another holding the reverse. A work that asks for the
 * source after the target, or for either after it ended, fails.
 */
export async function withClientsOnDemand<T>(
  sessions: Readonly<Record<Side, SideSession>>,
  work: (clients: ClientsOnDemand) => Promise<T>,
): Promise<T> {
  const target = onDemand(sessions.target);
  const source = onDemand(sessions.source, () => {
    if (target.taken()) throw new Error("a work asked for the source's connection after the target's");
  });
  try {
    return await work({
      source: source.client,
      target: target.client,
      both: async () => ({ source: await source.client(), target: await target.client() }),
    });
  } finally {
    await Promise.all([source.giveBack(), target.giveBack()]);
  }
}

/** Runs `work` with a connection of each side's session, both taken before it starts. */
export function withBothClients<T>(
  sessions: Readonly<Record<Side, SideSession>>,
  work: (clients: SideClients) => Promise<T>,
): Promise<T> {
  return withClientsOnDemand(sessions, async (clients) => work(await clients.both()));
}

function onDemand(
  session: SideSession,
  before: () => void = () => undefined,
): { client: ClientOnDemand; taken: () => boolean; giveBack: () => Promise<void> } {
  let taken: Promise<SideClient> | undefined;
  let ended = false;
  let finish = (): void => undefined;
  let given: Promise<void> = Promise.resolve();
  const take = (): Promise<SideClient> => {
    before();
    return new Promise<SideClient>((resolve) => {
      const finished = new Promise<void>((end) => (finish = end));
      given = session.withClient(async (client) => {
        resolve(client);
        await finished;
      });
    });
  };
  return {
    client: async () => {
      if (ended) throw new Error(`the ${session.side}'s connection was asked for after its work ended`);
      return (taken ??= take());
    },
    taken: () => taken !== undefined,
    giveBack: () => {
      ended = true;
      finish();
      return given;
    },
  };
}
