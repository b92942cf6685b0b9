import { interruptedBeforeStart } from '../errors.js';
import { removeTemporaryFilesNow } from '../report/atomic-file.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Runs work with the first SIGINT or SIGTERM turned into an abort: the queries are cancelled on both servers
 * and the partial report is still written. A second signal exits at once with 130, leaving no temporary file.
 */
export async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) {
      removeTemporaryFilesNow();
      process.exit(130);
    }
    process.stderr.write(
      '\npgverify: interrupted, cancelling queries and writing the partial report (again to quit at once)\n',
    );
    controller.abort();
  };
  for (const name of SIGNALS) process.on(name, onSignal);
  try {
    return await work(controller.signal);
  } catch (error) {
    if (controller.signal.aborted) throw interruptedBeforeStart(error);
    throw error;
  } finally {
    for (const name of SIGNALS) process.off(name, onSignal);
  }
}
