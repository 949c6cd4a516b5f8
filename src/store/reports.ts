/**
 * Readers' error reports ("Report an error" on an analysis page), kept for editors. A report
 * names the analysis and the version the reader saw, a typed reason, what they found and, if
 * they gave one, a link to a source. The reader's address is never stored: only a keyed hash,
 * for the rate limit.
 */
import type { Db } from "./db.ts";
import type { ErrorReportReason, ErrorReportRow, ErrorReportStatus } from "./schema.ts";

export const REPORT_REASONS: readonly ErrorReportReason[] = ["factual-error", "misleading", "outdated", "other"];

export interface NewErrorReport {
  analysisId: number;
  versionId: number | null;
  reason: ErrorReportReason;
  details: string;
  sourceUrl: string | null;
  clientHash: string;
}

export async function insertErrorReport(db: Db, r: NewErrorReport, now: Date): Promise<number> {
  const row = await db
    .insertInto("error_reports")
    .values({
      analysis_id: r.analysisId,
      version_id: r.versionId,
      reason: r.reason,
      details: r.details,
      source_url: r.sourceUrl,
      status: "open",
      status_note: null,
      client_hash: r.clientHash,
      created_at: now.toISOString(),
      resolved_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findErrorReport(db: Db, id: number): Promise<ErrorReportRow | undefined> {
  return db.selectFrom("error_reports").selectAll().where("id", "=", id).executeTakeFirst();
}

export interface ListedErrorReport extends ErrorReportRow {
  slug: string;
  headline: string;
}

/** Reports in one status (or all), newest first, with the analysis they are about. */
export async function listErrorReports(
  db: Db,
  o: { status?: ErrorReportStatus; limit: number },
): Promise<ListedErrorReport[]> {
  let q = db
    .selectFrom("error_reports as r")
    .innerJoin("analyses as a", "a.id", "r.analysis_id")
    .selectAll("r")
    .select(["a.slug", "a.headline"])
    .orderBy("r.id", "desc")
    .limit(o.limit);
  if (o.status) q = q.where("r.status", "=", o.status);
  return q.execute();
}

/** Reports stored for this client strictly after `since`. */
export async function countRecentErrorReportsByClient(db: Db, clientHash: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom("error_reports")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("client_hash", "=", clientHash)
    .where("created_at", ">", since.toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function markErrorReportStatus(
  db: Db,
  id: number,
  status: ErrorReportStatus,
  note: string | null,
  now: Date,
): Promise<void> {
  await db
    .updateTable("error_reports")
    .set({ status, status_note: note, resolved_at: status === "open" ? null : now.toISOString() })
    .where("id", "=", id)
    .execute();
}
