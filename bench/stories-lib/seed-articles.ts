/**
 * Stores benchmark articles the way ingest would leave them (a source per outlet, an item and a
 * pending article each), in multi-row statements inside one transaction, so seeding does not
 * weigh in the clustering figures. Plain Kysely against the real schema; no stage code.
 */
import type { Db } from "../../src/store/db.ts";

export interface SeedArticle {
  outlet: string;
  title: string;
  text: string;
  publishedAt: string;
  /** Id of the stored article this one copies (a syndicated copy), as ingest would set it. */
  duplicateOf?: number;
  /** The gold label, kept in the item's guid ("<run>/<label>/<n>") so a later process can score. */
  label?: string;
}

const CHUNK = 100;

/** Gold labels of stored articles, from their items' guids: article id -> label. */
export async function readLabels(db: Db): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom("articles")
    .innerJoin("items", "items.id", "articles.item_id")
    .select(["articles.id", "items.guid"])
    .execute();
  return new Map(rows.map((r) => [r.id, r.guid.split("/")[1] ?? ""]));
}

/**
 * Inserts the articles in list order; returns their ids in the same order. Outlets are found by
 * name or created; `first` numbers the articles of this call after those of earlier calls.
 */
export async function seedArticles(
  db: Db,
  articles: readonly SeedArticle[],
  options: { runId?: string; first?: number } = {},
): Promise<number[]> {
  const runId = options.runId ?? "bench";
  const first = options.first ?? 0;
  return db.transaction().execute(async (trx) => {
    const sourceIds = new Map(
      (await trx.selectFrom("sources").select(["id", "name"]).execute()).map((r) => [r.name, r.id] as const),
    );
    for (const outlet of [...new Set(articles.map((a) => a.outlet))].sort()) {
      if (sourceIds.has(outlet)) continue;
      const row = await trx
        .insertInto("sources")
        .values({
          name: outlet,
          homepage: `https://${slug(outlet)}.example`,
          feed_url: `https://${slug(outlet)}.example/${runId}/feed.xml`,
          language: "en",
          licence_mode: "full",
          allow_private: 0,
          active: 1,
          error_count: 0,
          created_at: "2026-01-01T00:00:00.000Z",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      sourceIds.set(outlet, row.id);
    }
    const ids: number[] = [];
    for (let i = 0; i < articles.length; i += CHUNK) {
      const chunk = articles.slice(i, i + CHUNK);
      const items = await trx
        .insertInto("items")
        .values(
          chunk.map((a, k) => ({
            source_id: sourceIds.get(a.outlet)!,
            guid: `${runId}/${a.label ?? ""}/${first + i + k}`,
            url: `https://${slug(a.outlet)}.example/${runId}/${first + i + k}`,
            title: a.title,
            author: null,
            summary: null,
            content_html: null,
            language: "en",
            published_at: a.publishedAt,
            status: "stored" as const,
            drop_reason: null,
            created_at: a.publishedAt,
          })),
        )
        .returning("id")
        .execute();
      const rows = await trx
        .insertInto("articles")
        .values(
          chunk.map((a, k) => ({
            item_id: items[k]!.id,
            source_id: sourceIds.get(a.outlet)!,
            url: `https://${slug(a.outlet)}.example/${runId}/${first + i + k}`,
            title: a.title,
            author: null,
            published_at: a.publishedAt,
            language: "en",
            text: a.text,
            word_count: a.text.split(/\s+/).length,
            is_abstract: 0,
            cluster_status: "pending" as const,
            duplicate_of: a.duplicateOf ?? null,
            created_at: a.publishedAt,
          })),
        )
        .returning("id")
        .execute();
      ids.push(...rows.map((r) => r.id));
    }
    return ids;
  });
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "outlet"
  );
}
