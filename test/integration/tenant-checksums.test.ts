import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readServerHashes } from '../../src/catalog/hash-functions.js';
import type { Table } from '../../src/catalog/types.js';
import { readTenantChecksums, readWholeChecksums } from '../../src/compare/whole-checksums.js';
import { openSide, type SideSession } from '../../src/connect/session.js';
import { planTable } from '../../src/plan/table-plan.js';
import { tenantRoutes } from '../../src/plan/tenant-route.js';
import { readSchemaTables } from '../support/catalog.js';
import { runSql } from '../support/databases.js';
import { edgeAndCrossVersions } from '../support/servers.js';
import { useTestPair } from '../support/test-pair.js';

// A shared table of three stores' rows, and a citext one whose tenant codes match whatever their case.
const SOURCE = `
  CREATE EXTENSION citext;
  CREATE TABLE orders (id int PRIMARY KEY, store_id int NOT NULL, total numeric(12, 2), note text);
  INSERT INTO orders SELECT g, 1 + g % 3, g * 1.5, CASE WHEN g % 7 = 0 THEN NULL ELSE 'n' || g END FROM generate_series(1, 300) g;
  CREATE TABLE tags (id int PRIMARY KEY, store_code citext NOT NULL);
  INSERT INTO tags SELECT g, (ARRAY['North', 'south'])[1 + g % 2] FROM generate_series(1, 50) g;
  -- Child tables without store_id: lines reach it through orders, notes through lines (a composite, nullable key).
  CREATE TABLE order_lines (order_id int NOT NULL REFERENCES orders, line_no int NOT NULL, qty int,
                            PRIMARY KEY (order_id, line_no));
  INSERT INTO order_lines SELECT o, l, o * l FROM generate_series(1, 300) o, generate_series(1, 3) l WHERE o % 5 <> l;
  CREATE TABLE line_notes (id int PRIMARY KEY, order_id int, line_no int, body text,
                           FOREIGN KEY (order_id, line_no) REFERENCES order_lines);
  INSERT INTO line_notes SELECT g, CASE WHEN g % 11 = 0 THEN NULL ELSE 1 + g % 300 END, 3, 'note ' || g
    FROM generate_series(1, 200) g WHERE (1 + g % 300) % 5 <> 3;`;

const EDGES = edgeAndCrossVersions().filter((servers) => servers.source === servers.target);

describe.each(EDGES)("a fan-out's shared table checksummed for every tenant at once, PostgreSQL $label", (servers) => {
  const files = useTestPair('tenant_checksums', (pair) => runSql(pair.sourceUrl, SOURCE), servers);
  let session: SideSession;
  let tables: Map<string, Table>;
  beforeAll(async () => {
    session = await openSide('source', files.pair.sourceUrl, 1, { lockTimeout: 5, statementTimeout: 0 });
    tables = new Map(
      (await session.withClient((client) => readSchemaTables(client, 'public'))).map((table) => [table.name, table]),
    );
  });
  afterAll(async () => {
    await session?.close();
  });

  /** The plan of `table` for one tenant's run: its filter is the run's `<column> = '<tenant>'`. */
  const planOf = async (table: string, where: string | undefined) => {
    const { functions } = await session.withClient(readServerHashes);
    const side = { where, hashFunctions: functions };
    return planTable(tables.get(table)!, tables.get(table)!, { source: side, target: side });
  };

  it.each([
    ['orders', 'store_id', 'int', ['1', '2', '3', '03', '9'], undefined],
    ['orders', 'store_id', 'int', ['1', '2'], 'total > 100'],
    ['tags', 'store_code', 'citext', ['north', 'SOUTH', 'east'], undefined],
  ])(
    '%s by %s: each tenant gets the checksum its own filtered read gives (tenants %j, filter %s)',
    async (table, column, type, tenants, where) => {
      const grouped = await readTenantChecksums(await planOf(table, where), session, {
        column,
        type,
        where,
        tenants,
      });
      for (const tenant of tenants) {
        const condition = `${column} = '${tenant}'`;
        const alone = await planOf(table, where === undefined ? condition : `(${where}) AND ${condition}`);
        const [read] = (await readWholeChecksums([alone], session)).values();
        expect(grouped.get(tenant), `tenant ${tenant}`).toEqual(read);
      }
      // A tenant without rows has an empty checksum; '03' is store 3 as the run's filter reads it.
      if (table === 'orders' && where === undefined) {
        expect(grouped.get('9')).toEqual(new Map());
        expect(grouped.get('03')).toEqual(grouped.get('3'));
        expect(grouped.get('1')?.get(0)?.rows).toBe(100);
      }
    },
  );

  it.each([
    ['order_lines', undefined],
    ['line_notes', undefined],
    ['line_notes', 'total > 100'],
  ])(
    '%s, through its foreign keys: each tenant gets the checksum its routed filter gives (filter %s)',
    async (table, where) => {
      const tenants = ['1', '2', '3', '9'];
      const routeFor = (filter: string) => tenantRoutes([...tables.values()], 'store_id', filter).get(table)!;
      const route = routeFor('true');
      const grouped = await readTenantChecksums(await planOf(table, route.where), session, {
        column: 'store_id',
        type: route.tenantType,
        where,
        tenants,
        route,
      });
      for (const tenant of tenants) {
        const condition = `store_id = '${tenant}'`;
        const alone = await planOf(
          table,
          routeFor(where === undefined ? condition : `(${where}) AND ${condition}`).where,
        );
        const [read] = (await readWholeChecksums([alone], session)).values();
        expect(grouped.get(tenant), `tenant ${tenant}`).toEqual(read);
      }
      expect(grouped.get('9')).toEqual(new Map());
      expect(grouped.get('1')?.get(0)?.rows).toBeGreaterThan(0);
    },
  );
});
