/**
 * `prism analyze [storyId] [--engine builtin|model] [--dry-run] [--json]`: write, verify and
 * publish analyses by hand. Without a story id it runs every queued write-analysis and publish
 * job. With one it writes that story's analysis now; `--dry-run` drafts and verifies it without
 * storing anything and prints the draft, its verification report and what the publish policy
 * would decide (a model engine's calls are still recorded in the usage ledger: they cost).
 * Exit codes: 0 done, 2 bad arguments, 3 skipped or held for review.
 */

import type { AnalysisEngine } from "../analysis/engine.ts";
import { describeChanges } from "../analysis/what-changed.ts";
import { draftAnalysis, loadStoryInput, writeAnalysis } from "../analysis/write-analysis.ts";
import type { App } from "../app.ts";
import { type AnalysisDraft, listClaims, type VerificationReport, type VersionChanges } from "../domain/analysis.ts";
import { publishAnalysis, publishPolicy } from "../editorial/publish.ts";
import { UserInputError } from "../lib/errors.ts";
import { findVersion } from "../store/analyses.ts";
import { findStory } from "../store/stories.ts";
import { oneLine } from "./comments.ts";
import { drain } from "./drain.ts";
import type { Output } from "./output.ts";

export interface AnalyzeOptions {
  engine?: string;
  dryRun?: boolean;
  json?: boolean;
}

export async function analyzeCommand(
  app: App,
  out: Output,
  storyId: string | undefined,
  options: AnalyzeOptions = {},
): Promise<number> {
  if (storyId === undefined) {
    if (options.engine || options.dryRun) throw new UserInputError("--engine and --dry-run need a story id");
    const { tally, stats } = await drain(app, ["write-analysis", "publish"], "analyze");
    out.line(tally.lines().at(-1) ?? "");
    return stats.failed ? 3 : 0;
  }
  const id = parseId(storyId, "storyId");
  if (!(await findStory(app.db, id))) throw new UserInputError(`no story with id ${id}`);
  const engine = chooseEngine(app, options.engine);
  const deps = { ...app.deps, engine };

  if (options.dryRun) {
    const story = await loadStoryInput(deps, id);
    const drafted = await draftAnalysis(deps, story);
    const reasons = publishPolicy(
      {
        claimsTotal: drafted.report.total,
        claimsVerified: drafted.report.verified,
        outlets: story.outlets,
        report: drafted.report,
      },
      app.config.publish,
    );
    if (options.json) {
      out.line(
        JSON.stringify({ storyId: id, ...drafted, policy: { publish: reasons.length === 0, reasons } }, null, 2),
      );
      return 0;
    }
    out.line(`story ${id}: dry run, nothing stored`);
    out.line(
      `engine ${drafted.engine}${drafted.model ? `, model ${drafted.model}` : ""}${drafted.promptVersion ? `, prompt ${drafted.promptVersion}` : ""}`,
    );
    if (drafted.fallbackReason) out.line(`fell back to ${drafted.engine}: ${drafted.fallbackReason}`);
    printDraft(out, drafted.draft);
    printReport(out, drafted.report);
    out.line(reasons.length === 0 ? "policy: would publish" : `policy: would hold for review: ${reasons.join("; ")}`);
    return 0;
  }

  const written = await writeAnalysis(deps, id);
  if (written.status !== "written" || written.analysisId === undefined) {
    out.line(`story ${id}: ${written.status}${written.reason ? ` (${written.reason})` : ""}`);
    return written.status === "skipped" ? 3 : 0;
  }
  if (written.fallbackReason) out.line(`story ${id}: written by ${written.engine}: ${written.fallbackReason}`);
  const published = await publishAnalysis(app.deps, written.analysisId);
  out.line(
    `story ${id}: analysis ${written.analysisId} ${published.status}${published.reasons.length ? `: ${published.reasons.join("; ")}` : ""}`,
  );
  const version = written.versionId ? await findVersionChanges(app, written.versionId) : undefined;
  for (const line of version ?? []) out.line(`  what changed: ${line}`);
  return published.status === "published" ? 0 : 3;
}

function chooseEngine(app: App, name: string | undefined): AnalysisEngine {
  if (name === undefined) return app.engine;
  if (name === "builtin") return app.builtinEngine;
  if (name === "model") {
    if (!app.modelEngine) {
      throw new UserInputError("no model engine configured: set ENGINE=openai or ENGINE=anthropic, and MODEL_NAME");
    }
    return app.modelEngine;
  }
  throw new UserInputError(`--engine must be builtin or model, not ${JSON.stringify(name)}`);
}

async function findVersionChanges(app: App, versionId: number): Promise<string[] | undefined> {
  const version = await findVersion(app.db, versionId);
  return version?.changes ? describeChanges(JSON.parse(version.changes) as VersionChanges) : undefined;
}

function printDraft(out: Output, draft: AnalysisDraft): void {
  out.line("");
  out.line(`# ${draft.headline}`);
  out.line(`${draft.dek}`);
  out.line(`${draft.category}${draft.tags.length ? ` · ${draft.tags.join(", ")}` : ""}`);
  for (const section of draft.sections) {
    out.line("");
    out.line(`## ${section.heading} (${section.kind})`);
    for (const p of section.paragraphs) {
      out.line(p.claims.map((c) => `${c.text} ${c.citations.map((x) => `[${x.source}]`).join("")}`).join(" "));
    }
  }
  const rest = listClaims(draft).filter((c) => !c.path.startsWith("sections."));
  if (rest.length > 0) {
    out.line("");
    for (const { path, claim } of rest) {
      out.line(`- ${path}: ${claim.text} ${claim.citations.map((x) => `[${x.source}]`).join("")}`);
    }
  }
  if (draft.whatToWatch.length > 0) out.line(`what to watch: ${draft.whatToWatch.join(" | ")}`);
  out.line("");
}

function printReport(out: Output, report: VerificationReport): void {
  out.line(`verification: ${report.verified} of ${report.total} claims verified against sources`);
  for (const c of report.dropped) {
    out.line(`  dropped ${c.path}: ${oneLine(c.text, 140)}`);
    for (const p of c.problems) out.line(`      ${p.kind}: ${p.detail}`);
  }
  for (const c of report.checks.filter((c) => c.ok && c.repairs?.length)) {
    out.line(`  repaired ${c.path}: ${c.repairs!.map((r) => oneLine(r, 160)).join("; ")}`);
  }
  for (const f of report.framing ?? []) {
    out.line(`  ${f.path}: ${f.ok ? "ok" : f.problems.map((p) => `${p.kind}: ${p.detail}`).join("; ")}`);
  }
  for (const f of report.freeText ?? []) {
    out.line(`  removed ${f.path} ${JSON.stringify(oneLine(f.text, 80))}: ${f.problems.map((p) => p.kind).join(", ")}`);
  }
  for (const s of report.screened ?? []) out.line(`  screened from [${s.source}]: ${s.reason}: ${s.excerpt}`);
}

function parseId(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UserInputError(`${name} must be a positive whole number, not ${JSON.stringify(value)}`);
  return n;
}
