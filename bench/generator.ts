import type pg from 'pg';

/** The benchmark's table, in the public schema of every benchmark database. */
export const TABLE = 'events';
/** The parent of events.tenant_id, so that the checks scenario has a foreign key to check. */
export const TENANTS_TABLE = 'tenants';
/** The tenant ids of the events (1 to 7) as the tenant check expects them. */
export const TENANT_IDS: readonly string[] = Array.from({ length: 7 }, (_, index) => tenantId(index + 1));

function tenantId(n: number): string {
  return `00000000-0000-0000-0000-${n.toString(16).padStart(12, '0')}`;
}

/**
 * The shape of fixtures/large (bigint key, uuid tenant, text, jsonb, timestamptz), widened to about 300 bytes
 * a row on disk so that 2,000,000 rows make the 600 MB table. Every value is a function of the id.
 * The key is added after the load: building the index once is faster than maintaining it row by row.
 * `tenants` holds every tenant id events use (and 0xff, which the 10-changes target moves a row to), with a
 * foreign key from events.tenant_id: the scenarios skip the checks, the checks scenario runs them.
 */
export async function generateEvents(client: pg.Client, rows: number): Promise<void> {
  await client.query(`CREATE TABLE ${TABLE} (
    id bigint NOT NULL,
    tenant_id uuid NOT NULL,
    kind text NOT NULL,
    body text NOT NULL,
    payload jsonb NOT NULL,
    created_at timestamptz NOT NULL
  )`);
  await client.query({
    text: `INSERT INTO ${TABLE} (id, tenant_id, kind, body, payload, created_at)
      SELECT g,
        ('00000000-0000-0000-0000-' || lpad(to_hex(1 + g % 7), 12, '0'))::uuid,
        (ARRAY['order.created', 'order.paid', 'message.in', 'message.out', 'cart.updated'])[1 + g % 5],
        'event ' || g || ' for tenant ' || (1 + g % 7) || ': ' || md5(g::text),
        jsonb_build_object('seq', g, 'amount', round(g * 1.37, 2), 'tags', jsonb_build_array('t' || g % 11, 't' || g % 13),
          'customer', jsonb_build_object('name', 'customer ' || g % 100003, 'email', 'customer' || g % 100003 || '@example.com')),
        timestamptz '2025-01-01 00:00:00+00' + g * interval '1.000001 seconds'
      FROM generate_series(1, $1::int8) AS g`,
    values: [rows],
  });
  await client.query("SET maintenance_work_mem = '256MB'");
  await client.query(`ALTER TABLE ${TABLE} ADD PRIMARY KEY (id)`);
  await client.query(`CREATE TABLE ${TENANTS_TABLE} (id uuid PRIMARY KEY, name text NOT NULL)`);
  await client.query({
    text: `INSERT INTO ${TENANTS_TABLE} SELECT id, 'tenant ' || ordinality FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id)`,
    values: [[...TENANT_IDS, tenantId(0xff)]],
  });
  await client.query(`ALTER TABLE ${TABLE} ADD FOREIGN KEY (tenant_id) REFERENCES ${TENANTS_TABLE} (id)`);
  // Sets hint bits and the visibility map now, so that no measured scan pays for them; fresh statistics too.
  await client.query(`VACUUM (ANALYZE) ${TABLE}, ${TENANTS_TABLE}`);
}

/** Bytes per row of the table's heap (without its index), to check the size the issue asks for. */
export async function heapBytesPerRow(client: pg.Client): Promise<number> {
  // reltuples is exact after the load's VACUUM, and reading it does not scan (and warm) the table.
  const result = await client.query<{ bytes: string; rows: string }>(
    `SELECT pg_table_size(oid) AS bytes, reltuples AS rows FROM pg_class WHERE oid = '${TABLE}'::regclass`,
  );
  const { bytes, rows } = result.rows[0]!;
  return Number(bytes) / Math.max(Number(rows), 1);
}
