import { listRelations } from '../../src/catalog/relations.js';
import { readCatalog } from '../../src/catalog/schema-catalog.js';
import type { Table } from '../../src/catalog/types.js';
import type { SideClient } from '../../src/connect/session.js';

/** The compared tables of `schema` as a run reads them (without their structure), on a client already held. */
export async function readSchemaTables(client: SideClient, schema: string): Promise<Table[]> {
  const relations = (await listRelations(client, [schema])).get(schema)!;
  const read = await readCatalog(client, relations, { structure: false, sequenceStates: true });
  return [...read.tables.values()].filter((table) => table.materialized !== true);
}
