import * as z from 'zod';
import { isMode, MODES, NUMERIC_OPTIONS, type NumericOption } from '../verify/options.js';
import { repeatedNames } from '../verify/runs-options.js';
import { TIME_UNITS } from '../plan/time-precision.js';
import { Tolerance } from '../plan/tolerance.js';

const text = z.string({ error: 'must be a string' });
const nonEmpty = text.trim().min(1, { error: 'must not be empty' });
/** A list of names: a JSON array of strings, or one comma-separated string as on the command line. */
const names = z
  .union([z.array(nonEmpty), text], { error: 'must be an array of strings or a comma-separated string' })
  .transform((value) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((name) => name.trim())
          .filter((name) => name !== '')
      : value,
  );
/** A number checked by the rule the library applies to the same option (verify/options.ts). */
const numeric = (name: NumericOption) =>
  z
    .number({ error: 'must be a number' })
    .refine(NUMERIC_OPTIONS[name].valid, { error: `must be ${NUMERIC_OPTIONS[name].expected}` });
const renames = z.record(z.string(), nonEmpty, { error: 'must be an object of "old": "new" names' });
/** Whether a value is a tolerance, by the rule the library applies to it (plan/tolerance.ts). */
const isTolerance = (value: string | number): boolean => {
  try {
    Tolerance.parse('', value);
    return true;
  } catch {
    return false;
  }
};
const tolerances = z.record(
  z.string(),
  z
    .union([z.number(), text], { error: 'must be a number' })
    .refine(isTolerance, { error: 'must be a positive number' }),
  { error: 'must be an object of "table.column": N' },
);
const timeUnits = Object.keys(TIME_UNITS) as [keyof typeof TIME_UNITS, ...Array<keyof typeof TIME_UNITS>];
const timePrecision = z.record(
  z.string(),
  z.enum(timeUnits, { error: `must be ${timeUnits.map((unit) => JSON.stringify(unit)).join(', ')}` }),
  { error: 'must be an object of "table.column": unit' },
);

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
  mode: text.refine(isMode, { error: `must be ${MODES.map((mode) => JSON.stringify(mode)).join(' or ')}` }).optional(),
  jobs: numeric('jobs').optional(),
  maxDiffRows: numeric('maxDiffRows').optional(),
  lockTimeout: numeric('lockTimeout').optional(),
  statementTimeout: numeric('statementTimeout').optional(),
  recheckAfter: numeric('recheckAfter').optional(),
  recheckTimes: numeric('recheckTimes').optional(),
  checks: z.boolean({ error: 'must be true or false' }).optional(),
  structure: z.boolean({ error: 'must be true or false' }).optional(),
  structureOnly: z.boolean({ error: 'must be true or false' }).optional(),
  tenantColumn: nonEmpty.optional(),
  // Store ids are often numbers in JSON; a tenant value is compared as text cast to the column's type anyway.
  tenants: z
    .array(z.union([nonEmpty, z.number()], { error: 'must be a string or a number' }), { error: 'must be an array' })
    .transform((values) => values.map(String))
    .optional(),
  ignoreColumns: names.optional(),
  links: z
    .record(z.string(), nonEmpty, { error: 'must be an object of "table.column": "parent_table.column"' })
    .optional(),
  mapTables: renames.optional(),
  mapColumns: renames.optional(),
  tolerances: tolerances.optional(),
  timePrecision: timePrecision.optional(),
};

const forEachSchema = z.strictObject(
  {
    query: nonEmpty,
    on: z.enum(['source', 'target'], { error: 'must be "source" or "target"' }).optional(),
  },
  { error: 'must be an object with query and on' },
);

const runSchema = z.strictObject(
  {
    name: nonEmpty,
    forEach: forEachSchema.optional(),
    ...runSettings,
  },
  { error: 'must be an object' },
);

/** The JSON a `--config` file holds: defaults for every flag, and optionally several runs. */
export const configSchema = z
  .strictObject(
    {
      ...runSettings,
      outDir: nonEmpty.optional(),
      json: z.boolean({ error: 'must be true or false' }).optional(),
      quiet: z.boolean({ error: 'must be true or false' }).optional(),
      junit: nonEmpty.optional(),
      history: nonEmpty.optional(),
      runs: z
        .array(runSchema, { error: 'must be an array of runs' })
        .min(1, { error: 'must list at least one run' })
        .optional(),
    },
    { error: 'must be a JSON object' },
  )
  .superRefine((config, context) => {
    for (const index of repeatedNames((config.runs ?? []).map((run) => run.name))) {
      context.addIssue({
        code: 'custom',
        path: ['runs', index, 'name'],
        message: `another run has the name ${JSON.stringify(config.runs![index]!.name)}`,
      });
    }
  });

/** A validated config file. */
export type ConfigFile = z.output<typeof configSchema>;

/** Where a command-line flag's name differs from its config key: a hint for the unknown-field error. */
export const FLAG_KEYS: Readonly<Record<string, string>> = {
  out: 'outDir',
  tenant: 'tenants',
  link: 'links',
  'map-table': 'mapTables',
  'map-column': 'mapColumns',
  'ignore-columns': 'ignoreColumns',
  tolerance: 'tolerances',
  'time-precision': 'timePrecision',
};
