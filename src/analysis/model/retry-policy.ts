/**
 * When to try a model call again, and after how long. Retried: 408, 409, 425, 429 and every
 * 5xx (Anthropic's 529 "overloaded" included), timeouts and network errors. The wait is the
 * server's Retry-After (seconds or an HTTP date) or retry-after-ms when it sends one, otherwise
 * exponential backoff with full jitter: a uniform draw in [0, base·2^attempt], capped, so that
 * many workers hitting one limit spread out instead of retrying in step.
 */

export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 30_000;

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || (status >= 500 && status <= 599);
}

/** Full-jitter delay before retry number `retry` (1 for the first retry); `random` in [0, 1). */
export function backoffDelayMs(retry: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * The wait a response asks for, in milliseconds, or undefined when it asks for none.
 * `retry-after-ms` (OpenAI) wins over `retry-after`; an HTTP date is measured from `now`.
 */
export function retryAfterMs(headers: Headers, now: Date): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && /^\d+(?:\.\d+)?$/u.test(ms.trim())) return Math.ceil(Number(ms));
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(?:\.\d+)?$/u.test(value)) return Math.ceil(Number(value) * 1000);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
