/**
 * publish {analysisId}: the policy that puts an analysis's current version in front of readers
 * or holds it for an editor.
 *
 * Published when the version's verified share (claims verified / claims checked) reaches
 * config.publish.minVerifiedShare, at least MIN_VERIFIED_CLAIMS claims passed, and its sources
 * come from at least config.publish.minSources outlets. Then related analyses are recomputed in
 * the same transaction and `onPublished` runs after it commits (cache invalidation). Otherwise
 * the analysis waits as 'needs-review' with the reasons; a version already live stays live.
 * An analysis an editor rejected stays rejected. Running it twice changes nothing.
 */
import type { Config } from "../config.ts";
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
import { computeRelated } from "./related.ts";

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
}

/** Why a version may not be published; empty when it may. */
export function publishPolicy(v: PolicyInput, policy: Config["publish"]): string[] {
  const reasons: string[] = [];
  const share = v.claimsTotal > 0 ? v.claimsVerified / v.claimsTotal : 0;
  if (share < policy.minVerifiedShare) {
    reasons.push(
      `${v.claimsVerified} of ${v.claimsTotal} claims verified (${Math.round(share * 100)}%), below the ${Math.round(policy.minVerifiedShare * 100)}% required`,
    );
  }
  if (v.claimsVerified < MIN_VERIFIED_CLAIMS) {
    reasons.push(`${v.claimsVerified} verified claims, at least ${MIN_VERIFIED_CLAIMS} required`);
  }
  if (v.outlets < policy.minSources) {
    reasons.push(
      `sources from ${v.outlets} outlet${v.outlets === 1 ? "" : "s"}, at least ${policy.minSources} required`,
    );
  }
  return reasons;
}

export async function publishAnalysis(deps: PublishDeps, analysisId: number): Promise<PublishResult> {
  const { db, clock, logger, config } = deps;
  const analysis = await getAnalysis(db, analysisId);
  if (analysis.status === "rejected") {
    return { analysisId, status: "needs-review", reasons: ["rejected by an editor"] };
  }
  const versionId = analysis.current_version_id;
  if (versionId === null) throw new Error(`analysis ${analysisId} has no version to publish`);
  if (analysis.status === "published" && analysis.published_version_id === versionId) {
    return { analysisId, status: "published", reasons: [] };
  }
  const version = await findVersion(db, versionId);
  if (!version) throw new Error(`analysis ${analysisId}: current version ${versionId} is missing`);
  const body = JSON.parse(version.body) as AnalysisBody;
  const reasons = publishPolicy(
    {
      claimsTotal: version.claims_total,
      claimsVerified: version.claims_verified,
      outlets: new Set(body.sources.map((s) => s.outlet)).size,
    },
    config.publish,
  );

  const now = clock.now();
  if (reasons.length > 0) {
    await markAnalysisStatus(db, analysisId, "needs-review", reasons.join("; "), now);
    logger.info("analysis held for review", { analysisId, reasons: reasons.join("; ") });
    return { analysisId, status: "needs-review", reasons };
  }
  await db.transaction().execute(async (trx) => {
    await markAnalysisPublished(trx, analysisId, versionId, now);
    await computeRelated(trx, analysisId, now);
  });
  deps.onPublished?.(analysisId);
  logger.info("analysis published", { analysisId, versionId });
  return { analysisId, status: "published", reasons: [] };
}
