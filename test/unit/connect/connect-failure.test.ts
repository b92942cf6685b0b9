import { describe, expect, it } from 'vitest';
import { connectFailureReason } from '../../../src/connect/connect-failure.js';

const failure = (code: string, message = `connect ${code} 10.0.0.7:5433`) =>
  Object.assign(new Error(message), { code });
const at = (host: string, port = 5433) => ({ config: { host, port } });
const keep = (text: string) => text;

describe('why a connection failed', () => {
  it('names the host and port as typed, not the address they resolved to, nor the error code', () => {
    expect(connectFailureReason(failure('ECONNREFUSED'), at('db.example'), keep)).toBe(
      'no server accepts connections at db.example:5433 (connection refused)',
    );
    expect(connectFailureReason(failure('ENOTFOUND'), at('db.exmaple'), keep)).toBe('host "db.exmaple" not found');
    expect(connectFailureReason(failure('ETIMEDOUT'), at('db.example'), keep)).toBe(
      'no answer from db.example:5433 (timed out)',
    );
    expect(connectFailureReason(failure('ENOENT'), at('/var/run/postgresql', 5432), keep)).toBe(
      'no server listens on the socket in /var/run/postgresql (port 5432)',
    );
  });

  it("gives the server's own message, scrubbed, when it answered; a missing password says where none was found", () => {
    const refused = Object.assign(new Error('password authentication failed for user "app" (pw hunter2)'), {
      code: '28P01',
    });
    expect(connectFailureReason(refused, at('db'), (text) => text.replace('hunter2', '***'))).toBe(
      'password authentication failed for user "app" (pw ***)',
    );
    expect(connectFailureReason(refused, { ...at('db'), noPassword: 'none in --source or PGPASSWORD' }, keep)).toBe(
      'the server asks for a password and none was given (none in --source or PGPASSWORD)',
    );
  });
});
