import { openSide, type SessionLimits, type SideSession } from '../connect/session.js';
import type { Side } from '../summary.js';
import type { TenantRows } from '../compare/whole-checksums.js';
import type { FleetCatalog } from './fleet-catalog.js';

/**
 * The sessions of a forEach fan-out. Every run of it opens its sides through this, so the whole fleet is read
 * in one snapshot per side: every store at the same instant, which is also the strongest evidence a nightly
 * report can give. What every run reads alike in that snapshot (the template's catalog, the hash probes) is
 * read once. The fan-out closes them when its last run is done.
 */
export class SharedSessions {
  private readonly opened = new Map<string, Promise<SideSession>>();
  private readonly memos = new Map<string, Promise<unknown>>();

  /**
   * `catalog`: the fan-out's schemas, read a part at a time for all its runs. `connections` per side: as many
   * as the runs it runs at once (each run's own check is one connection per side), so that none waits for another.
   */
  constructor(
    readonly catalog: FleetCatalog,
    private readonly connections: number,
    /** The fan-out's tenants, whose rows share the source's tables (each run's source filter names one). */
    readonly tenantRows: Omit<TenantRows, 'type'>,
  ) {}

  /** One side's sessions for this URL: opened by the first run that asks, reused by the others. */
  open(side: Side, url: string, limits: SessionLimits): Promise<SideSession> {
    const key = JSON.stringify([side, url, limits.lockTimeout, limits.statementTimeout]);
    let session = this.opened.get(key);
    if (session === undefined) {
      session = openSide(side, url, this.connections, limits);
      this.opened.set(key, session);
    }
    return session;
  }

  /** `work`'s result for `key`, computed once for every run: only for what the shared snapshot fixes. */
  memo<T>(key: string, work: () => Promise<T>): Promise<T> {
    let result = this.memos.get(key) as Promise<T> | undefined;
    if (result === undefined) {
      result = work();
      this.memos.set(key, result);
    }
    return result;
  }

  /** Closes every session opened; a side that never opened has nothing to close. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.opened.values()].map(async (opening) => (await opening).close()));
  }
}
