/**
 * A counting semaphore: at most `limit` model calls in flight per process, whatever the number
 * of workers, so a local server is not swamped and a provider's concurrency limit is respected.
 * Waiters are served in arrival order.
 */

export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createLimiter(limit: number): Limiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    active--;
    const next = waiting.shift();
    if (next) {
      active++;
      next();
    }
  };
  return {
    async run(task) {
      if (active < Math.max(1, limit)) active++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
