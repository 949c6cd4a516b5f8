/**
 * The review queue: analyses the publish policy held back ('needs-review', with its reasons),
 * and an editor's decision on the version waiting. Approving puts that version live exactly as
 * the publish step would (search index, publication record, related analyses, cache). Rejecting
 * records the decision on the version and keeps it off the site; an earlier live version stays
 * up, and a later version (new articles) is judged afresh. A live version is not "rejected":
 * taking a page down is a retraction, not review.
 */
import type { VerificationReport } from "../domain/analysis.ts";
import type { Clock } from "../lib/clock.ts";
import { UserInputError } from "../lib/errors.ts";
import type { Logger } from "../lib/logger.ts";
import {
  findVersion,
  getAnalysis,
  listAnalysesForReview,
  markAnalysisStatus,
  markVersionReviewed,
  type ReviewItem,
} from "../store/analyses.ts";
import type { Db } from "../store/db.ts";
import { putLive } from "./publish.ts";

export interface ReviewDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  onPublished?: (analysisId: number) => void;
}

export interface ReviewQueueItem extends ReviewItem {
  /** The verifier's findings, one line per kind: "3 claims: number-not-in-source". */
  problems: string[];
}

export async function listReviewQueue(
  db: Db,
  options: { status?: "needs-review" | "rejected"; limit?: number } = {},
): Promise<ReviewQueueItem[]> {
  const items = await listAnalysesForReview(db, options);
  const out: ReviewQueueItem[] = [];
  for (const item of items) {
    const version = await findVersion(db, item.versionId);
    const report = version ? (JSON.parse(version.verification) as VerificationReport) : undefined;
    out.push({ ...item, problems: report ? summarizeProblems(report) : [] });
  }
  return out;
}

/** Counts of what the verifier found, by kind, for a reviewer's first glance. */
export function summarizeProblems(report: VerificationReport): string[] {
  const lines: string[] = [];
  const count = (checks: readonly { problems: { kind: string }[] }[]) => {
    const byKind = new Map<string, number>();
    for (const c of checks)
      for (const kind of new Set(c.problems.map((p) => p.kind))) byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    return [...byKind].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  };
  for (const [kind, n] of count(report.dropped)) lines.push(`${n} claim${n === 1 ? "" : "s"} dropped: ${kind}`);
  for (const f of report.framing ?? [])
    if (!f.ok) lines.push(`${f.path}: ${f.problems.map((p) => p.detail).join("; ")}`);
  for (const [kind, n] of count(report.freeText ?? []))
    lines.push(`${n} other text${n === 1 ? "" : "s"} removed: ${kind}`);
  if (report.repaired) lines.push(`${report.repaired} claim${report.repaired === 1 ? "" : "s"} repaired by the engine`);
  if (report.screened?.length) {
    const sources = new Set(report.screened.map((s) => s.source));
    lines.push(
      `${report.screened.length} passage${report.screened.length === 1 ? "" : "s"} screened out of ${sources.size} source${sources.size === 1 ? "" : "s"} as text aimed at a model`,
    );
  }
  return lines;
}

export interface ReviewDecision {
  analysisId: number;
  versionId: number;
  version: number;
  status: "published" | "rejected";
}

/** Publishes the analysis's current version on an editor's word. */
export async function approveAnalysis(deps: ReviewDeps, analysisId: number, note?: string): Promise<ReviewDecision> {
  const { db, clock, logger } = deps;
  const { analysis, version } = await waitingVersion(db, analysisId);
  const now = clock.now();
  await markVersionReviewed(db, version.id, "approved", note ?? null, now);
  await putLive(db, analysisId, version.id, now);
  deps.onPublished?.(analysisId);
  logger.info("analysis approved by an editor", { analysisId, version: version.version });
  return { analysisId: analysis.id, versionId: version.id, version: version.version, status: "published" };
}

/** Keeps the analysis's current version off the site, with the editor's reason. */
export async function rejectAnalysis(deps: ReviewDeps, analysisId: number, reason: string): Promise<ReviewDecision> {
  const { db, clock, logger } = deps;
  const { analysis, version } = await waitingVersion(db, analysisId);
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    await markVersionReviewed(trx, version.id, "rejected", reason, now);
    await markAnalysisStatus(trx, analysisId, "rejected", reason, now);
  });
  logger.info("analysis rejected by an editor", { analysisId, version: version.version });
  return { analysisId: analysis.id, versionId: version.id, version: version.version, status: "rejected" };
}

async function waitingVersion(db: Db, analysisId: number) {
  const analysis = await getAnalysis(db, analysisId);
  if (analysis.current_version_id === null) throw new UserInputError(`analysis ${analysisId} has no version yet`);
  if (analysis.current_version_id === analysis.published_version_id) {
    throw new UserInputError(`analysis ${analysisId}: its latest version is already live; nothing waits for review`);
  }
  const version = await findVersion(db, analysis.current_version_id);
  if (!version) throw new Error(`analysis ${analysisId}: current version ${analysis.current_version_id} is missing`);
  return { analysis, version };
}
