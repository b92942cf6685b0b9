import { z } from 'zod';

const text = z.string({ error: 'must be a string' });
const nonEmpty = text.trim().min(1, { error: 'must not be empty' });
/** A list of names: a JSON array of strings, or one comma-separated string as on the command line. */
const names = z.union([z.array(nonEmpty), text], { error: 'must be an array of strings or a comma-separated string' })
  .transform((value) => (typeof value === 'string' ? value.split(',').map((name) => name.trim()).filter((name) => name !== '') : value));
const seconds = z.number({ error: 'must be a number of seconds' }).min(0, { error: 'must not be negative' });
const renames = z.record(z.string(), nonEmpty, { error: 'must be an object of "old": "new" names' });

/** Settings a config file may give at the top level, as defaults, and in each run. Names are the library's. */
const runSettings = {
  source: text.optional(),
  target: text.optional(),
  sourceSchema: nonEmpty.optional(),
  targetSchema: nonEmpty.optional(),
  tables: names.optional(),
  exclude: names.optional(),
  sourceWhere: text.optional(),
  targetWhere: text.optional(),
  mode: z.enum(['fast', 'exact'], { error: 'must be "fast" or "exact"' }).optional(),
  jobs: z.number({ error: 'must be a number' }).int({ error: 'must be an integer' }).min(1, { error: 'must be at least 1' })
    .max(64, { error: 'must be at most 64' }).optional(),
  maxDiffRows: z.number({ error: 'must be a number' }).int({ error: 'must be an integer' }).min(0, { error: 'must not be negative' }).optional(),
  lockTimeout: seconds.optional(),
  statementTimeout: seconds.optional(),
  checks: z.boolean({ error: 'must be true or false' }).optional(),
  structure: z.boolean({ error: 'must be true or false' }).optional(),
  structureOnly: z.boolean({ error: 'must be true or false' }).optional(),
  tenantColumn: nonEmpty.optional(),
  // Store ids are often numbers in JSON; a tenant value is compared as text cast to the column's type anyway.
  tenants: z.array(z.union([nonEmpty, z.number()], { error: 'must be a string or a number' }), { error: 'must be an array' })
    .transform((values) => values.map(String)).optional(),
  ignoreColumns: names.optional(),
  mapTables: renames.optional(),
  mapColumns: renames.optional(),
};

const forEachSchema = z.strictObject({
  query: nonEmpty,
  on: z.enum(['source', 'target'], { error: 'must be "source" or "target"' }).optional(),
}, { error: 'must be an object with query and on' });

const runSchema = z.strictObject({
  name: nonEmpty,
  forEach: forEachSchema.optional(),
  ...runSettings,
}, { error: 'must be an object' });

/** The JSON a `--config` file holds: defaults for every flag, and optionally several runs. */
export const configSchema = z.strictObject({
  ...runSettings,
  outDir: nonEmpty.optional(),
  json: z.boolean({ error: 'must be true or false' }).optional(),
  quiet: z.boolean({ error: 'must be true or false' }).optional(),
  junit: nonEmpty.optional(),
  runs: z.array(runSchema, { error: 'must be an array of runs' }).min(1, { error: 'must list at least one run' }).optional(),
}, { error: 'must be a JSON object' }).superRefine((config, context) => {
  const seen = new Set<string>();
  config.runs?.forEach((run, index) => {
    if (seen.has(run.name)) context.addIssue({ code: 'custom', path: ['runs', index, 'name'], message: `another run has the name ${JSON.stringify(run.name)}` });
    seen.add(run.name);
  });
});

/** A validated config file. */
export type ConfigFile = z.output<typeof configSchema>;

/** Where a command-line flag's name differs from its config key: a hint for the unknown-field error. */
export const FLAG_KEYS: Readonly<Record<string, string>> = {
  out: 'outDir', tenant: 'tenants', 'map-table': 'mapTables', 'map-column': 'mapColumns', 'ignore-columns': 'ignoreColumns',
};
