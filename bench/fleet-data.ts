// The data of the fleet scenario (issue 14): seed 003 at the scale of its 89 remaining stores. One database,
// as in the seed: the shared schema `public` holds every store's rows (store_id, with an index on it), and
// each moved store has its own schema `store_<n>` with the target fixture's tables and that store's rows only.
import { readFile } from 'node:fs/promises';
import { buildDatabaseOnce, withClients } from './db.js';
import { storesOf, type FleetScenario } from './fleet.js';
import type { BenchServer } from './server.js';

const FIXTURE_SCHEMA = 'store_1751248005649';

/** Rows per store of each table: whatsapp_logs dominates, as in the seed's migration report. */
const PER_STORE: Readonly<Record<string, number>> = {
  products: 150,
  customers: 300,
  users: 5,
  orders: 300,
  order_items: 600,
  conversations: 100,
  messages: 1000,
  auto_responses: 30,
  store_settings: 1,
  whatsapp_settings: 2,
  notifications: 80,
  assignment_rules: 6,
  customer_history: 50,
  shopping_cart: 20,
  whatsapp_logs: 6000,
};

/** Each table's columns as SQL of `s` (the store), `i` (1..rows per store) and `g` (the global id). */
const COLUMNS: Readonly<Record<string, string>> = {
  products: `g, s, 'SKU-' || g, 'PRODUCTO ' || g, CASE WHEN i % 3 = 0 THEN NULL ELSE 'desc ' || i END, 100 + g * 1.25, i % 50, i % 7 <> 0, jsonb_build_object('n', i), ARRAY['t' || (i % 5)], timestamptz '2025-01-01 00:00:00+00' + g * interval '1 minute', NULL`,
  customers: `g, s, 'Cliente ' || g, CASE WHEN i % 4 = 0 THEN NULL ELSE 'c' || g || '@mail.cl' END, '+569' || lpad(g::text, 8, '0'), CASE WHEN i % 5 = 0 THEN NULL ELSE date '1980-01-01' + i END, i % 2 = 0, CASE WHEN i % 3 = 0 THEN NULL ELSE jsonb_build_object('origen', 'web') END, timestamptz '2025-02-01 00:00:00+00' + g * interval '37 seconds'`,
  users: `g, s, 'u' || g || '@store.cl', 'Usuario ' || g, CASE WHEN i = 1 THEN 'admin' ELSE 'agent' END, md5(g::text), NULL, true`,
  orders: `g, s, ${parent('customers')}, (ARRAY['pagado', 'enviado', 'entregado'])[1 + i % 3], 1000 + g * 0.5, 'CLP', CASE WHEN i % 2 = 0 THEN NULL ELSE jsonb_build_object('calle', 'Calle ' || i) END, timestamptz '2025-03-01 00:00:00+00' + g * interval '61 seconds', CASE WHEN i % 4 = 0 THEN date '2025-04-01' + i % 30 END`,
  order_items: `(s - 1) * ${PER_ORDERS()} + 1 + (i - 1) / 2, 1 + (i - 1) % 2, s, ${parent('products')}, 1 + i % 3, 990.00 + i, (i % 3) * 0.05`,
  conversations: `g, s, ${parent('customers')}, CASE WHEN i % 3 = 0 THEN NULL ELSE ${parent('users')} END, 'whatsapp', CASE WHEN i % 2 = 0 THEN 'abierta' ELSE 'cerrada' END, timestamptz '2025-05-01 00:00:00+00' + g * interval '7 minutes', NULL`,
  messages: `g, s, ${parent('conversations')}, CASE WHEN i % 2 = 0 THEN 'in' ELSE 'out' END, 'Mensaje ' || g, CASE WHEN i % 10 = 0 THEN NULL ELSE 'wamid.' || g END, i % 4 <> 0, timestamptz '2025-05-01 00:00:00+00' + g * interval '11 seconds'`,
  auto_responses: `g, s, 'palabra ' || i, 'Respuesta ' || g, CASE WHEN i % 5 = 0 THEN 'exact' ELSE 'contains' END, (i % 7)::smallint, i % 9 <> 0, timestamptz '2025-01-01 00:00:00+00' + g * interval '1 hour'`,
  store_settings: `g, s, 'TIENDA ' || s, 'America/Santiago', 'CLP', jsonb_build_object('lun-vie', '09:00-18:00'), decode(lpad(to_hex(s), 8, '0'), 'hex'), timestamptz '2025-06-01 00:00:00+00' + s * interval '1 day'`,
  whatsapp_settings: `g, s, '1048576' || lpad(g::text, 8, '0'), '+56 9 ' || lpad(g::text, 8, '0'), 'EAAG' || md5(g::text), 'verify-' || g, CASE WHEN i = 2 THEN NULL ELSE 'https://wa.example/' || s END, i = 1, timestamptz '2025-06-01 00:00:00+00' + g * interval '1 hour'`,
  notifications: `g, s, ${parent('users')}, (ARRAY['nuevo_pedido', 'mensaje', 'stock_bajo'])[1 + i % 3], jsonb_build_object('ref', g), CASE WHEN i % 2 = 0 THEN timestamptz '2025-07-01 00:00:00+00' + g * interval '1 minute' END, timestamptz '2025-06-30 00:00:00+00' + g * interval '1 minute'`,
  assignment_rules: `g, s, 'Regla ' || g, jsonb_build_object('palabras', jsonb_build_array('precio', i)), CASE WHEN i = 6 THEN NULL ELSE ${parent('users')} END, 100 - i * 10, i <> 5`,
  customer_history: `g, s, ${parent('customers')}, 'evento ' || i % 4, CASE WHEN i % 2 = 0 THEN NULL ELSE jsonb_build_object('i', i) END, timestamptz '2025-04-01 00:00:00+00' + g * interval '13 minutes'`,
  shopping_cart: `g, s, ${parent('customers')}, ${parent('products')}, 1 + i % 4, md5(g::text)::uuid, timestamptz '2025-07-01 00:00:00+00' + g * interval '5 minutes'`,
  whatsapp_logs: `g, s, CASE WHEN i % 3 = 0 THEN 'outbound' ELSE 'inbound' END, '+569' || lpad((g % 9973)::text, 8, '0'), CASE WHEN i % 50 = 0 THEN NULL ELSE 'Mensaje de log ' || g END, jsonb_build_object('type', (ARRAY['text', 'image', 'template'])[1 + i % 3], 'timestamp', 1750000000 + g), (ARRAY['sent', 'delivered', 'read', 'failed'])[1 + i % 4], CASE WHEN i % 4 = 3 THEN NULL ELSE (g::int8 * 7919) % 2500 END, CASE WHEN i % 4 = 3 THEN 'Error 131047' END, timestamptz '2025-06-20 00:00:00+00' + g * interval '61 seconds' + (g % 1000) * interval '1 microsecond'`,
};

