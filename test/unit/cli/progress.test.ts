import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProgress, progressStyle } from '../../../src/cli/progress.js';

/** A stream that says it is a terminal of the given width and keeps what is written to it. */
function fakeTerminal(isTTY: boolean): NodeJS.WriteStream & { text(): string; chunks(): string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write: (chunk, _encoding, done) => {
      chunks.push(String(chunk));
      done();
    },
  }) as unknown as NodeJS.WriteStream & { text(): string; chunks(): string[] };
  Object.assign(stream, { isTTY, columns: 100, rows: 30, text: () => chunks.join(''), chunks: () => chunks });
  return stream;
}

describe('progress on stderr', () => {
  // Live lines are redrawn by a timer (8 frames a second): fake timers show the frames without waiting for them.
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is live on a terminal, log lines elsewhere, and silent with --quiet', () => {
    expect(progressStyle(fakeTerminal(true), false)).toBe('live');
    expect(progressStyle(fakeTerminal(false), false)).toBe('log');
    expect(progressStyle(fakeTerminal(true), true)).toBe('silent');
  });

  it('draws one live line per running table with its rows and removes it when the table is done', () => {
    const terminal = fakeTerminal(true);
    const progress = createProgress(terminal, 'live', false);
    progress.update({ type: 'start', table: 'whatsapp_logs' });
    progress.update({ type: 'start', run: 'stores:4', table: 'orders' });
    progress.update({ type: 'rows', table: 'whatsapp_logs', done: 5_000, total: 20_000 });
    vi.advanceTimersByTime(300);
    const drawn = terminal.text();
    expect(drawn).toMatch(/whatsapp_logs \[█████░+\] 5,000\/20,000 rows {2}[\d,]+ rows\/s {2}ETA /);
    expect(drawn).toContain('stores:4 orders 0 rows  0 rows/s');
    progress.update({ type: 'done', table: 'whatsapp_logs', status: 'pass', durationMs: 10 });
    const before = terminal.text().length;
    vi.advanceTimersByTime(300);
    const redrawn = terminal.text().slice(before);
    expect(redrawn).toContain('stores:4 orders');
    expect(redrawn).not.toContain('whatsapp_logs');
    progress.stop();
  });

  it('writes a line per start and finish when not a terminal, and nothing with --quiet', () => {
    const log = fakeTerminal(false);
    const logged = createProgress(log, 'log', false);
    logged.update({ type: 'start', table: 'orders' });
    logged.update({ type: 'rows', table: 'orders', done: 5, total: 10 });
    logged.update({ type: 'done', table: 'orders', status: 'pass', durationMs: 2_000 });
    // The lines of one turn of the event loop go out together, at its end.
    expect(log.text()).toBe('');
    vi.runAllTimers();
    expect(log.chunks()).toHaveLength(1);
    expect(
      log
        .text()
        .split('\n')
        .map((line) => line.replace(/^\S+ /, '')),
    ).toEqual(['orders: started', 'orders: pass (2.0 s)', '']);
    const quiet = fakeTerminal(false);
    createProgress(quiet, 'silent', false).update({ type: 'start', table: 'orders' });
    vi.runAllTimers();
    expect(quiet.text()).toBe('');
  });

  it('writes the log lines still waiting for the end of the turn when it stops', () => {
    const log = fakeTerminal(false);
    const logged = createProgress(log, 'log', false);
    logged.update({ type: 'start', table: 'orders' });
    logged.stop();
    expect(log.text()).toMatch(/^\S+ orders: started\n$/);
    vi.runAllTimers();
    expect(log.chunks()).toHaveLength(1);
  });
});
