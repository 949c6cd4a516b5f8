import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import type { OpenedDb } from "./db.ts";
import {
  insertModelCall,
  listModelCallsForStory,
  listUsageByMonth,
  type NewModelCall,
  sumSpendSince,
} from "./usage.ts";

const call = (fields: Partial<NewModelCall>): NewModelCall => ({
  calledAt: "2026-11-20T10:00:00.000Z",
  storyId: 1,
  provider: "openai-compatible",
  model: "gpt-4o-mini",
  purpose: "draft",
  attempt: 1,
  outcome: "ok",
  statusCode: 200,
  tokensIn: 1000,
  tokensOut: 500,
  tokensEstimated: false,
  costUsd: 0.00045,
  latencyMs: 812.4,
  error: null,
  ...fields,
});

describe.each(testDialects())("usage ledger on $name", ({ open }) => {
  let opened: OpenedDb;
  beforeEach(async () => {
    opened = await open();
  });
  afterEach(async () => {
    await opened.close();
  });

  it("sums the spend since a date and groups calls by month, model and outcome", async () => {
    await insertModelCall(opened.db, call({}));
    await insertModelCall(
      opened.db,
      call({
        attempt: 2,
        outcome: "http-429",
        statusCode: 429,
        tokensIn: 0,
        tokensOut: 0,
        costUsd: 0,
        error: "slow down",
      }),
    );
    await insertModelCall(opened.db, call({ calledAt: "2026-12-01T00:00:00.000Z", costUsd: 0.25, storyId: 2 }));
    await insertModelCall(
      opened.db,
      call({ calledAt: "2026-12-02T00:00:00.000Z", costUsd: 0.5, tokensEstimated: true, storyId: 2 }),
    );

    expect(await sumSpendSince(opened.db, "2026-12-01T00:00:00.000Z")).toBeCloseTo(0.75, 10);
    expect(await sumSpendSince(opened.db, "2027-01-01T00:00:00.000Z")).toBe(0);
    const lines = await listUsageByMonth(opened.db);
    expect(lines.map((l) => [l.month, l.outcome, l.calls, l.tokensIn, l.estimatedCalls])).toEqual([
      ["2026-12", "ok", 2, 2000, 1],
      ["2026-11", "http-429", 1, 0, 0],
      ["2026-11", "ok", 1, 1000, 0],
    ]);
    expect(lines[0]!.costUsd).toBeCloseTo(0.75, 10);
    expect(lines[2]!.latencyMs).toBe(812);
    expect(await listUsageByMonth(opened.db, { sinceIso: "2026-12-01T00:00:00.000Z" })).toHaveLength(1);
    expect((await listModelCallsForStory(opened.db, 1)).map((c) => c.outcome)).toEqual(["ok", "http-429"]);
  });
});
