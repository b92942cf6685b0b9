import cliProgress from 'cli-progress';
import pc from 'picocolors';
import type { ProgressEvent } from '../verify/options.js';
import { liveLine, logLine, recheckText } from './progress-lines.js';

/** Shows the tables being compared on stderr while a run works. */
export interface Progress {
  readonly update: (event: ProgressEvent) => void;
  stop(): void;
}

/** How progress shows: `live` lines on a terminal, one `log` line per table start and finish otherwise, or nothing. */
export type ProgressStyle = 'live' | 'log' | 'silent';

/** The style for a stream: silent with --quiet, live on a terminal, log lines in cron and CI. */
export function progressStyle(stream: NodeJS.WriteStream, quiet: boolean): ProgressStyle {
  if (quiet) return 'silent';
  return stream.isTTY === true ? 'live' : 'log';
}

export function createProgress(stream: NodeJS.WriteStream, style: ProgressStyle, color: boolean): Progress {
  if (style === 'silent') return { update: () => undefined, stop: () => undefined };
  if (style === 'log') return createLogProgress(stream, color);
  return createLiveProgress(stream, color);
}

/**
 * One line per table start and finish. The lines of one turn of the event loop (a batch of small tables
 * finishing together) go out in one write: stderr is written synchronously, and a schema of 500 tables logs
 * 1,000 lines in a few milliseconds.
 */
function createLogProgress(stream: NodeJS.WriteStream, color: boolean): Progress {
  let pending = '';
  const flush = () => {
    if (pending === '') return;
    stream.write(pending);
    pending = '';
  };
  return {
    update(event) {
      const line = logLine(event, new Date(), color);
      if (line === undefined) return;
      if (pending === '') setImmediate(flush);
      pending += `${line}\n`;
    },
    stop: flush,
  };
}

interface Running {
  readonly label: string;
  readonly startedAt: number;
  readonly bar: cliProgress.SingleBar;
  done: number;
  total: number | null;
}

/** One live line per running table (rows done, rows/s, ETA), redrawn in place by cli-progress. */
function createLiveProgress(stream: NodeJS.WriteStream, color: boolean): Progress {
  const colors = pc.createColors(color);
  const running = new Map<string, Running>();
  const bars = new cliProgress.MultiBar({
    stream,
    hideCursor: true,
    clearOnComplete: true,
    stopOnComplete: false,
    fps: 8,
    format: (_options, _params, payload: { key?: string }) => {
      const state = payload.key === undefined ? undefined : running.get(payload.key);
      if (state === undefined) return '';
      return liveLine({ ...state, elapsedMs: Date.now() - state.startedAt, width: (stream.columns || 80) - 1 }, colors);
    },
  });
  return {
    update(event) {
      if (event.type === 'run') return;
      if (event.type === 'recheck') {
        bars.log(`${recheckText(event)}\n`);
        return;
      }
      const key = `${event.run ?? ''}\0${event.table}`;
      if (event.type === 'start') {
        const label = event.run === undefined ? event.table : `${event.run} ${event.table}`;
        running.set(key, { label, startedAt: Date.now(), bar: bars.create(1, 0, { key }), done: 0, total: null });
        return;
      }
      const state = running.get(key);
      if (state === undefined) return;
      if (event.type === 'rows') {
        state.done = event.done;
        state.total = event.total;
        state.bar.update(0, { key });
      } else {
        running.delete(key);
        bars.remove(state.bar);
      }
    },
    stop() {
      bars.stop();
    },
  };
}
