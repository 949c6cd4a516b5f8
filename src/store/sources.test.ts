import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import { NotFoundError, UserInputError } from "../lib/errors.ts";
import type { OpenedDb } from "./db.ts";
import {
  findSource,
  findSourceByFeedUrl,
  getSource,
  insertSource,
  listSources,
  listSourcesDueForPoll,
  markSourceFetched,
  updateSource,
  upsertSource,
} from "./sources.ts";

describe.each(testDialects())("sources on $name", ({ open }) => {
  let opened: OpenedDb;
  beforeEach(async () => {
    opened = await open();
  });
  afterEach(async () => {
    await opened.close();
  });
  const now = new Date("2026-11-27T10:00:00.000Z");
  const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

  it("adds a source with defaults and refuses the same feed URL twice", async () => {
    const row = await insertSource(
      opened.db,
      { name: "Harbour Gazette", feedUrl: "https://gazette.example/rss.xml" },
      now,
    );
    expect(row).toMatchObject({
      name: "Harbour Gazette",
      homepage: null,
      language: null,
      licence_mode: "full",
      allow_private: 0,
      active: 1,
      error_count: 0,
      next_poll_at: null,
      created_at: now.toISOString(),
    });
    await expect(
      insertSource(opened.db, { name: "Again", feedUrl: "https://gazette.example/rss.xml" }, now),
    ).rejects.toThrow(new UserInputError("source already exists: https://gazette.example/rss.xml"));
  });

  it("upserts idempotently, returning the row already registered", async () => {
    const first = await upsertSource(
      opened.db,
      { name: "A", feedUrl: "file:///srv/a.xml", allowPrivate: true, licenceMode: "abstract" },
      now,
    );
    const second = await upsertSource(opened.db, { name: "A renamed", feedUrl: "file:///srv/a.xml" }, later(5));
    expect(second).toEqual(first);
    expect(first).toMatchObject({ allow_private: 1, licence_mode: "abstract" });
    expect(await listSources(opened.db)).toHaveLength(1);
  });

  it("finds by id and feed URL, and get throws for a missing id", async () => {
    const row = await insertSource(opened.db, { name: "B", feedUrl: "https://b.example/feed" }, now);
    expect(await findSource(opened.db, row.id)).toEqual(row);
    expect(await findSourceByFeedUrl(opened.db, "https://b.example/feed")).toEqual(row);
    expect(await findSource(opened.db, row.id + 100)).toBeUndefined();
    await expect(getSource(opened.db, row.id + 100)).rejects.toThrow(NotFoundError);
  });

  it("lists sources due for a poll: never polled first, then the longest overdue, never inactive or future ones", async () => {
    const overdue = await insertSource(opened.db, { name: "Overdue", feedUrl: "https://o.example/f" }, now);
    const fresh = await insertSource(opened.db, { name: "Fresh", feedUrl: "https://f.example/f" }, now);
    const future = await insertSource(opened.db, { name: "Future", feedUrl: "https://u.example/f" }, now);
    const inactive = await insertSource(opened.db, { name: "Off", feedUrl: "https://i.example/f" }, now);
    await markSourceFetched(opened.db, overdue.id, { ok: true, nextPollAt: later(-30) }, now);
    await markSourceFetched(opened.db, future.id, { ok: true, nextPollAt: later(30) }, now);
    await updateSource(opened.db, inactive.id, { active: false });

    const due = await listSourcesDueForPoll(opened.db, now);
    expect(due.map((s) => s.name)).toEqual(["Fresh", "Overdue"]);
    expect(due[0]?.id).toBe(fresh.id);
  });

  it("keeps the fetch record: errors count up, the last success stays, success resets the count", async () => {
    const row = await insertSource(opened.db, { name: "C", feedUrl: "https://c.example/f" }, now);
    await markSourceFetched(
      opened.db,
      row.id,
      { ok: true, etag: '"v1"', lastModified: "Fri, 27 Nov 2026 09:00:00 GMT", nextPollAt: later(15) },
      now,
    );
    await markSourceFetched(opened.db, row.id, { ok: false, error: "HTTP 503", nextPollAt: later(45) }, later(15));
    const failed = await markSourceFetched(
      opened.db,
      row.id,
      { ok: false, error: "timeout", nextPollAt: later(90) },
      later(30),
    );
    expect(failed).toMatchObject({
      last_success_at: now.toISOString(),
      last_fetched_at: later(30).toISOString(),
      last_error: "timeout",
      error_count: 2,
      etag: '"v1"',
      next_poll_at: later(90).toISOString(),
    });
    // A 304 carries no validators: the stored ones stay.
    const recovered = await markSourceFetched(opened.db, row.id, { ok: true, nextPollAt: later(60) }, later(45));
    expect(recovered).toMatchObject({
      last_error: null,
      error_count: 0,
      last_success_at: later(45).toISOString(),
      etag: '"v1"',
    });
    await expect(markSourceFetched(opened.db, row.id + 100, { ok: true, nextPollAt: now }, now)).rejects.toThrow(
      NotFoundError,
    );
  });

  it("updates only the fields given", async () => {
    const row = await insertSource(
      opened.db,
      { name: "D", feedUrl: "https://d.example/f", homepage: "https://d.example/" },
      now,
    );
    const updated = await updateSource(opened.db, row.id, { language: "ko", licenceMode: "abstract" });
    expect(updated).toMatchObject({
      name: "D",
      homepage: "https://d.example/",
      language: "ko",
      licence_mode: "abstract",
    });
  });

  it("records why the next poll is when it is, and the feed's ttl until a feed says otherwise", async () => {
    const row = await insertSource(opened.db, { name: "E", feedUrl: "https://e.example/f" }, now);
    await markSourceFetched(
      opened.db,
      row.id,
      { ok: true, nextPollAt: later(120), pollReason: "feed ttl 2 h", feedTtlMinutes: 120 },
      now,
    );
    // A 304 says nothing about the feed's ttl: it stays.
    const unchanged = await markSourceFetched(
      opened.db,
      row.id,
      { ok: true, nextPollAt: later(240), pollReason: "feed ttl 2 h" },
      later(120),
    );
    expect(unchanged).toMatchObject({ feed_ttl_minutes: 120, poll_reason: "feed ttl 2 h" });
    const failed = await markSourceFetched(
      opened.db,
      row.id,
      { ok: false, error: "HTTP 503", nextPollAt: later(360), pollReason: "Retry-After 2 h" },
      later(240),
    );
    expect(failed).toMatchObject({ poll_reason: "Retry-After 2 h", feed_ttl_minutes: 120, error_count: 1 });
  });

  it("moves a source to a discovered feed URL", async () => {
    const row = await insertSource(opened.db, { name: "F", feedUrl: "https://f.example/" }, now);
    const moved = await updateSource(opened.db, row.id, { feedUrl: "https://f.example/feed.xml" });
    expect(moved.feed_url).toBe("https://f.example/feed.xml");
    expect(await findSourceByFeedUrl(opened.db, "https://f.example/")).toBeUndefined();
  });
});
