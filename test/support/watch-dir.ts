import { watch } from 'node:fs';
import { readdir } from 'node:fs/promises';

/**
 * Resolves with a directory's entries (sorted) once `ready` holds for them: checked at once, then again each time
 * the file system reports a change in the directory (a file created, written, renamed or removed). Waits on
 * those events, never on the clock; the watch starts before the first look, so no change can slip between them.
 */
export function untilDirectory(
  directory: string,
  ready: (entries: string[]) => boolean | Promise<boolean>,
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const watcher = watch(directory);
    let looking = false;
    let changedMeanwhile = false;
    const look = async (): Promise<void> => {
      if (looking) {
        changedMeanwhile = true;
        return;
      }
      looking = true;
      try {
        do {
          changedMeanwhile = false;
          const entries = (await readdir(directory)).sort();
          if (await ready(entries)) {
            watcher.close();
            resolve(entries);
            return;
          }
        } while (changedMeanwhile);
      } catch (error) {
        watcher.close();
        reject(error instanceof Error ? error : new Error(String(error)));
      } finally {
        looking = false;
      }
    };
    watcher.on('change', () => void look());
    watcher.on('error', (error) => {
      watcher.close();
      reject(error);
    });
    void look();
  });
}
