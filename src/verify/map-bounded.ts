/**
 * Maps items at most `limit` at a time, keeping their order: the one worker pool of pgverify (tables of a
 * run, runs of a forEach). Once `stop()` is true no item starts; the items never started stay undefined.
 * `work` must not throw: its failures are its results.
 */
export function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]>;
export function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  stop: () => boolean,
): Promise<Array<R | undefined>>;
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  stop: () => boolean = () => false,
): Promise<Array<R | undefined>> {
  const results = new Array<R | undefined>(items.length).fill(undefined);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !stop()) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(limit, 1), Math.max(items.length, 1)) }, worker));
  return results;
}
