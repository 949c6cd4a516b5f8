import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import { fixedClock } from "../lib/clock.ts";
import { listCommentsByStatus } from "../store/comments.ts";
import type { OpenedDb } from "../store/db.ts";
import { seedAnalysis } from "../web/testdata/analysis-fixture.ts";
import { type CommentDeps, hashClientKey, submitComment } from "./comments.ts";

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
  const post = (fields: Partial<{ name: string; text: string; honeypot: string; clientKey: string }> = {}) =>
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
    expect(await post({ name: "é".repeat(60) })).toMatchObject({ ok: true });
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
    const again = await post();
    expect(again).toMatchObject({ ok: false, error: "too-fast" });
    expect(again.ok === false && again.message).toContain("30 seconds");
    expect(await post({ clientKey: "192.0.2.2" })).toMatchObject({ ok: true });
    clock.advance(1_000);
    expect(await post()).toMatchObject({ ok: true });
    expect(await stored()).toHaveLength(3);
  });

  it("has no rate limit when the interval is zero", async () => {
    deps = { ...deps, config: { ...deps.config, comments: { maxChars: 50, minIntervalSeconds: 0 } } };
    expect(await post()).toMatchObject({ ok: true });
    expect(await post()).toMatchObject({ ok: true });
  });
});
