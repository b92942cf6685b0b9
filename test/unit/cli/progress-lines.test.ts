import { describe, expect, it } from 'vitest';
import { duration, liveLine, logLine } from '../../../src/cli/progress-lines.js';

const now = new Date('2024-05-01T10:00:02.345Z');

describe('logLine', () => {
  it('logs a table start and finish with the time, the run and the status', () => {
    expect(logLine({ type: 'start', table: 'customers' }, now)).toBe('2024-05-01T10:00:02Z customers: started');
    expect(logLine({ type: 'done', run: 'stores:4', table: 'customers', status: 'fail', durationMs: 1234 }, now)).toBe(
      '2024-05-01T10:00:02Z stores:4 customers: fail (1.2 s)',
    );
  });

  it('logs a finished run with the reason it checked nothing, and never the rows read', () => {
    expect(
      logLine(
        {
          type: 'run',
          run: 'stores:3',
          status: 'error',
          reason: 'target: schema "store_3" does not exist',
          durationMs: 80,
        },
        now,
      ),
    ).toBe('2024-05-01T10:00:02Z run stores:3: error: target: schema "store_3" does not exist (0.1 s)');
    expect(logLine({ type: 'rows', table: 'customers', done: 10, total: 20 }, now)).toBeUndefined();
  });

  it('logs the wait before the differing rows are read again', () => {
    expect(
      logLine({ type: 'recheck', run: 'stores:4', round: 1, times: 2, rows: 1, tables: 1, afterSeconds: 5 }, now),
    ).toBe('2024-05-01T10:00:02Z stores:4 recheck 1/2: 1 row of 1 table differ, read again in 5 s');
    expect(logLine({ type: 'recheck', round: 2, times: 2, rows: 1200, tables: 3, afterSeconds: 0.5 }, now)).toBe(
      '2024-05-01T10:00:02Z recheck 2/2: 1,200 rows of 3 tables differ, read again in 0.5 s',
    );
  });

  it('colours only the status, and only when asked', () => {
    expect(logLine({ type: 'done', table: 't', status: 'pass', durationMs: 0 }, now, true)).toBe(
      '2024-05-01T10:00:02Z t: \u001b[32mpass\u001b[39m (0.0 s)',
    );
  });
});

describe('liveLine', () => {
  it('shows a bar, rows done of the estimate, the rate and the time left', () => {
    expect(liveLine({ label: 'whatsapp_logs', done: 250_000, total: 1_000_000, elapsedMs: 5_000, width: 120 })).toBe(
      'whatsapp_logs [█████░░░░░░░░░░░░░░░] 250,000/1,000,000 rows  50,000 rows/s  ETA 15 s',
    );
  });

  it('shows rows, rate and elapsed time without an estimate, or once the table outgrew it', () => {
    expect(liveLine({ label: 'orders', done: 0, total: null, elapsedMs: 65_000, width: 120 })).toBe(
      'orders 0 rows  0 rows/s  1 min 5 s elapsed',
    );
    expect(liveLine({ label: 'orders', done: 300, total: 200, elapsedMs: 1_000, width: 120 })).toBe(
      'orders 300 rows  300 rows/s  1 s elapsed',
    );
  });

  it('fits the terminal width', () => {
    const line = liveLine({
      label: 'a_table_with_a_rather_long_name_indeed',
      done: 5,
      total: 10,
      elapsedMs: 1_000,
      width: 40,
    });
    expect(Array.from(line)).toHaveLength(40);
    expect(line.endsWith('…')).toBe(true);
  });
});

describe('duration', () => {
  it('reads like a person would say it', () => {
    expect([duration(400), duration(59_600), duration(185_000), duration(7_800_000)]).toEqual([
      '0 s',
      '1 min 0 s',
      '3 min 5 s',
      '2 h 10 min',
    ]);
  });
});
