import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import type { OpenedDb } from "./db.ts";
import { claimNextJob, countJobsByStatus, insertJob, markJobDone, markJobFailed } from "./jobs.ts";

describe.each(testDialects())("job table on $name", ({ open }) => {
  let opened: OpenedDb;
  beforeEach(async () => {
    opened = await open();
  });
  afterEach(async () => {
    await opened.close();
  });
  const now = new Date("2026-11-27T10:00:00.000Z");

  it("keeps one open job per key, so enqueueing the same work twice is harmless", async () => {
    expect(await insertJob(opened.db, { name: "refresh-feed", payload: { sourceId: 1 } }, now)).toBe(true);
    expect(await insertJob(opened.db, { name: "refresh-feed", payload: { sourceId: 1 } }, now)).toBe(false);
    expect(await insertJob(opened.db, { name: "refresh-feed", payload: { sourceId: 2 } }, now)).toBe(true);
    expect((await countJobsByStatus(opened.db)).queued).toBe(2);
  });

  it("claims ready jobs in order and not jobs scheduled for later", async () => {
    await insertJob(opened.db, { name: "a", payload: { id: 1 }, runAt: new Date(now.getTime() + 60_000) }, now);
    await insertJob(opened.db, { name: "a", payload: { id: 2 } }, now);
    const job = await claimNextJob(opened.db, now);
    expect(JSON.parse(job?.payload ?? "{}")).toEqual({ id: 2 });
    expect(job?.status).toBe("running");
    expect(await claimNextJob(opened.db, now)).toBeUndefined();
    await markJobDone(opened.db, job!.id, now);
    // Once done, the same key may be enqueued again.
    expect(await insertJob(opened.db, { name: "a", payload: { id: 2 } }, now)).toBe(true);
  });

  it("retries a failed job until its last attempt, then marks it failed", async () => {
    await insertJob(opened.db, { name: "a", payload: {}, maxAttempts: 2 }, now);
    const first = await claimNextJob(opened.db, now);
    expect(await markJobFailed(opened.db, first!, "boom", now, now)).toBe("queued");
    const second = await claimNextJob(opened.db, now);
    expect(second?.attempts).toBe(2);
    expect(await markJobFailed(opened.db, second!, "boom again", now, now)).toBe("failed");
    expect((await countJobsByStatus(opened.db)).failed).toBe(1);
  });
});
