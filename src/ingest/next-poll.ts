/**
 * When to poll a feed next. In: the outcome of this poll (the feed's own hints, the HTTP caching
 * headers, Retry-After, the run of consecutive errors) and the configured bounds; out: a time
 * and the reason in words. Pure: the clock's `now` and a seed come in, so the same poll always
 * gets the same answer.
 *
 * Hints can only lengthen the interval: a server saying max-age=60 does not make PRISM poll
 * every minute, but a feed saying ttl=120 is left alone for two hours. Everything is kept
 * within [min, max] minutes, errors back off exponentially up to a day, and a little jitter
 * (±10%) keeps feeds added together from being polled in lockstep forever.
 */

export interface PollPolicy {
  /** The normal interval, minutes. */
  refreshMinutes: number;
  minMinutes: number;
  maxMinutes: number;
}

export interface PollHints {
  /** RSS <ttl> or the syndication module's period, minutes. */
  ttlMinutes?: number | null;
  cacheControl?: string | null;
  expires?: string | null;
  /** The response's Date header: Expires and Retry-After dates are read against the server's clock. */
  date?: string | null;
}

export interface NextPoll {
  at: Date;
  reason: string;
}

const MINUTE_MS = 60_000;
/** The longest any feed waits, whatever its errors or hints say: a failing feed is retried daily. */
export const MAX_BACKOFF_MS = 24 * 60 * MINUTE_MS;
const JITTER = 0.1;

export function nextPollAfterSuccess(policy: PollPolicy, hints: PollHints, now: Date, seed: string): NextPoll {
  let minutes = policy.refreshMinutes;
  let reason = `every ${formatMinutes(policy.refreshMinutes)}`;
  const consider = (value: number | null | undefined, label: string) => {
    if (value !== null && value !== undefined && Number.isFinite(value) && value > minutes) {
      minutes = value;
      reason = `${label} ${formatMinutes(value)}`;
    }
  };
  consider(hints.ttlMinutes, "feed ttl");
  const maxAge = maxAgeSeconds(hints.cacheControl);
  if (maxAge !== undefined) consider(maxAge / 60, "Cache-Control max-age");
  else {
    // Expires counts only without max-age (RFC 9111, 5.3).
    const expires = httpDateDelayMs(hints.expires, hints.date, now);
    if (expires !== undefined) consider(expires / MINUTE_MS, "Expires in");
  }
  const bounded = clamp(minutes, policy.minMinutes, policy.maxMinutes);
  if (bounded < minutes) reason += ` (capped at ${formatMinutes(policy.maxMinutes)})`;
  const delayMs = clamp(
    bounded * (1 + jitter(seed)),
    policy.minMinutes,
    Math.max(policy.minMinutes, policy.maxMinutes),
  );
  return { at: new Date(now.getTime() + Math.round(delayMs * MINUTE_MS)), reason };
}

/**
 * After the n-th consecutive failure: the normal interval doubled n times, or what the server
 * asked for with Retry-After if that is longer; never more than a day.
 */
export function nextPollAfterError(
  policy: PollPolicy,
  errorCount: number,
  retry: { retryAfter?: string | null; date?: string | null },
  now: Date,
  seed: string,
): NextPoll {
  const backoff = backoffDelayMs(policy.refreshMinutes, errorCount);
  const asked = retryAfterMs(retry.retryAfter, retry.date, now);
  let delay = backoff;
  let reason = `backoff after ${errorCount} error${errorCount === 1 ? "" : "s"}`;
  if (asked !== undefined && asked > backoff) {
    delay = Math.min(asked, MAX_BACKOFF_MS);
    reason = `Retry-After ${formatMinutes(asked / MINUTE_MS)}`;
  }
  const jittered = Math.min(MAX_BACKOFF_MS, delay * (1 + jitter(seed)));
  return { at: new Date(now.getTime() + Math.round(Math.max(jittered, policy.minMinutes * MINUTE_MS))), reason };
}

/** The normal interval doubled `errorCount` times, at most a day. */
export function backoffDelayMs(refreshMinutes: number, errorCount: number): number {
  return Math.min(MAX_BACKOFF_MS, refreshMinutes * MINUTE_MS * 2 ** Math.min(Math.max(errorCount, 0), 20));
}

/** max-age (or s-maxage, which a shared reader like PRISM may use) in seconds; undefined when absent. */
export function maxAgeSeconds(cacheControl: string | null | undefined): number | undefined {
  if (!cacheControl) return undefined;
  let found: number | undefined;
  for (const directive of cacheControl.split(",")) {
    const match = directive.trim().match(/^(s-maxage|max-age)\s*=\s*"?(\d{1,10})"?$/i);
    if (!match) continue;
    const value = Number(match[2]);
    if (match[1]?.toLowerCase() === "s-maxage" || found === undefined) found = value;
  }
  return found;
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, date: string | null | undefined, now: Date) {
  const raw = value?.trim();
  if (!raw) return undefined;
  if (/^\d{1,10}$/.test(raw)) return Number(raw) * 1000;
  return httpDateDelayMs(raw, date, now);
}

/** How far `target` (an HTTP date) lies after the response's Date, or after now without one. */
function httpDateDelayMs(target: string | null | undefined, date: string | null | undefined, now: Date) {
  if (!target) return undefined;
  const at = Date.parse(target);
  if (Number.isNaN(at)) return undefined;
  const served = date ? Date.parse(date) : Number.NaN;
  const reference = Number.isNaN(served) ? now.getTime() : served;
  return Math.max(0, at - reference);
}

/** RSS <ttl> (minutes) or sy:updatePeriod/updateFrequency, as minutes; null when the feed says nothing usable. */
export function feedTtlMinutes(feed: {
  ttl?: number | string | null;
  updatePeriod?: string | null;
  updateFrequency?: number | string | null;
}): number | null {
  const ttl = Number(feed.ttl);
  if (feed.ttl !== null && feed.ttl !== undefined && Number.isFinite(ttl) && ttl > 0) return ttl;
  const period = PERIOD_MINUTES[feed.updatePeriod?.trim().toLowerCase() ?? ""];
  if (!period) return null;
  const frequency = Number(feed.updateFrequency ?? 1);
  return period / (Number.isFinite(frequency) && frequency >= 1 ? frequency : 1);
}

const PERIOD_MINUTES: Record<string, number> = {
  hourly: 60,
  daily: 24 * 60,
  weekly: 7 * 24 * 60,
  monthly: 30 * 24 * 60,
  yearly: 365 * 24 * 60,
};

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), Math.max(low, high));
}

/** A fraction in [-JITTER, JITTER) from the seed (FNV-1a), so a poll's jitter is reproducible. */
function jitter(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (((h >>> 0) / 0x100000000) * 2 - 1) * JITTER;
}

function formatMinutes(minutes: number): string {
  if (minutes >= 120 && minutes % 60 === 0) return `${minutes / 60} h`;
  if (minutes >= 1) return `${Math.round(minutes)} min`;
  return `${Math.round(minutes * 60)} s`;
}
