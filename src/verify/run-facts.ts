import { redactConnectionString } from '../connect/conninfo.js';
import type { ResolvedOptions } from '../options.js';
import type { Summary } from '../summary.js';

/** What a summary states about the run itself: mode, both sides without passwords, schemas and filters. */
export function runFacts(options: ResolvedOptions): Pick<Summary, 'mode' | 'source' | 'target' | 'sourceSchema' | 'targetSchema' | 'sourceWhere' | 'targetWhere' | 'checks'> {
  return {
    mode: options.mode,
    source: redactConnectionString(options.source),
    target: redactConnectionString(options.target),
    sourceSchema: options.sourceSchema,
    targetSchema: options.targetSchema,
    ...(options.sourceWhere !== undefined ? { sourceWhere: options.sourceWhere } : {}),
    ...(options.targetWhere !== undefined ? { targetWhere: options.targetWhere } : {}),
    ...(options.checks ? {} : { checks: false as const }),
  };
}
