import type { SideClient } from '../connect/session.js';
import { HASH_FUNCTION_TYPES, HASH_FUNCTIONS_SQL, hashProbeSql, type HashFunctions } from '../plan/row-hash.js';

/** One server's hash function per common type, and its hashes of the probe values (see plan/row-hash.ts). */
export interface ServerHashes {
  readonly functions: HashFunctions;
  readonly probe: readonly string[];
}

/** Reads which function this server hashes each common type with, and hashes the probe value of each. */
export async function readServerHashes(client: SideClient): Promise<ServerHashes> {
  const rows = (await client.query<{ type: string; function: string }>({ text: HASH_FUNCTIONS_SQL, values: [HASH_FUNCTION_TYPES] })).rows;
  const functions: HashFunctions = new Map(rows.map((row) => [row.type, row.function]));
  const probe = functions.size === 0 ? [] : (await client.query<{ probe: string[] }>(hashProbeSql(functions))).rows[0]!.probe;
  return { functions, probe };
}
