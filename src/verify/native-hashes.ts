import { agreedHashFunctions, readServerHashes, type HashFunctions } from '../catalog/hash-functions.js';
import type { SideSession } from '../connect/session.js';
import type { Side } from '../summary.js';
import { onBothSides } from './both-sides.js';

/**
 * Native hashes are several times cheaper than hashing text but only comparable where both servers compute
 * them alike: each server names its hash function per type, both hash probe values of each type, and the
 * types whose hashes agree are hashed natively (the others as canonical text). Exact mode hashes nothing, nor
 * does --structure-only, which reads no row: `hashed` is false then.
 */
export async function nativeHashFunctions(
  sessions: Record<Side, SideSession>,
  hashed: boolean,
): Promise<Record<Side, HashFunctions>> {
  if (!hashed) return { source: new Map(), target: new Map() };
  const { source, target } = await onBothSides(readServerHashes(sessions.source), readServerHashes(sessions.target));
  return agreedHashFunctions(source, target);
}