function PER_ORDERS(): number {
  return PER_STORE.orders!;
}

/** The id of a row of `table` of the same store, spread over its rows by `i`. */
function parent(table: string): string {
  const rows = PER_STORE[table]!;
  return `(s - 1) * ${rows} + 1 + i % ${rows}`;
}

/** The fleet database's name for `stores` moved stores (the shared schema holds one store more, not moved). */
export const fleetDatabase = (stores: number) => `pgverify_bench_fleet_data_${stores}`;

/** Rows of the shared schema, all stores together. */
export function sharedRows(stores: number): number {
  return Object.values(PER_STORE).reduce((sum, rows) => sum + rows, 0) * (stores + 1);
}

/** Builds the fleet database once (later runs reuse it): the shared schema, then every store's schema. */
export async function ensureFleetData(server: BenchServer, stores: number, log: (line: string) => void): Promise<void> {
  const database = fleetDatabase(stores);
  const fixture = (side: string) => readFile(new URL(`../fixtures/store-move/${side}.sql`, import.meta.url), 'utf8');
  const sharedDdl = (await fixture('source')).split('-- Store 3')[0]!;
  const target = await fixture('target');
  const storeDdl = target.split('-- Store 4 rows')[0]!;
  // The fixture's last statement: every serial sequence of current_schema() continues after its column's highest
  // id, as in the live database. Run per schema: over a thousand schemas at once it takes more locks than a
  // transaction may hold.
  const sequencesSql = target.slice(target.lastIndexOf('DO $$'));
  const advanceSequences = (schema: string) => `SET search_path = ${schema}; ${sequencesSql} RESET search_path;`;
  await buildDatabaseOnce(server, database, async (client) => {
    log(
      `creating ${database}: ${sharedRows(stores).toLocaleString('en-US')} shared rows of ${stores + 1} stores, ${stores} store schemas`,
    );
    await client.query(sharedDdl);
    for (const [table, columns] of Object.entries(COLUMNS)) {
      const rows = PER_STORE[table]!;
      await client.query(
        `INSERT INTO public.${table} SELECT ${columns} FROM generate_series(1, ${stores + 1}) AS s, generate_series(1, ${rows}) AS i, LATERAL (SELECT (s - 1) * ${rows} + i AS g) AS ids`,
      );
      await client.query(`CREATE INDEX ON public.${table} (store_id)`);
    }
    await client.query(advanceSequences('public'));
    for (let store = 1; store <= stores; store++) {
      const schema = `store_${store}`;
      await client.query(storeDdl.split(FIXTURE_SCHEMA).join(schema));
      // The store's tables get the shared tables' index on store_id too: without it, structure fails every table.
      for (const table of Object.keys(COLUMNS)) {
        await client.query(`INSERT INTO ${schema}.${table} SELECT * FROM public.${table} WHERE store_id = ${store}`);
        await client.query(`CREATE INDEX ON ${schema}.${table} (store_id)`);
      }
      await client.query('RESET search_path');
      await client.query(advanceSequences(schema));
    }
    await client.query('VACUUM ANALYZE');
  });
}

