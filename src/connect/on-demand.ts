import type { Side } from '../summary.js';
import type { SideClient, SideClients, SideSession } from './session.js';

/** A side's connection, taken from its session when a statement first needs one. */
export type ClientOnDemand = () => Promise<SideClient>;

/** Each side's connection on demand, and both at once (the source's taken first, as every work takes them). */
export interface ClientsOnDemand extends Readonly<Record<Side, ClientOnDemand>> {
  readonly both: () => Promise<SideClients>;
}

/**
 * Runs `work` with each side's connection taken from its session only when the work first asks for it, and given
 * back when the work ends (rolled back to its savepoint when it sent anything, see SideSession.withClient). A
 * table settled by checksums read with other tables' then holds no connection, and makes its side open none.
 */
export async function withClientsOnDemand<T>(
  sessions: Readonly<Record<Side, SideSession>>,
  work: (clients: ClientsOnDemand) => Promise<T>,
): Promise<T> {
  const source = onDemand(sessions.source);
  const target = onDemand(sessions.target);
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

function onDemand(session: SideSession): { client: ClientOnDemand; giveBack: () => Promise<void> } {
  let taken: Promise<SideClient> | undefined;
  let finish = (): void => undefined;
  let given: Promise<void> = Promise.resolve();
  return {
    client: () =>
      (taken ??= new Promise<SideClient>((resolve) => {
        const finished = new Promise<void>((end) => (finish = end));
        given = session.withClient(async (client) => {
          resolve(client);
          await finished;
        });
      })),
    giveBack: () => {
      finish();
      return given;
    },
  };
}
