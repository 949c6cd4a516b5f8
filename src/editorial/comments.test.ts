import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import { fixedClock } from "../lib/clock.ts";
import { findComment, listCommentsByStatus } from "../store/comments.ts";
import type { OpenedDb } from "../store/db.ts";
import { findSiteRevision } from "../store/site-state.ts";
import { fixtureBody, seedAnalysis } from "../web/testdata/analysis-fixture.ts";
import { type CommentDeps, hashClientKey, moderateComment, submitComment } from "./comments.ts";

describe.each(testDialects())("submitComment on $name", ({ open }) => {
  let opened: OpenedDb;
  let deps: CommentDeps;
  let clock: ReturnType<typeof fixedClock>;
  let analysisId: number;
  beforeEach(async () => {
    opened = await open();
    clock = fixedClock("2026-11-27T10:00:00.000Z");
    deps = {
      db: opened.db,
      clock,
      config: { comments: { maxChars: 50, minIntervalSeconds: 30 }, secretKey: "secret-for-the-tests" },
    };
    analysisId = (await seedAnalysis(opened.db)).analysisId;
  });
  afterEach(async () => {
    await opened.close();
  });
  const post = (
    fields: Partial<{
      name: string;
      text: string;
      honeypot: string;
      clientKey: string;
      analysisId: number;
      parentId: number;
    }> = {},
  ) =>
    submitComment(deps, {
      analysisId,
      name: "Ada",
      text: "A thought.",
      honeypot: "",
      clientKey: "192.0.2.1",
      ...fields,
    });
  const stored = async () => [
    ...(await listCommentsByStatus(opened.db, "approved")),
    ...(await listCommentsByStatus(opened.db, "pending")),
  ];

  it("approves a plain thought and stores it trimmed, with line breaks and a keyed client hash", async () => {
    const result = await post({ name: "  Ada \n Lovelace ", text: "\r\n Line one\r\nLine two  \n\n\n\nEnd\u202E " });
    expect(result).toMatchObject({ ok: true, status: "approved" });
    const [row] = await stored();
    expect(row).toMatchObject({ author_name: "Ada Lovelace", body: "Line one\nLine two\n\nEnd", status: "approved" });
    expect(row?.client_hash).toBe(hashClientKey("secret-for-the-tests", "192.0.2.1"));
    expect(row?.client_hash).not.toContain("192.0.2.1");
  });

  it("holds thoughts with links for a moderator", async () => {
    expect(await post({ text: "More at https://elsewhere.example" })).toMatchObject({ ok: true, status: "pending" });
    clock.advance(60_000);
    expect(await post({ text: "Or www.elsewhere.example" })).toMatchObject({ ok: true, status: "pending" });
    clock.advance(60_000);
    expect(await post({ name: "http://spam.example" })).toMatchObject({ ok: true, status: "pending" });
    expect((await listCommentsByStatus(opened.db, "pending")).map((c) => c.status_reason)).toEqual([
      "contains a link",
      "contains a link",
      "contains a link",
    ]);
  });

  it("accepts names of 1 and 60 characters and refuses 0 and 61", async () => {
    expect(await post({ name: "A" })).toMatchObject({ ok: true });
    clock.advance(60_000);
    expect(await post({ name: "é".repeat(60), text: "Another thought." })).toMatchObject({ ok: true });
    expect(await post({ name: " \t " })).toMatchObject({ ok: false, error: "name-invalid" });
    expect(await post({ name: "x".repeat(61) })).toMatchObject({ ok: false, error: "name-invalid" });
  });

  it("accepts a text of exactly the limit and refuses one character more", async () => {
    expect(await post({ text: "x".repeat(51) })).toMatchObject({ ok: false, error: "too-long" });
    expect(await post({ text: "x".repeat(50) })).toMatchObject({ ok: true });
  });

  it("refuses empty texts, filled honeypots and fast repeats, storing none of them", async () => {
    expect(await post({ text: " \n\u200B " })).toMatchObject({ ok: false, error: "empty" });
    expect(await post({ honeypot: "https://bot.example" })).toMatchObject({ ok: false, error: "spam" });
    expect(await stored()).toEqual([]);
    expect(await post()).toMatchObject({ ok: true });
    clock.advance(29_000);
    const again = await post({ text: "A second thought." });
    expect(again).toMatchObject({ ok: false, error: "too-fast" });
    expect(again.ok === false && again.message).toContain("30 seconds");
    expect(await post({ clientKey: "192.0.2.2", text: "From elsewhere." })).toMatchObject({ ok: true });
    clock.advance(1_000);
    expect(await post({ text: "A second thought." })).toMatchObject({ ok: true });
    expect(await stored()).toHaveLength(3);
  });

  it("has no rate limit when the interval is zero", async () => {
    deps = { ...deps, config: { ...deps.config, comments: { maxChars: 50, minIntervalSeconds: 0 } } };
    expect(await post()).toMatchObject({ ok: true });
    expect(await post({ text: "Right after." })).toMatchObject({ ok: true });
  });

  it("refuses the same text twice on one page, whoever posts it, ignoring case and spacing", async () => {
    expect(await post({ text: "Same words here." })).toMatchObject({ ok: true });
    clock.advance(60_000);
    expect(await post({ text: "  same   WORDS here. ", clientKey: "198.51.100.9" })).toMatchObject({
      ok: false,
      error: "duplicate",
    });
  });

  it("refuses the same text from one client on another page within a day", async () => {
    const other = (await seedAnalysis(opened.db, { body: fixtureBody({ headline: "Another Fernbay analysis" }) }))
      .analysisId;
    expect(await post({ text: "Pasted everywhere." })).toMatchObject({ ok: true });
    clock.advance(60_000);
    expect(await post({ analysisId: other, text: "Pasted everywhere." })).toMatchObject({
      ok: false,
      error: "duplicate",
    });
    clock.advance(25 * 3_600_000);
    expect(await post({ analysisId: other, text: "Pasted everywhere." })).toMatchObject({ ok: true });
  });

  it("limits posts per address per hour and per page per hour", async () => {
    deps = {
      ...deps,
      config: { ...deps.config, comments: { maxChars: 50, minIntervalSeconds: 0, maxPerHour: 2, pageMaxPerHour: 3 } },
    };
    expect(await post({ text: "one" })).toMatchObject({ ok: true });
    expect(await post({ text: "two" })).toMatchObject({ ok: true });
    expect(await post({ text: "three" })).toMatchObject({ ok: false, error: "too-many" });
    expect(await post({ text: "three", clientKey: "192.0.2.7" })).toMatchObject({ ok: true });
    expect(await post({ text: "four", clientKey: "192.0.2.8" })).toMatchObject({ ok: false, error: "page-busy" });
    clock.advance(3_600_001);
    expect(await post({ text: "four", clientKey: "192.0.2.8" })).toMatchObject({ ok: true });
  });

  it("keeps replies one level deep and refuses replies to hidden or foreign thoughts", async () => {
    deps = { ...deps, config: { ...deps.config, comments: { maxChars: 50, minIntervalSeconds: 0 } } };
    const top = await post({ text: "Top level." });
    if (!top.ok) throw new Error("top-level post refused");
    const reply = await post({ text: "A reply.", parentId: top.id });
    expect(reply).toMatchObject({ ok: true, parentId: top.id });
    if (!reply.ok) throw new Error("reply refused");
    expect(await post({ text: "A reply to the reply.", parentId: reply.id })).toMatchObject({
      ok: true,
      parentId: top.id,
    });
    const held = await post({ text: "see www.example.org" });
    if (!held.ok) throw new Error("held post refused");
    expect(await post({ text: "Replying to held.", parentId: held.id })).toMatchObject({
      ok: false,
      error: "reply-invalid",
    });
    const other = (await seedAnalysis(opened.db, { body: fixtureBody({ headline: "Another Fernbay analysis" }) }))
      .analysisId;
    expect(await post({ analysisId: other, text: "Cross-page.", parentId: top.id })).toMatchObject({
      ok: false,
      error: "reply-invalid",
    });
    expect(await post({ text: "Nothing there.", parentId: 999_999 })).toMatchObject({
      ok: false,
      error: "reply-invalid",
    });
  });

  it("approves, rejects and marks spam, bumping the site revision each time", async () => {
    const held = await post({ text: "see https://example.org/x" });
    if (!held.ok) throw new Error("held post refused");
    const before = (await findSiteRevision(opened.db))?.revision ?? 0;
    await moderateComment({ db: opened.db, clock }, held.id, "approved");
    expect((await findComment(opened.db, held.id))?.status).toBe("approved");
    expect((await findSiteRevision(opened.db))?.revision).toBe(before + 1);
    await moderateComment({ db: opened.db, clock }, held.id, "spam");
    expect(await findComment(opened.db, held.id)).toMatchObject({ status: "spam", status_reason: "marked spam" });
    await moderateComment({ db: opened.db, clock }, held.id, "rejected", "off topic");
    expect(await findComment(opened.db, held.id)).toMatchObject({ status: "rejected", status_reason: "off topic" });
    await expect(moderateComment({ db: opened.db, clock }, 999_999, "approved")).rejects.toThrow(/not found/);
  });

  it("will not approve a reply whose thread is hidden", async () => {
    deps = { ...deps, config: { ...deps.config, comments: { maxChars: 50, minIntervalSeconds: 0 } } };
    const top = await post({ text: "Top level." });
    if (!top.ok) throw new Error("refused");
    const reply = await post({ text: "see www.example.org", parentId: top.id });
    if (!reply.ok) throw new Error("refused");
    await moderateComment({ db: opened.db, clock }, top.id, "rejected");
    await expect(moderateComment({ db: opened.db, clock }, reply.id, "approved")).rejects.toThrow(/not approved/);
  });
});
