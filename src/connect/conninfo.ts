import type { ClientConfig } from 'pg';
import { UsageError } from '../errors.js';
import { connectionOf, type ConnectionRole, type Environment, type SideConnection } from './connection-settings.js';

export type { ConnectionRole, SideConnection } from './connection-settings.js';

type Parameter = readonly [keyword: string, value: string];

/**
 * Turns a libpq-style connection string (URL or key=value pairs) into one side's pg connection. Both forms
 * give the same keywords, checked in one place; anything left out falls back to the PG* environment
 * variables and the password file (~/.pgpass), as with psql.
 */
export function parseConnectionString(
  side: ConnectionRole,
  conninfo: string,
  env: Environment = process.env,
): SideConnection {
  const text = conninfo.trim();
  if (text === '') return connectionOf(side, [], env);
  if (/^postgres(ql)?:\/\//i.test(text)) return connectionOf(side, urlParameters(side, text), env);
  if (/^[a-z_]+\s*=/i.test(text)) return connectionOf(side, keywordValueParameters(side, text), env);
  throw new UsageError(
    `--${side} must be a postgresql:// URL or key=value pairs, not "${redactConnectionString(text)}"`,
  );
}

/**
 * libpq's URL form, `postgresql://[user[:password]@][host][:port][/dbname][?keyword=value&...]`, as keywords.
 * Parsed by hand rather than with URL: a bad port must be reported as the port, not as an invalid URL.
 */
function urlParameters(side: ConnectionRole, text: string): Parameter[] {
  const decode = (value: string, part: string): string => {
    try {
      return decodeURIComponent(value);
    } catch {
      // The part is named, not shown: it may be the password.
      throw new UsageError(
        `--${side}: the ${part} of the URL has a % that starts no escape (a literal % is written %25): ${redactConnectionString(text)}`,
      );
    }
  };
  const [, authority = '', path = '', query = ''] = /^[^:]+:\/\/([^/?]*)(?:\/([^?]*))?(?:\?(.*))?$/s.exec(text) ?? [];
  const at = authority.lastIndexOf('@');
  const userInfo = at < 0 ? '' : authority.slice(0, at);
  const hostPort = authority.slice(at + 1);
  const colon = userInfo.indexOf(':');
  // An IPv6 address is written in brackets: [::1]:5432.
  if (hostPort.startsWith('[') && !hostPort.includes(']'))
    throw new UsageError(
      `--${side}: the host ${JSON.stringify(hostPort)} opens a [ it never closes (an IPv6 address is written [::1])`,
    );
  const [, host = '', port = ''] =
    /^\[([^\]]*)\](?::(.*))?$/.exec(hostPort) ?? /^([^:]*)(?::(.*))?$/s.exec(hostPort) ?? [];
  const parameters: Parameter[] = [
    ['user', decode(colon < 0 ? userInfo : userInfo.slice(0, colon), 'user name')],
    ['password', colon < 0 ? '' : decode(userInfo.slice(colon + 1), 'password')],
    ['host', decode(host, 'host')],
    ['port', decode(port, 'port')],
    ['dbname', decode(path, 'database name')],
  ];
  for (const pair of query.split('&').filter((part) => part !== '')) {
    const equals = pair.indexOf('=');
    if (equals < 0)
      throw new UsageError(`--${side}: URL parameter "${decode(pair, 'parameters')}" must be keyword=value`);
    const keyword = decode(pair.slice(0, equals), 'parameters');
    parameters.push([keyword, decode(pair.slice(equals + 1), `${keyword} parameter`)]);
  }
  return parameters;
}

function keywordValueParameters(side: ConnectionRole, text: string): Parameter[] {
  const parameters: Parameter[] = [];
  const pattern = /\s*([a-z_]+)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|((?:[^\s'\\]|\\.)*))/giy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pattern.exec(text)) !== null) {
    consumed = pattern.lastIndex;
    // libpq: a backslash escapes the next character, quoted or not.
    parameters.push([match[1]!, (match[2] ?? match[3] ?? '').replace(/\\(.)/g, '$1')]);
  }
  if (text.slice(consumed).trim() !== '')
    throw new UsageError(`--${side}: cannot parse connection string near "${text.slice(consumed, consumed + 20)}"`);
  return parameters;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * host:port/dbname after defaults (PG* variables, the user's name as dbname), as shown and as compared
 * (loopback names as one): which database a connection string reaches, before anything connects.
 */
export function databaseAddress(config: ClientConfig): { shown: string; compared: string } {
  const host = config.host ?? 'localhost';
  const rest = `:${config.port ?? 5432}/${config.database ?? ''}`;
  return {
    shown: `${host}${rest}`,
    compared: `${LOOPBACK.has(host.toLowerCase()) ? 'localhost' : host.toLowerCase()}${rest}`,
  };
}

/** The connection string with any password removed, safe to print and to store in reports. */
export function redactConnectionString(conninfo: string): string {
  const text = conninfo.trim();
  if (/^postgres(ql)?:\/\//i.test(text)) {
    try {
      const url = new URL(text);
      if (url.password !== '') url.password = '';
      url.searchParams.delete('password');
      return url.toString().replace(/^(postgres(?:ql)?:\/\/[^:@/]*):?@/i, '$1@');
    } catch {
      return redactUserInfo(text).replace(/password=[^&\s]*/gi, 'password=***');
    }
  }
  return redactUserInfo(text.replace(/password\s*=\s*('(?:[^'\\]|\\.)*'|\S*)/gi, 'password=***'));
}

/**
 * `user:password@` in anything that is not a postgresql:// URL: another scheme (`mysql://`, `http://`), a URL
 * missing a slash, or the scheme forgotten (`app:s3cret@db/shop`). In each word with an `@`, everything from
 * the first colon after the scheme to the last `@` goes, so a password holding an `@`, a `:` or a `/` is hidden whole.
 */
function redactUserInfo(text: string): string {
  return text.replace(/\S*@\S*/g, (word) => {
    const at = word.lastIndexOf('@');
    const start = /^[a-z][a-z0-9+.-]*:\/+/i.exec(word)?.[0].length ?? 0;
    const colon = word.indexOf(':', start);
    return colon < 0 || colon > at ? word : `${word.slice(0, colon)}:***${word.slice(at)}`;
  });
}

/**
 * Command-line arguments with every password redacted as redactConnectionString does: the value of
 * --source, --target and --history (`--source URL` or `--source=URL`), and any other argument that is a postgresql:// URL,
 * says `password=` or holds a `user:password@`. The rest is kept as typed.
 */
export function redactArguments(args: readonly string[]): string[] {
  return args.map((arg, index) => {
    const inline = /^(--(?:source|target|history)=)([\s\S]*)$/.exec(arg);
    if (inline !== null) return `${inline[1]}${redactConnectionString(inline[2]!)}`;
    const previous = args[index - 1];
    if (previous === '--source' || previous === '--target' || previous === '--history')
      return redactConnectionString(arg);
    return /^\s*postgres(ql)?:\/\//i.test(arg) || /password\s*=/i.test(arg) || /:\S*@/.test(arg)
      ? redactConnectionString(arg)
      : arg;
  });
}

/** The password a connection carries, so error messages can be scrubbed of it. */
export function passwordOf(config: ClientConfig): string | undefined {
  return typeof config.password === 'string' && config.password !== '' ? config.password : undefined;
}
