/**
 * publish {analysisId}: the policy that puts an analysis's current version in front of readers
 * or holds it for an editor.
 *
 * Published when the version's verified share (claims verified / claims checked) reaches
 * config.publish.minVerifiedShare, at least minVerifiedClaims claims passed, its sources come
 * from at least minSources outlets, no dropped claim failed in a way listed in holdOn (by
 * default invented or misattributed quotations and text addressed to a model: signs of a writer
 * that cannot be trusted with this story, even if the bad claims were removed), and its headline
 * and dek passed their checks. A version an editor approved is published whatever the policy
 * says. Then, in one transaction, the version goes live, the search index and publication
 * record are updated and related analyses recomputed; `onPublished` runs after it commits
 * (cache invalidation). Otherwise the analysis waits as 'needs-review' with the reasons; a
 * version already live stays live. A version an editor rejected stays rejected (a later version,
 * written when new articles arrive, is judged afresh). Running it twice changes nothing.
 */
import type { Config } from "../config.ts";
import type { VerificationReport } from "../domain/analysis.ts";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/logger.ts";
import {
  type AnalysisBody,
  findVersion,
  getAnalysis,
  markAnalysisPublished,
  markAnalysisStatus,
} from "../store/analyses.ts";
import type { Db } from "../store/db.ts";
import { indexAnalysisForSearch } from "../store/search.ts";
import { computeRelated } from "./related.ts";

/** The default of config.publish.minVerifiedClaims. */
export const MIN_VERIFIED_CLAIMS = 5;

export interface PublishDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: Pick<Config, "publish">;
  onPublished?: (analysisId: number) => void;
}

export interface PublishResult {
  analysisId: number;
  status: "published" | "needs-review";
  reasons: string[];
}

export interface PolicyInput {
  claimsTotal: number;
  claimsVerified: number;
  outlets: number;
  /** The version's verification report; failure kinds and headline checks are read from it. */
  report?: VerificationReport;
}

type PublishPolicy = Pick<Config["publish"], "minSources" | "minVerifiedShare"> &
  Partial<Pick<Config["publish"], "minVerifiedClaims" | "holdOn">>;

/** Why a version may not be published; empty when it may. */
export function publishPolicy(v: PolicyInput, policy: PublishPolicy): string[] {
  const reasons: string[] = [];
  const share = v.claimsTotal > 0 ? v.claimsVerified / v.claimsTotal : 0;
  if (share < policy.minVerifiedShare) {
    reasons.push(
      `${v.claimsVerified} of ${v.claimsTotal} claims verified (${Math.round(share * 100)}%), below the ${Math.round(policy.minVerifiedShare * 100)}% required`,
    );
  }
  const minClaims = policy.minVerifiedClaims ?? MIN_VERIFIED_CLAIMS;
  if (v.claimsVerified < minClaims) {
    reasons.push(`${v.claimsVerified} verified claims, at least ${minClaims} required`);
  }
  if (v.outlets < policy.minSources) {
    reasons.push(
      `sources from ${v.outlets} outlet${v.outlets === 1 ? "" : "s"}, at least ${policy.minSources} required`,
    );
  }
  const report = v.report;
  if (!report) return reasons;
  const holdOn = new Set(policy.holdOn ?? []);
  for (const kind of holdOn) {
    const hits = report.dropped.filter((c) => c.problems.some((p) => p.kind === kind));
    const free = (report.freeText ?? []).filter((c) => c.problems.some((p) => p.kind === kind));
    if (hits.length + free.length === 0) continue;
    const example = [...hits, ...free][0]!.problems.find((p) => p.kind === kind)!.detail;
    reasons.push(
      `${hits.length + free.length} item${hits.length + free.length === 1 ? "" : "s"} dropped for ${kind} (${example})`,
    );
  }
  for (const f of report.framing ?? []) {
    if (!f.ok) reasons.push(`the ${f.path} failed verification: ${f.problems.map((p) => p.detail).join("; ")}`);
  }
  return reasons;
}

export async function publishAnalysis(deps: PublishDeps, analysisId: number): Promise<PublishResult> {
  const { db, clock, logger, config } = deps;
  const analysis = await getAnalysis(db, analysisId);
  const versionId = analysis.current_version_id;
  if (versionId === null) throw new Error(`analysis ${analysisId} has no version to publish`);
  if (analysis.published_version_id === versionId) {
    return { analysisId, status: "published", reasons: [] };
  }
  const version = await findVersion(db, versionId);
  if (!version) throw new Error(`analysis ${analysisId}: current version ${versionId} is missing`);
  if (analysis.status === "rejected" || version.review_status === "rejected") {
    return { analysisId, status: "needs-review", reasons: ["rejected by an editor"] };
  }
  const body = JSON.parse(version.body) as AnalysisBody;
  const reasons =
    version.review_status === "approved"
      ? []
      : publishPolicy(
          {
            claimsTotal: version.claims_total,
            claimsVerified: version.claims_verified,
            outlets: new Set(body.sources.map((s) => s.outlet)).size,
            report: JSON.parse(version.verification) as VerificationReport,
          },
          config.publish,
        );

  const now = clock.now();
  if (reasons.length > 0) {
    await markAnalysisStatus(db, analysisId, "needs-review", reasons.join("; "), now);
    logger.info("analysis held for review", { analysisId, reasons: reasons.join("; ") });
    return { analysisId, status: "needs-review", reasons };
  }
  await putLive(db, analysisId, versionId, now);
  deps.onPublished?.(analysisId);
  logger.info("analysis published", { analysisId, versionId });
  return { analysisId, status: "published", reasons: [] };
}

/** Makes a version the one readers see, with its search entry, publication record and related links, atomically. */
export async function putLive(db: Db, analysisId: number, versionId: number, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await markAnalysisPublished(trx, analysisId, versionId, now);
    await indexAnalysisForSearch(trx, analysisId);
    await computeRelated(trx, analysisId, now);
  });
}
