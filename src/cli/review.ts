/**
 * `prism review list|approve|reject`: the analyses the publish policy held back, with why, and
 * an editor's decision on the version waiting. Exit codes: 0 done, 2 bad arguments.
 */
import type { App } from "../app.ts";
import { approveAnalysis, listReviewQueue, rejectAnalysis } from "../editorial/review.ts";
import { UserInputError } from "../lib/errors.ts";
import { idFrom, limitFrom } from "./comments.ts";
import type { Output } from "./output.ts";

export async function reviewList(
  app: App,
  out: Output,
  options: { status?: string; limit?: string; json?: boolean },
): Promise<number> {
  const status = options.status ?? "needs-review";
  if (status !== "needs-review" && status !== "rejected") {
    throw new UserInputError(`--status must be needs-review or rejected, not ${JSON.stringify(status)}`);
  }
  const items = await listReviewQueue(app.db, { status, limit: limitFrom(options.limit) });
  if (options.json) {
    out.line(JSON.stringify(items, null, 2));
    return 0;
  }
  if (items.length === 0) {
    out.line(status === "needs-review" ? "nothing waits for review" : "no rejected analyses");
    return 0;
  }
  for (const item of items) {
    out.line(
      `#${item.analysisId}  v${item.version}  ${item.claimsVerified}/${item.claimsTotal} claims verified  ${item.engine}${item.model ? ` (${item.model})` : ""}  ${item.updatedAt}${item.liveVersion ? `  (v${item.liveVersion} is live)` : ""}`,
    );
    out.line(`    ${item.headline}  /analysis/${item.slug}`);
    if (item.reasons) for (const reason of item.reasons.split("; ")) out.line(`    held: ${reason}`);
    for (const p of item.problems) out.line(`    found: ${p}`);
  }
  return 0;
}

export async function reviewApprove(app: App, out: Output, ids: string[], options: { note?: string }): Promise<number> {
  for (const id of ids.map(idFrom)) {
    const d = await approveAnalysis(app.deps, id, options.note);
    out.line(`analysis ${id}: version ${d.version} approved and published`);
  }
  return 0;
}

export async function reviewReject(
  app: App,
  out: Output,
  ids: string[],
  options: { reason?: string },
): Promise<number> {
  const reason = options.reason?.trim() || "rejected by an editor";
  for (const id of ids.map(idFrom)) {
    const d = await rejectAnalysis(app.deps, id, reason);
    out.line(`analysis ${id}: version ${d.version} rejected; it stays off the site`);
  }
  return 0;
}
