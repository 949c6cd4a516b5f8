import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testDialects } from "../../test/support/db.ts";
import { insertTestArticle, insertTestSource } from "../../test/support/fixtures.ts";
import { loadConfig } from "../config.ts";
import { fixedClock } from "../lib/clock.ts";
import { silentLogger } from "../lib/logger.ts";
import type { OpenedDb } from "../store/db.ts";
import { getStory, listStories } from "../store/stories.ts";
import { clusterArticle } from "./cluster-article.ts";
import { rescoreStories } from "./rescore-stories.ts";

describe.each(testDialects())("rescoring on $name", ({ open }) => {
  let opened: OpenedDb;
  beforeEach(async () => {
    opened = await open();
  });
  afterEach(async () => {
    await opened.close();
  });

  it("decays stored scores as time passes, so a fresh story goes above a bigger stale one", async () => {
    const a = await insertTestSource(opened.db);
    const b = await insertTestSource(opened.db);
    const c = await insertTestSource(opened.db);
    const config = { cluster: { ...loadConfig({}).cluster, windowHours: 48 }, publish: { minSources: 2 } };
    const at = (iso: string) => ({ db: opened.db, clock: fixedClock(iso), logger: silentLogger, config });
    const text = "Floodwater covered the harbour district of Tidewick after the river Alder burst its banks.";
    // Three outlets on the flood on day one...
    let flood = 0;
    for (const sourceId of [a, b, c]) {
      const id = await insertTestArticle(opened.db, {
        sourceId,
        title: "River Alder floods Tidewick harbour",
        text,
        publishedAt: "2026-11-20T08:00:00.000Z",
      });
      flood = (await clusterArticle(at("2026-11-20T09:00:00.000Z"), id)).storyId;
    }
    // ...one outlet on a budget vote three days later.
    const vote = await clusterArticle(
      at("2026-11-23T09:00:00.000Z"),
      await insertTestArticle(opened.db, {
        sourceId: a,
        title: "Council passes Tidewick budget",
        text: "The Tidewick council approved its budget for the coming year by nine votes to four.",
        publishedAt: "2026-11-23T08:00:00.000Z",
      }),
    );
    const before = (await getStory(opened.db, flood)).score;
    expect((await getStory(opened.db, flood)).phase).toBe("breaking");
    expect((await listStories(opened.db)).map((s) => s.id)).toEqual([flood, vote.storyId]);

    const updated = await rescoreStories({ db: opened.db, clock: fixedClock("2026-11-23T09:00:00.000Z") });
    expect(updated).toBe(2);
    const after = await getStory(opened.db, flood);
    expect(after.score).toBeLessThan(before / 4);
    expect(JSON.parse(after.score_breakdown)).toMatchObject({ ageHours: 73, sources: 3 });
    // Quiet for three days: fading; the vote an hour old: breaking.
    expect(after.phase).toBe("fading");
    expect((await getStory(opened.db, vote.storyId)).phase).toBe("breaking");
    expect((await listStories(opened.db)).map((s) => s.id)).toEqual([vote.storyId, flood]);
  });

  it("leaves stories older than the horizon alone", async () => {
    const src = await insertTestSource(opened.db);
    const config = { cluster: { ...loadConfig({}).cluster, windowHours: 48 }, publish: { minSources: 2 } };
    const id = await insertTestArticle(opened.db, {
      sourceId: src,
      title: "Old news",
      text: "Something happened in Tidewick.",
      publishedAt: "2026-10-01T08:00:00.000Z",
    });
    const { storyId } = await clusterArticle(
      { db: opened.db, clock: fixedClock("2026-10-01T09:00:00.000Z"), logger: silentLogger, config },
      id,
    );
    const before = await getStory(opened.db, storyId);
    expect(await rescoreStories({ db: opened.db, clock: fixedClock("2026-11-23T09:00:00.000Z") })).toBe(0);
    expect(await getStory(opened.db, storyId)).toEqual(before);
  });
});
