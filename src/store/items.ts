/**
 * The items table: each entry exactly as a feed gave it, once per (source, guid). In: what
 * refresh-feed screened; out: rows for extract-article. A dropped item stays, with its reason,
 * so that an editor can see why it never became an article and the next refresh skips it.
 */

import { NotFoundError } from "../lib/errors.ts";
import type { Db } from "./db.ts";
import type { ItemRow, ItemStatus } from "./schema.ts";

export interface ItemInput {
  sourceId: number;
  guid: string;
  url: string | null;
  title: string | null;
  author?: string | null;
  summary?: string | null;
  contentHtml?: string | null;
  language?: string | null;
  publishedAt?: string | null;
  status: ItemStatus;
  dropReason?: string | null;
}

/** Stores an item; undefined when this source already gave an item with that guid. */
export async function insertItem(db: Db, input: ItemInput, now: Date): Promise<ItemRow | undefined> {
  return db
    .insertInto("items")
    .values({
      source_id: input.sourceId,
      guid: input.guid,
      url: input.url,
      title: input.title,
      author: input.author ?? null,
      summary: input.summary ?? null,
      content_html: input.contentHtml ?? null,
      language: input.language ?? null,
      published_at: input.publishedAt ?? null,
      status: input.status,
      drop_reason: input.status === "dropped" ? (input.dropReason ?? null) : null,
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.columns(["source_id", "guid"]).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findItem(db: Db, id: number): Promise<ItemRow | undefined> {
  return db.selectFrom("items").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function getItem(db: Db, id: number): Promise<ItemRow> {
  const row = await findItem(db, id);
  if (!row) throw new NotFoundError(`item ${id} not found`);
  return row;
}

export async function findItemByGuid(db: Db, sourceId: number, guid: string): Promise<ItemRow | undefined> {
  return db
    .selectFrom("items")
    .selectAll()
    .where("source_id", "=", sourceId)
    .where("guid", "=", guid)
    .executeTakeFirst();
}

/** The first stored (not dropped) item with this canonical URL, from any source. */
export async function findStoredItemByUrl(db: Db, url: string): Promise<ItemRow | undefined> {
  return db
    .selectFrom("items")
    .selectAll()
    .where("url", "=", url)
    .where("status", "=", "stored")
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
}

export async function markItemDropped(db: Db, id: number, reason: string): Promise<void> {
  const result = await db
    .updateTable("items")
    .set({ status: "dropped", drop_reason: reason })
    .where("id", "=", id)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new NotFoundError(`item ${id} not found`);
}

/** Newest first. */
export async function listItemsBySource(
  db: Db,
  sourceId: number,
  options: { limit?: number; status?: ItemStatus } = {},
): Promise<ItemRow[]> {
  let query = db.selectFrom("items").selectAll().where("source_id", "=", sourceId);
  if (options.status) query = query.where("status", "=", options.status);
  return query
    .orderBy("id", "desc")
    .limit(options.limit ?? 100)
    .execute();
}

export async function countItemsByStatus(db: Db, sourceId?: number): Promise<Record<ItemStatus, number>> {
  let query = db.selectFrom("items").select(["status", (eb) => eb.fn.countAll<string | number>().as("n")]);
  if (sourceId !== undefined) query = query.where("source_id", "=", sourceId);
  const rows = await query.groupBy("status").execute();
  const counts: Record<ItemStatus, number> = { stored: 0, dropped: 0, failed: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/** Drop reasons with how often each occurred, most frequent first (for the admin view and the CLI). */
export async function countDropReasons(db: Db, sourceId?: number): Promise<Array<{ reason: string; count: number }>> {
  let query = db
    .selectFrom("items")
    .select(["drop_reason", (eb) => eb.fn.countAll<string | number>().as("n")])
    .where("status", "=", "dropped");
  if (sourceId !== undefined) query = query.where("source_id", "=", sourceId);
  const rows = await query.groupBy("drop_reason").execute();
  return rows
    .map((r) => ({ reason: r.drop_reason ?? "unknown", count: Number(r.n) }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/** Which of `guids` this source has already given (stored or dropped). */
export async function listKnownGuids(db: Db, sourceId: number, guids: readonly string[]): Promise<Set<string>> {
  const known = new Set<string>();
  for (const chunk of chunks([...new Set(guids)], 500)) {
    const rows = await db
      .selectFrom("items")
      .select("guid")
      .where("source_id", "=", sourceId)
      .where("guid", "in", chunk)
      .execute();
    for (const r of rows) known.add(r.guid);
  }
  return known;
}

/** Which of `urls` a stored (not dropped) item of any source already has. */
export async function listStoredItemUrls(db: Db, urls: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const chunk of chunks([...new Set(urls)], 500)) {
    const rows = await db
      .selectFrom("items")
      .select("url")
      .where("url", "in", chunk)
      .where("status", "=", "stored")
      .execute();
    for (const r of rows) if (r.url) found.add(r.url);
  }
  return found;
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
