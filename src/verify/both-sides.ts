import type { Side } from '../summary.js';

/**
 * Waits for the same work on both sides. When both fail, the source's failure is the one thrown, whichever
 * came first: a mistake both sides share (a schema named on the source and defaulted on the target) must be
 * reported against the side the user named, the same way on every run. `release` frees what one side got
 * when the other failed.
 */
export async function onBothSides<T>(
  source: Promise<T>,
  target: Promise<T>,
  release?: (value: T) => Promise<void>,
): Promise<Record<Side, T>> {
  const [sourceResult, targetResult] = await Promise.allSettled([source, target]);
  if (sourceResult.status === 'fulfilled' && targetResult.status === 'fulfilled')
    return { source: sourceResult.value, target: targetResult.value };
  if (release !== undefined) {
    await Promise.all(
      [sourceResult, targetResult].flatMap((result) => (result.status === 'fulfilled' ? [release(result.value)] : [])),
    );
  }
  throw sourceResult.status === 'rejected' ? sourceResult.reason : (targetResult as PromiseRejectedResult).reason;
}
