import { databaseAddress, parseConnectionString } from '../connect/conninfo.js';
import type { ResolvedOptions } from './options.js';

/**
 * Why a run would compare a database with itself, or undefined: both connection strings reach the same
 * database (by address, before anything connects) and the run reads the same schema with the same filters on
 * both sides, so every table passes whatever the migration did. Usually a copy-paste slip.
 */
export function comparesItself(
  options: Pick<ResolvedOptions, 'source' | 'target' | 'sourceSchema' | 'targetSchema' | 'sourceWhere' | 'targetWhere'>,
): string | undefined {
  if (options.sourceSchema !== options.targetSchema || options.sourceWhere !== options.targetWhere) return undefined;
  const source = databaseAddress(parseConnectionString('source', options.source).config);
  const target = databaseAddress(parseConnectionString('target', options.target).config);
  if (source.compared !== target.compared) return undefined;
  return `the source and the target are the same database (${source.shown}) and schema (${options.sourceSchema}): every table will pass`;
}
