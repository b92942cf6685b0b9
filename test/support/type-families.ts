// Every built-in type family, in a schema, table and columns whose names need quoting everywhere.
export const TYPE_FAMILIES_SCHEMA = `
  CREATE SCHEMA "Tienda ""4"" ñ 😀";
  SET search_path = "Tienda ""4"" ñ 😀";
  CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
  CREATE DOMAIN positive AS int CHECK (VALUE > 0);
  CREATE TYPE pair AS (a int, b text);
  CREATE TABLE "Order Items %s" (
    "select" int PRIMARY KEY, "Ünïcode col" text, arr int[], txt_arr text[], r int4range, tr tstzrange,
    m mood, d positive, c pair, iv interval, money_col money, b bit(4), vb varbit, ip inet, net cidr,
    mac macaddr, x xml, j json, jb jsonb, ts tsvector, pt point, u uuid, raw bytea, big text,
    f4 real, f8 double precision, n numeric, t timestamp, tz timestamptz, dt date
  );
  INSERT INTO "Order Items %s" SELECT g, 'é ' || g || E'\\ttab\\nnewline \\\\ back', ARRAY[g, NULL, 3], ARRAY['a', NULL, ''],
    int4range(g, g + 10), tstzrange('2024-01-01', '2024-02-01'), (ARRAY['sad', 'ok', 'happy']::mood[])[1 + g % 3], g,
    ROW(g, 'x y')::pair, interval '1 day 2 hours', 12.5, B'1010', B'101', '192.168.0.1/24', '10.0.0.0/8',
    '08:00:2b:01:02:03', '<a>1</a>', '{"b": 1, "a": [1, 2]}', '{"b": 1, "a": [1, 2]}', to_tsvector('simple', 'hola mundo'),
    point(g, -g), ('00000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, '\\x00ff'::bytea,
    CASE WHEN g = 3 THEN repeat('x', 10 * 1024 * 1024) ELSE 'small' END,
    CASE g % 3 WHEN 0 THEN 'NaN'::real WHEN 1 THEN 'Infinity' ELSE -0.1 END,
    CASE g % 3 WHEN 0 THEN '-Infinity'::float8 WHEN 1 THEN 'NaN' ELSE 1e-300 END,
    CASE g % 3 WHEN 0 THEN 'NaN'::numeric ELSE 123456789.123456789 END,
    CASE g % 2 WHEN 0 THEN 'infinity'::timestamp ELSE '2024-02-29 12:00:00.000001' END,
    CASE g % 2 WHEN 0 THEN '-infinity'::timestamptz ELSE '2024-02-29 12:00:00.000001+05' END,
    CASE g % 2 WHEN 0 THEN 'infinity'::date ELSE '2024-02-29' END
  FROM generate_series(1, 6) g;
  CREATE TABLE "keyless ""dup"" table" (a text, b int[]);
  INSERT INTO "keyless ""dup"" table" VALUES ('x', '{1,NULL}'), ('x', '{1,NULL}'), (NULL, NULL), ('', '{}');`;

export const TYPE_FAMILIES_TARGET_CHANGES = `
  SET search_path = "Tienda ""4"" ñ 😀";
  UPDATE "Order Items %s" SET arr = ARRAY[2, NULL, 3] WHERE "select" = 1;
  UPDATE "Order Items %s" SET big = repeat('x', 10 * 1024 * 1024 - 1) || 'y' WHERE "select" = 3;
  UPDATE "Order Items %s" SET m = 'happy', pt = point(0, 0) WHERE "select" = 4;
  UPDATE "Order Items %s" SET "Ünïcode col" = NULL WHERE "select" = 5;
  -- Equal documents for jsonb's = (other key order, spacing and number scale): not a change in either mode.
  UPDATE "Order Items %s" SET jb = '{"a": [1.00, 2.0], "b": 1.000}', j = '{ "a" : [1.0, 2], "b" : 1 }' WHERE "select" = 2;
  DELETE FROM "keyless ""dup"" table" WHERE a IS NULL;`;
