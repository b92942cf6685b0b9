import { describeError } from '../errors.js';
import type { SideConnection } from './connection-settings.js';

/**
 * Why a connection could not be made, in the terms of the connection string as typed (its host and port, not the
 * address they resolved to) rather than Node's error codes; the server's own message where it answered.
 */
export function connectFailureReason(
  error: unknown,
  connection: SideConnection,
  scrub: (text: string) => string,
): string {
  if (connection.noPassword !== undefined && asksForPassword(error))
    return `the server asks for a password and none was given (${connection.noPassword})`;
  const host = connection.config.host ?? 'localhost';
  const port = connection.config.port ?? 5432;
  const where = host.startsWith('/') ? `the socket in ${host} (port ${port})` : `${host}:${port}`;
  switch ((error as { code?: unknown }).code) {
    case 'ECONNREFUSED':
      return `no server accepts connections at ${where} (connection refused)`;
    case 'ENOENT':
      return `no server listens on ${where}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host ${JSON.stringify(host)} not found`;
    case 'ETIMEDOUT':
      return `no answer from ${where} (timed out)`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} cannot be reached (no route to it)`;
    default:
      break;
  }
  const message = describeError(error);
  if (message === 'timeout expired') {
    const seconds = (connection.config.connectionTimeoutMillis ?? 0) / 1000;
    return `no answer from ${where} within ${seconds} s (connect_timeout=${seconds}; 0 waits forever)`;
  }
  if (message === 'Connection terminated unexpectedly')
    return `${where} closed the connection before the login finished (is it a PostgreSQL server?)`;
  return scrub(message);
}

/** A login refused for want of a password: the server's 28P01, or pg refusing to answer SCRAM with an empty one. */
function asksForPassword(error: unknown): boolean {
  return (error as { code?: unknown }).code === '28P01' || /client password must be/.test(describeError(error));
}
