import { describe, expect, it } from "vitest";
import {
  backoffDelayMs,
  feedTtlMinutes,
  maxAgeSeconds,
  nextPollAfterError,
  nextPollAfterSuccess,
  retryAfterMs,
} from "./next-poll.ts";

const NOW = new Date("2026-11-27T12:00:00.000Z");
const policy = { refreshMinutes: 15, minMinutes: 5, maxMinutes: 24 * 60 };
const minutes = (at: Date) => (at.getTime() - NOW.getTime()) / 60_000;

describe("nextPollAfterSuccess", () => {
  it("polls every refresh interval, with at most 10% jitter that depends on the seed only", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const next = nextPollAfterSuccess(policy, {}, NOW, `source-${i}`);
      expect(minutes(next.at)).toBeGreaterThanOrEqual(13.5);
      expect(minutes(next.at)).toBeLessThanOrEqual(16.5);
      expect(next.reason).toBe("every 15 min");
      seen.add(next.at.getTime());
    }
    // Feeds added together do not stay in lockstep.
    expect(seen.size).toBeGreaterThan(10);
    expect(nextPollAfterSuccess(policy, {}, NOW, "same")).toEqual(nextPollAfterSuccess(policy, {}, NOW, "same"));
  });

  it("waits longer when the feed's ttl or the server's caching headers ask for it", () => {
    const ttl = nextPollAfterSuccess(policy, { ttlMinutes: 120 }, NOW, "a");
    expect(ttl.reason).toBe("feed ttl 2 h");
    expect(minutes(ttl.at)).toBeGreaterThanOrEqual(108);
    expect(minutes(ttl.at)).toBeLessThanOrEqual(132);

    const maxAge = nextPollAfterSuccess(policy, { cacheControl: "public, max-age=3600" }, NOW, "a");
    expect(maxAge.reason).toBe("Cache-Control max-age 60 min");
    expect(minutes(maxAge.at)).toBeGreaterThanOrEqual(54);

    const expires = nextPollAfterSuccess(
      policy,
      { expires: "Fri, 27 Nov 2026 13:30:00 GMT", date: "Fri, 27 Nov 2026 12:00:00 GMT" },
      NOW,
      "a",
    );
    expect(expires.reason).toBe("Expires in 90 min");
  });

  it("never polls more often than the refresh interval, whatever the server says", () => {
    const next = nextPollAfterSuccess(policy, { cacheControl: "max-age=10", ttlMinutes: 1 }, NOW, "b");
    expect(next.reason).toBe("every 15 min");
    expect(minutes(next.at)).toBeGreaterThanOrEqual(13.5);
  });

  it("reads Expires against the server's Date, and ignores it when max-age is given", () => {
    // The server's clock runs an hour behind ours: Expires one hour after its Date means one hour.
    const skewed = nextPollAfterSuccess(
      policy,
      { expires: "Fri, 27 Nov 2026 12:00:00 GMT", date: "Fri, 27 Nov 2026 11:00:00 GMT" },
      NOW,
      "c",
    );
    expect(skewed.reason).toBe("Expires in 60 min");
    const both = nextPollAfterSuccess(
      policy,
      { cacheControl: "max-age=1800", expires: "Sat, 28 Nov 2026 12:00:00 GMT" },
      NOW,
      "c",
    );
    expect(both.reason).toBe("Cache-Control max-age 30 min");
  });

  it("keeps every hint within the configured maximum", () => {
    const next = nextPollAfterSuccess({ ...policy, maxMinutes: 180 }, { ttlMinutes: 7 * 24 * 60 }, NOW, "d");
    expect(minutes(next.at)).toBeLessThanOrEqual(180);
    expect(next.reason).toContain("capped at 3 h");
  });
});

describe("nextPollAfterError", () => {
  it("backs off exponentially and never waits more than a day", () => {
    expect(backoffDelayMs(15, 1)).toBe(30 * 60_000);
    expect(backoffDelayMs(15, 3)).toBe(120 * 60_000);
    expect(backoffDelayMs(15, 12)).toBe(24 * 60 * 60_000);
    expect(backoffDelayMs(15, 1000)).toBe(24 * 60 * 60_000);
    const late = nextPollAfterError(policy, 30, {}, NOW, "e");
    expect(minutes(late.at)).toBeLessThanOrEqual(24 * 60);
    expect(late.reason).toBe("backoff after 30 errors");
  });

  it("honours a Retry-After longer than the backoff, in seconds or as a date", () => {
    const seconds = nextPollAfterError(policy, 1, { retryAfter: "7200" }, NOW, "f");
    expect(seconds.reason).toBe("Retry-After 2 h");
    expect(minutes(seconds.at)).toBeGreaterThanOrEqual(108);

    const dated = nextPollAfterError(
      policy,
      1,
      { retryAfter: "Fri, 27 Nov 2026 15:00:00 GMT", date: "Fri, 27 Nov 2026 12:00:00 GMT" },
      NOW,
      "f",
    );
    expect(dated.reason).toBe("Retry-After 3 h");

    // A Retry-After shorter than the backoff does not shorten it.
    expect(nextPollAfterError(policy, 2, { retryAfter: "60" }, NOW, "f").reason).toBe("backoff after 2 errors");
    // Nor does a server get a feed dropped for longer than a day.
    expect(minutes(nextPollAfterError(policy, 1, { retryAfter: "9999999" }, NOW, "f").at)).toBeLessThanOrEqual(1440);
  });
});

describe("header and feed hints", () => {
  it("reads max-age, preferring s-maxage, and ignores malformed directives", () => {
    expect(maxAgeSeconds("public, max-age=600")).toBe(600);
    expect(maxAgeSeconds("max-age=600, s-maxage=1200")).toBe(1200);
    expect(maxAgeSeconds("no-cache")).toBeUndefined();
    expect(maxAgeSeconds("max-age=soon")).toBeUndefined();
    expect(maxAgeSeconds(null)).toBeUndefined();
  });

  it("reads Retry-After and leaves nonsense alone", () => {
    expect(retryAfterMs("120", null, NOW)).toBe(120_000);
    expect(retryAfterMs("Fri, 27 Nov 2026 12:10:00 GMT", null, NOW)).toBe(600_000);
    expect(retryAfterMs("later", null, NOW)).toBeUndefined();
    expect(retryAfterMs("Fri, 27 Nov 2026 11:00:00 GMT", null, NOW)).toBe(0);
  });

  it("reads RSS ttl and the syndication module's update period", () => {
    expect(feedTtlMinutes({ ttl: 60 })).toBe(60);
    expect(feedTtlMinutes({ ttl: "30" })).toBe(30);
    expect(feedTtlMinutes({ updatePeriod: "hourly", updateFrequency: 2 })).toBe(30);
    expect(feedTtlMinutes({ updatePeriod: "daily" })).toBe(1440);
    expect(feedTtlMinutes({ ttl: -5 })).toBeNull();
    expect(feedTtlMinutes({ updatePeriod: "fortnightly" })).toBeNull();
  });
});
