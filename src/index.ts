export { verify, isRunsSummary } from './verify/entry.js';
export { verifyRuns } from './verify/run-many.js';
export { recheck } from './verify/recheck.js';
export type { RecheckOptions } from './verify/recheck.js';
export { loadConfig } from './config/load-config.js';
export { readHistory } from './history/read-history.js';
export type { HistoryOptions } from './history/read-history.js';
export type { HistoryReport, RunTrend, TableTrend, CountTrend, StatusStreak, TableCount } from './history/types.js';
export { optionsFromConfig } from './config/to-options.js';
export type { ConfigFile } from './config/schema.js';
export type { VerifyOptions, ProgressEvent } from './verify/options.js';
export type { VerifyRunsOptions, RunOptions, RunSettings, ForEachOptions } from './verify/runs-options.js';
export type {
  Summary,
  RunsSummary,
  RunSummary,
  TableResult,
  Status,
  Mode,
  Side,
  DiffRecord,
  DiffKind,
  TenantFinding,
  IntegrityFinding,
  SequenceFinding,
  DeclaredOn,
  ServerVersion,
  ServerFacts,
  DatabaseFacts,
  ExtensionVersion,
  StructureFinding,
  StructureObject,
  TableStructureObject,
  SchemaStructureObject,
  RunOrigin,
  RowDiffCounts,
  ReplicationPositions,
} from './summary.js';
export { PgVerifyError, UsageError, DatabaseError, ConnectError, InterruptedError } from './errors.js';
