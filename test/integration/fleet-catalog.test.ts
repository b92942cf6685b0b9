import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSide, type SideSession } from '../../src/connect/session.js';
import { FleetCatalog } from '../../src/verify/fleet-catalog.js';
import { readSchemaCatalog } from '../../src/verify/side-catalog.js';
import { runSql } from '../support/databases.js';
import { edgeAndCrossVersions } from '../support/servers.js';
import { useTestPair } from '../support/test-pair.js';

// Store schemas built alike, each with a table referencing another by a name of its own schema, a serial
// default, an index, a trigger and a view: every definition a fan-out's read prints relative to each schema.
const STORE = `
  CREATE TABLE customers (id serial PRIMARY KEY, phone varchar(32) NOT NULL);
  CREATE INDEX customers_phone_idx ON customers (phone);
  CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
  CREATE TABLE orders (id serial PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers (id),
                       total numeric(12, 2) NOT NULL CHECK (total >= 0));
  CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();
  CREATE VIEW big_orders AS SELECT o.id, c.phone FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.total > 100;`;
const SCHEMAS = ['s1', 's2', 's3', 's4', 's5', 's6'];
const PARTS = { structure: true, sequenceStates: true };
const LIMITS = { lockTimeout: 60, statementTimeout: 0 };

const EDGES = edgeAndCrossVersions().filter((servers) => servers.source === servers.target);

describe.each(EDGES)("a fan-out's catalog read a part at a time, PostgreSQL $label", (servers) => {
  const files = useTestPair(
    'fleet_catalog',
    (pair) =>
      runSql(
        pair.targetUrl,
        SCHEMAS.map((schema) => `CREATE SCHEMA ${schema}; SET search_path = ${schema}; ${STORE}`).join('\n') +
          '\nDROP INDEX s5.customers_phone_idx; ALTER TABLE s2.customers ALTER COLUMN phone DROP NOT NULL;',
      ),
    servers,
  );
  let session: SideSession;
  beforeAll(async () => {
    session = await openSide('target', files.pair.targetUrl, 2, LIMITS);
  });
  afterAll(async () => {
    await session?.close();
  });

  it("gives every store the catalog it would read alone, whatever the parts' size", async () => {
    // Each schema has three relations: parts of three hold one store, of seven two, of a thousand all six.
    // Parts of one size, and parts growing as a fan-out's do (the last size repeating).
    for (const relationsPerRead of [[3], [7], [1000], [3, 6, 1000]]) {
      const fleet = new FleetCatalog({ source: [], target: SCHEMAS }, PARTS, relationsPerRead);
      for (const schema of SCHEMAS) {
        const alone = await readSchemaCatalog(session, schema, PARTS);
        expect(await fleet.schema(session, schema), `${schema}, parts of ${relationsPerRead.join(', ')}`).toEqual(
          alone,
        );
      }
    }
    const alone = await readSchemaCatalog(session, 's5', PARTS);
    // The definitions are each schema's own, unqualified: s5 lost its index, and its view reads its own tables.
    expect(alone.structure?.tables.get('customers')?.indexes.map((index) => index.name)).toEqual(['customers_pkey']);
    expect(alone.objects?.find((object) => object.name === 'big_orders')?.definition).toMatch(/FROM \(orders o/);
    expect(alone.tables.find((table) => table.name === 'orders')?.sequences[0]).toMatchObject({
      schema: 's5',
      name: 'orders_id_seq',
    });
  });

  it('serves the stores in any order, two at a time, and leaves a schema it does not know to its run', async () => {
    const fleet = new FleetCatalog({ source: [], target: [...SCHEMAS, 'absent'] }, PARTS, [4]);
    const order = ['s4', 's1', 's6', 's2', 's5', 's3'];
    const served = await Promise.all(order.map((schema) => fleet.schema(session, schema)));
    for (const [index, schema] of order.entries())
      expect(served[index], schema).toEqual(await readSchemaCatalog(session, schema, PARTS));
    expect(await fleet.schema(session, 'absent')).toBeUndefined();
    expect(await fleet.schema(session, 'not_in_the_fan_out')).toBeUndefined();
  });

  it('reads each part once, whichever run asks first, and reads no part again once its runs took it', async () => {
    // One store a part: six parts. Counting the session's units of work: the listing, then one per part read.
    let units = 0;
    const counted: SideSession = {
      ...session,
      withClient: (work) => {
        units++;
        return session.withClient(work);
      },
    };
    const fleet = new FleetCatalog({ source: [], target: SCHEMAS }, PARTS, [3]);
    const served = await Promise.all([...SCHEMAS].reverse().map((schema) => fleet.schema(counted, schema)));
    expect(served.every((catalog) => catalog !== undefined)).toBe(true);
    expect(units).toBe(1 + SCHEMAS.length);
  });

  it('does not wait for a store locked by a migration: the stores read with it are left to their runs', async () => {
    const migration = await files.pair.target.connect();
    try {
      await migration.query('BEGIN');
      await migration.query('LOCK TABLE s3.orders IN ACCESS EXCLUSIVE MODE');
      // Parts of six relations: s3 is read with s4; s1 and s2, s5 and s6 in parts of their own.
      const fleet = new FleetCatalog({ source: [], target: SCHEMAS }, PARTS, [6]);
      const served = new Map<string, unknown>();
      for (const schema of SCHEMAS) served.set(schema, await fleet.schema(session, schema));
      // Served while the lock is held: the run's own lock timeout (60 s) was not waited for.
      await migration.query('ROLLBACK');
      for (const schema of ['s1', 's2', 's5', 's6'])
        expect(served.get(schema), schema).toEqual(await readSchemaCatalog(session, schema, PARTS));
      // The deparse functions of PostgreSQL 16 and later lock each table: there, s3's part is left to its runs.
      for (const schema of ['s3', 's4']) {
        const alone = await readSchemaCatalog(session, schema, PARTS);
        expect([undefined, alone], schema).toContainEqual(served.get(schema));
        if (session.serverVersion >= 160000) expect(served.get(schema), schema).toBeUndefined();
      }
    } finally {
      await migration.query('ROLLBACK').catch(() => undefined);
      migration.release();
    }
  });
});
