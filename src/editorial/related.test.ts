import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import { markAnalysisPublished } from "../store/analyses.ts";
import type { OpenedDb } from "../store/db.ts";
import { computeRelated, RELATED_MAX } from "./related.ts";
import { insertTestAnalysis, type TestAnalysis } from "./testdata/insert-analysis.ts";

const DAY = 86_400_000;

const MPOX: TestAnalysis = {
  headline: "WHO declares mpox a global health emergency",
  category: "Health",
  tags: ["WHO", "Democratic Republic of the Congo"],
  claims: [
    "The World Health Organization declared mpox a public health emergency.",
    "The Democratic Republic of the Congo reported most mpox cases.",
    "Vaccine doses for mpox are scarce in Africa.",
  ],
};
const MPOX_VACCINES: TestAnalysis = {
  headline: "First mpox vaccine doses reach the Democratic Republic of the Congo",
  category: "Health",
  tags: ["Democratic Republic of the Congo", "Africa CDC"],
  claims: [
    "The first mpox vaccine doses arrived in the Democratic Republic of the Congo.",
    "Health officials plan to vaccinate people in the worst-hit provinces against mpox.",
    "Africa CDC said more doses are needed.",
  ],
};
const PANDEMIC: TestAnalysis = {
  headline: "Health assembly adopts pandemic agreement",
  category: "Health",
  tags: ["WHO", "World Health Assembly"],
  claims: [
    "The World Health Assembly adopted a pandemic agreement.",
    "Countries pledged to share vaccine doses in a future health emergency.",
    "The WHO said negotiations lasted three years.",
  ],
};
const TENNIS: TestAnalysis = {
  headline: "Sinner wins Wimbledon",
  category: "Sports",
  tags: ["Jannik Sinner", "Wimbledon"],
  claims: [
    "Jannik Sinner won the Wimbledon final.",
    "He beat Carlos Alcaraz in four sets.",
    "It was his first Wimbledon title.",
  ],
};
const STEEL: TestAnalysis = {
  headline: "Nippon Steel completes takeover of U.S. Steel",
  category: "Business",
  tags: ["Nippon Steel", "U.S. Steel"],
  claims: [
    "Nippon Steel completed its takeover.",
    "The deal was worth $14.1 billion.",
    "Workers in Pittsburgh await investment.",
  ],
};

describe.each(testDialects())("computeRelated on $name", ({ open }) => {
  let opened: OpenedDb;
  const start = new Date("2026-11-01T12:00:00.000Z");
  beforeEach(async () => {
    opened = await open();
  });
  afterEach(async () => {
    await opened.close();
  });

  /** Publishes analyses a day apart, oldest first; returns their ids. */
  async function publishAll(list: TestAnalysis[]): Promise<number[]> {
    const ids: number[] = [];
    for (const [i, a] of list.entries()) {
      const at = new Date(start.getTime() + i * DAY);
      const v = await insertTestAnalysis(opened.db, a, at);
      await markAnalysisPublished(opened.db, v.analysisId, v.versionId, at);
      ids.push(v.analysisId);
    }
    return ids;
  }
  const relatedOf = async (id: number) =>
    (
      await opened.db
        .selectFrom("related_analyses")
        .select(["related_id", "score"])
        .where("analysis_id", "=", id)
        .orderBy("score", "desc")
        .orderBy("related_id", "asc")
        .execute()
    ).map((r) => r.related_id);

  it("links the most similar analyses of other stories first, never itself", async () => {
    const [mpox, , pandemic, , vaccines] = await publishAll([MPOX, TENNIS, PANDEMIC, STEEL, MPOX_VACCINES]);
    const links = await computeRelated(opened.db, vaccines!, new Date(start.getTime() + 5 * DAY));
    expect(links.map((l) => l.relatedId).slice(0, 2)).toEqual([mpox, pandemic]);
    expect(links.map((l) => l.relatedId)).not.toContain(vaccines);
    expect(links.length).toBeGreaterThanOrEqual(3);
    expect(links.length).toBeLessThanOrEqual(RELATED_MAX);
    expect(await relatedOf(vaccines!)).toEqual(links.map((l) => l.relatedId));
  });

  it("refreshes the pages it links to, so older analyses link forward to the newer one", async () => {
    const [mpox, , pandemic, , vaccines] = await publishAll([MPOX, TENNIS, PANDEMIC, STEEL, MPOX_VACCINES]);
    expect(await relatedOf(mpox!)).toEqual([]);
    await computeRelated(opened.db, vaccines!, new Date(start.getTime() + 5 * DAY));
    expect((await relatedOf(mpox!))[0]).toBe(vaccines);
    expect(await relatedOf(pandemic!)).toContain(vaccines);
  });

  it("prefers the newer of two equally similar analyses", async () => {
    const older = { ...MPOX, headline: "WHO declares mpox a global health emergency again" };
    const [old, , recent, target] = await publishAll([older, TENNIS, MPOX, MPOX_VACCINES]);
    // Push the first one two months back.
    await opened.db
      .updateTable("analyses")
      .set({ published_at: new Date(start.getTime() - 60 * DAY).toISOString() })
      .where("id", "=", old!)
      .execute();
    const links = await computeRelated(opened.db, target!, new Date(start.getTime() + 4 * DAY));
    const order = links.map((l) => l.relatedId);
    expect(order.indexOf(recent!)).toBeLessThan(order.indexOf(old!));
  });

  it("fills up to three links even when little is alike, and none when alone", async () => {
    const [alone] = await publishAll([TENNIS]);
    expect(await computeRelated(opened.db, alone!, start)).toEqual([]);
    const [, , , steel] = await publishAll([MPOX, PANDEMIC, MPOX_VACCINES, STEEL]);
    expect((await computeRelated(opened.db, steel!, start)).length).toBe(3);
  });
});
