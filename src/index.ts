export { verify } from './verify/run.js';
export type { VerifyOptions, ProgressEvent } from './options.js';
export type {
  Summary, TableResult, Status, Mode, Side, DiffRecord, DiffKind, TenantFinding, IntegrityFinding, SequenceFinding, DeclaredOn,
} from './summary.js';
export { PgVerifyError, UsageError, DatabaseError, ConnectError, InterruptedError } from './errors.js';
