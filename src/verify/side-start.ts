import { readDatabaseFacts } from '../catalog/database-facts.js';
import {
  agreedHashFunctions,
  readServerHashes,
  type HashFunctions,
  type ServerHashes,
} from '../catalog/hash-functions.js';
import type { SideSession } from '../connect/session.js';
import type { DatabaseFacts, Side } from '../summary.js';

/** What a run reads of one side before its first table. */
export interface SideStart {
  /** How the server hashes each type; undefined when the run hashes nothing. */
  readonly hashes?: ServerHashes;
  /** The database's encoding, locale and extensions; undefined when the run compares no structure. */
  readonly facts?: DatabaseFacts;
}

/**
 * Reads a side's hash functions and its database's facts, one after the other on one connection, right after
 * the catalog: the side's other connections are not started for them (the first table takes this one), and
 * only one rollback of the work savepoint follows both.
 */
export function readSideStart(session: SideSession, wanted: { hashes: boolean; facts: boolean }): Promise<SideStart> {
  return session.withClient(async (client) => ({
    ...(wanted.hashes ? { hashes: await readServerHashes(client) } : {}),
    ...(wanted.facts ? { facts: await readDatabaseFacts(client) } : {}),
  }));
}

/**
 * Native hashes are several times cheaper than hashing text but only comparable where both servers compute
 * them alike: each server names its hash function per type, both hash probe values of each type, and the
 * types whose hashes agree are hashed natively (the others as canonical text). Exact mode hashes nothing, nor
 * does --structure-only, which reads no row: no side's hashes are read then, and none is native.
 */
export function nativeHashFunctions(
  source: ServerHashes | undefined,
  target: ServerHashes | undefined,
): Record<Side, HashFunctions> {
  if (source === undefined || target === undefined) return { source: new Map(), target: new Map() };
  return agreedHashFunctions(source, target);
}
