import type { ClientConfig } from 'pg';
import { UsageError } from '../errors.js';
import type { Side } from '../summary.js';

/**
 * Turns a libpq-style connection string (URL or key=value pairs) into a pg client config.
 * Anything left out falls back to the PG* environment variables and ~/.pgpass, as with psql.
 */
export function parseConnectionString(side: Side, conninfo: string): ClientConfig {
  const text = conninfo.trim();
  if (text === '') return {};
  if (/^postgres(ql)?:\/\//i.test(text)) {
    try {
      new URL(text);
    } catch {
      throw new UsageError(`--${side} is not a valid connection URL: ${redactConnectionString(text)}`);
    }
    return { connectionString: text };
  }
  if (/^[a-z_]+\s*=/i.test(text)) return keywordValueConfig(side, text);
  throw new UsageError(`--${side} must be a postgresql:// URL or key=value pairs, not "${redactConnectionString(text)}"`);
}

const KEYWORDS: Record<string, keyof ClientConfig> = {
  host: 'host', hostaddr: 'host', port: 'port', dbname: 'database', user: 'user', password: 'password',
  application_name: 'application_name', connect_timeout: 'connectionTimeoutMillis', options: 'options',
};

function keywordValueConfig(side: Side, text: string): ClientConfig {
  const config: Record<string, unknown> = {};
  const pattern = /\s*([a-z_]+)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|((?:[^\s'\\]|\\.)*))/giy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pattern.exec(text)) !== null) {
    consumed = pattern.lastIndex;
    const keyword = match[1]!.toLowerCase();
    // libpq: a backslash escapes the next character, quoted or not.
    const value = (match[2] ?? match[3] ?? '').replace(/\\(.)/g, '$1');
    if (keyword === 'sslmode') {
      if (value !== 'disable') config.ssl = value === 'require' ? { rejectUnauthorized: false } : true;
      continue;
    }
    const field = KEYWORDS[keyword];
    if (field === undefined) throw new UsageError(`--${side}: unknown connection keyword "${keyword}"`);
    config[field] = field === 'port' ? Number(value) : field === 'connectionTimeoutMillis' ? Number(value) * 1000 : value;
  }
  if (text.slice(consumed).trim() !== '') throw new UsageError(`--${side}: cannot parse connection string near "${text.slice(consumed, consumed + 20)}"`);
  return config as ClientConfig;
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
      return text.replace(/:\/\/([^:@/]*):[^@]*@/, '://$1@').replace(/password=[^&\s]*/gi, 'password=***');
    }
  }
  return text.replace(/password\s*=\s*('(?:[^'\\]|\\.)*'|\S*)/gi, 'password=***');
}

/**
 * Command-line arguments with every password redacted as redactConnectionString does: the value of
 * --source and --target (`--source URL` or `--source=URL`), and any other argument that is a postgresql:// URL
 * or says `password=`. The rest is kept as typed.
 */
export function redactArguments(args: readonly string[]): string[] {
  return args.map((arg, index) => {
    const inline = /^(--(?:source|target)=)([\s\S]*)$/.exec(arg);
    if (inline !== null) return `${inline[1]}${redactConnectionString(inline[2]!)}`;
    const previous = args[index - 1];
    if (previous === '--source' || previous === '--target') return redactConnectionString(arg);
    return /^\s*postgres(ql)?:\/\//i.test(arg) || /password\s*=/i.test(arg) ? redactConnectionString(arg) : arg;
  });
}

/** The password a connection string carries, so error messages can be scrubbed of it. */
export function passwordOf(config: ClientConfig): string | undefined {
  if (typeof config.password === 'string' && config.password !== '') return config.password;
  if (config.connectionString !== undefined) {
    try {
      const password = decodeURIComponent(new URL(config.connectionString).password);
      return password === '' ? undefined : password;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