/** Every table of the fleet database, per side: the shared tables, and every store schema's. */
export function fleetTables(stores: number): { source: string[]; target: string[] } {
  const tables = Object.keys(COLUMNS);
  return {
    source: tables.map((table) => `public.${table}`),
    target: Array.from({ length: stores }, (_, index) => tables.map((table) => `store_${index + 1}.${table}`)).flat(),
  };
}

/** The data fleet: a full check of every store schema against its rows of the shared schema. */
export function dataFleet(server: BenchServer, stores: number): FleetScenario {
  const url = server.url(fleetDatabase(stores));
  const tables = fleetTables(stores);
  return {
    title: `check (fast mode, every check), forEach over ${stores} store schemas of 15 tables against the shared schema's ${sharedRows(stores).toLocaleString('en-US')} rows`,
    config: {
      source: url,
      target: url,
      sourceSchema: 'public',
      tenantColumn: 'store_id',
      runs: [{ name: 'stores', forEach: storesOf('source') }],
    },
    target: { ratio: 2 },
    // Each side hashes every row of its tables once, in one statement per 500 tables, both sides at once.
    floor: () =>
      withClients([url, url], async (clients) => {
        const started = performance.now();
        await Promise.all([
          runAll(clients[0]!, hashEveryRow(tables.source)),
          runAll(clients[1]!, hashEveryRow(tables.target)),
        ]);
        return (performance.now() - started) / 1000;
      }),
  };
}

/** Statements hashing every row of `tables`, 500 tables each (one UNION ALL of 15,000 exceeds the stack depth). */
function hashEveryRow(tables: readonly string[]): string[] {
  const statements: string[] = [];
  for (let start = 0; start < tables.length; start += 500)
    statements.push(
      tables
        .slice(start, start + 500)
        .map((table) => `SELECT sum(hash_record_extended(t, 0)) FROM ${table} AS t`)
        .join(' UNION ALL '),
    );
  return statements;
}

/** Runs the statements one after another on one session. */
async function runAll(client: { query(text: string): Promise<unknown> }, statements: readonly string[]) {
  for (const statement of statements) await client.query(statement);
}
