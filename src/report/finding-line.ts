/** `fail` lines are why a table failed or errored; `warning` lines need a DBA's attention; `note` lines are for the record. */
export type FindingLevel = 'fail' | 'warning' | 'note';

/** One finding of a table, in a sentence a DBA can act on. */
export interface FindingLine {
  readonly level: FindingLevel;
  readonly text: string;
}
