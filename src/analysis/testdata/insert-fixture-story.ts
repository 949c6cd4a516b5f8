/**
 * Puts a story fixture in the store as the clustering stage would leave it: one source per
 * outlet, an item and article per fixture article, a story row, articles.story_id set.
 */
import { insertTestArticle, insertTestSource } from "../../../test/support/fixtures.ts";
import type { Db } from "../../store/db.ts";
import type { StoryFixture } from "./load-fixture.ts";

let stories = 0;

export async function insertFixtureStory(
  db: Db,
  fixture: StoryFixture,
  options: { articles?: number; urlPrefix?: string } = {},
): Promise<{ storyId: number; articleIds: number[]; sourceIds: Map<string, number> }> {
  stories++;
  const now = "2026-11-27T10:00:00.000Z";
  const story = await db
    .insertInto("stories")
    .values({
      slug: `fixture-story-${stories}-${Date.now()}`,
      title: fixture.articles[0]!.title,
      first_seen_at: now,
      last_seen_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const sourceIds = new Map<string, number>();
  const articleIds: number[] = [];
  for (const a of fixture.articles.slice(0, options.articles ?? fixture.articles.length)) {
    await addFixtureArticle(db, story.id, a, sourceIds, articleIds, options.urlPrefix ?? `s${story.id}`);
  }
  return { storyId: story.id, articleIds, sourceIds };
}

export async function addFixtureArticle(
  db: Db,
  storyId: number,
  a: StoryFixture["articles"][number],
  sourceIds: Map<string, number>,
  articleIds: number[],
  urlPrefix: string,
): Promise<number> {
  let sourceId = sourceIds.get(a.outlet);
  if (sourceId === undefined) {
    sourceId = await insertTestSource(db, { name: a.outlet, feedUrl: `${a.url}/${urlPrefix}/feed.xml` });
    sourceIds.set(a.outlet, sourceId);
  }
  const id = await insertTestArticle(db, {
    sourceId,
    title: a.title,
    text: a.text,
    publishedAt: a.publishedAt,
    url: `${a.url}?${urlPrefix}`,
    ...(a.author ? { author: a.author } : {}),
  });
  await db
    .updateTable("articles")
    .set({ story_id: storyId, cluster_status: "clustered" })
    .where("id", "=", id)
    .execute();
  articleIds.push(id);
  return id;
}
