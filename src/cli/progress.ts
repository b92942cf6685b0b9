import type { ProgressEvent } from '../options.js';

/** A live line on stderr naming the tables being compared; silent when stderr is not a terminal. */
export interface Progress {
  update(event: ProgressEvent): void;
  stop(): void;
}

export function createProgress(stream: NodeJS.WriteStream): Progress {
  if (stream.isTTY !== true) return { update: () => undefined, stop: () => undefined };
  const running = new Set<string>();
  let done = 0;
  const draw = () => {
    const names = [...running].join(', ');
    const line = `checking ${names || '…'} (${done} done)`;
    stream.write(`\r\x1b[K${line.slice(0, (stream.columns ?? 80) - 1)}`);
  };
  return {
    update(event) {
      if (event.type === 'start') running.add(event.table);
      else {
        running.delete(event.table);
        done++;
      }
      draw();
    },
    stop() {
      stream.write('\r\x1b[K');
    },
  };
}
