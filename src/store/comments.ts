/**
 * Reader comments ("Thoughts") on analyses. Rows are written only for accepted posts (approved,
 * or pending when they wait for a moderator); a refused post never reaches this table.
 * Bodies are stored as plain text and escaped where they are shown.
 */
import type { Db } from "./db.ts";
import type { CommentRow, CommentStatus } from "./schema.ts";

export interface NewComment {
  analysisId: number;
  parentId?: number | null;
  authorName: string;
  body: string;
  status: CommentStatus;
  statusReason?: string | null;
  /** Keyed hash of the poster's address: enough to rate-limit, not enough to recover the address. */
  clientHash: string;
  /** Hash of the normalized text, for duplicate detection. */
  bodyHash?: string;
}

export async function insertComment(db: Db, c: NewComment, now: Date): Promise<number> {
  const row = await db
    .insertInto("comments")
    .values({
      analysis_id: c.analysisId,
      parent_id: c.parentId ?? null,
      author_name: c.authorName,
      body: c.body,
      status: c.status,
      status_reason: c.statusReason ?? null,
      client_hash: c.clientHash,
      body_hash: c.bodyHash ?? "",
      created_at: now.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findComment(db: Db, id: number): Promise<CommentRow | undefined> {
  return db.selectFrom("comments").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Approved comments of one analysis, oldest first (a conversation reads top to bottom). */
export async function listApprovedComments(db: Db, analysisId: number, limit = 500): Promise<CommentRow[]> {
  return db
    .selectFrom("comments")
    .selectAll()
    .where("analysis_id", "=", analysisId)
    .where("status", "=", "approved")
    .orderBy("id", "asc")
    .limit(limit)
    .execute();
}

/** Comments of any status stored for this client strictly after `since`. */
export async function countRecentCommentsByClient(db: Db, clientHash: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom("comments")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("client_hash", "=", clientHash)
    .where("created_at", ">", since.toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Comments of any status stored on one analysis strictly after `since` (the per-page rate limit). */
export async function countRecentCommentsOnAnalysis(db: Db, analysisId: number, since: Date): Promise<number> {
  const row = await db
    .selectFrom("comments")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("analysis_id", "=", analysisId)
    .where("created_at", ">", since.toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * A comment with the same normalized text that is not rejected: on the same analysis at any
 * time, or by the same client anywhere after `since` (the same text pasted under many pages).
 */
export async function findDuplicateComment(
  db: Db,
  d: { analysisId: number; clientHash: string; bodyHash: string; since: Date },
): Promise<CommentRow | undefined> {
  const onPage = await db
    .selectFrom("comments")
    .selectAll()
    .where("analysis_id", "=", d.analysisId)
    .where("body_hash", "=", d.bodyHash)
    .where("status", "!=", "rejected")
    .limit(1)
    .executeTakeFirst();
  if (onPage) return onPage;
  return db
    .selectFrom("comments")
    .selectAll()
    .where("client_hash", "=", d.clientHash)
    .where("created_at", ">", d.since.toISOString())
    .where("body_hash", "=", d.bodyHash)
    .where("status", "!=", "rejected")
    .limit(1)
    .executeTakeFirst();
}

export async function markCommentStatus(
  db: Db,
  id: number,
  status: CommentStatus,
  reason: string | null = null,
): Promise<void> {
  await db.updateTable("comments").set({ status, status_reason: reason }).where("id", "=", id).execute();
}

export interface ModerationEntry extends CommentRow {
  slug: string;
  headline: string;
}

/** Comments in one status (or all) with the analysis they were posted on, newest first. */
export async function listCommentsForModeration(
  db: Db,
  o: { status?: CommentStatus; limit: number },
): Promise<ModerationEntry[]> {
  let q = db
    .selectFrom("comments as c")
    .innerJoin("analyses as a", "a.id", "c.analysis_id")
    .selectAll("c")
    .select(["a.slug", "a.headline"])
    .orderBy("c.id", "desc")
    .limit(o.limit);
  if (o.status) q = q.where("c.status", "=", o.status);
  return q.execute();
}

/** The moderation queue and its history: newest first. */
export async function listCommentsByStatus(db: Db, status: CommentStatus, limit = 100): Promise<CommentRow[]> {
  return db
    .selectFrom("comments")
    .selectAll()
    .where("status", "=", status)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}
