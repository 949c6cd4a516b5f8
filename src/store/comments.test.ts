import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import { seedAnalysis } from "../web/testdata/analysis-fixture.ts";
import {
  countRecentCommentsByClient,
  findComment,
  insertComment,
  listApprovedComments,
  listCommentsByStatus,
  markCommentStatus,
} from "./comments.ts";
import type { OpenedDb } from "./db.ts";

describe.each(testDialects())("comments table on $name", ({ open }) => {
  let opened: OpenedDb;
  let analysisId: number;
  beforeEach(async () => {
    opened = await open();
    analysisId = (await seedAnalysis(opened.db)).analysisId;
  });
  afterEach(async () => {
    await opened.close();
  });
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 27, 10, minute));
  const comment = (body: string, status: "approved" | "pending", clientHash = "client-a") => ({
    analysisId,
    authorName: "Ada",
    body,
    status,
    clientHash,
  });

  it("lists only approved comments of the analysis, oldest first", async () => {
    const first = await insertComment(opened.db, comment("first", "approved"), at(1));
    await insertComment(opened.db, comment("held", "pending"), at(2));
    const third = await insertComment(opened.db, comment("third", "approved"), at(3));
    const other = await seedAnalysis(opened.db, { publish: false });
    await insertComment(opened.db, { ...comment("elsewhere", "approved"), analysisId: other.analysisId }, at(4));
    expect((await listApprovedComments(opened.db, analysisId)).map((c) => c.id)).toEqual([first, third]);
  });

  it("counts a client's comments of any status since a time", async () => {
    await insertComment(opened.db, comment("old", "approved"), at(1));
    await insertComment(opened.db, comment("recent", "pending"), at(10));
    await insertComment(opened.db, comment("someone else", "approved", "client-b"), at(10));
    expect(await countRecentCommentsByClient(opened.db, "client-a", at(5))).toBe(1);
    expect(await countRecentCommentsByClient(opened.db, "client-a", at(10))).toBe(0);
    expect(await countRecentCommentsByClient(opened.db, "client-a", at(0))).toBe(2);
    expect(await countRecentCommentsByClient(opened.db, "client-c", at(0))).toBe(0);
  });

  it("moves a comment between statuses, which moves it in and out of the approved list", async () => {
    const id = await insertComment(opened.db, comment("see http://x.example", "pending"), at(1));
    expect(await listCommentsByStatus(opened.db, "pending")).toHaveLength(1);
    await markCommentStatus(opened.db, id, "approved", "read by a moderator");
    expect(await findComment(opened.db, id)).toMatchObject({
      status: "approved",
      status_reason: "read by a moderator",
    });
    expect(await listCommentsByStatus(opened.db, "pending")).toEqual([]);
    expect((await listApprovedComments(opened.db, analysisId)).map((c) => c.body)).toEqual(["see http://x.example"]);
    expect(await findComment(opened.db, id + 100)).toBeUndefined();
  });
});
