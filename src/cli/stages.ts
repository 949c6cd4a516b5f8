/**
 * `prism ingest | cluster | analyze`: one stage of the pipeline by hand, with progress.
 * Exit codes: 0 done, 1 failed, 3 done but some feeds or jobs failed (see the lines printed).
 */
import type { App } from "../app.ts";
import { writeAnalysis } from "../analysis/write-analysis.ts";
import { publishAnalysis } from "../editorial/publish.ts";
import { UserInputError } from "../lib/errors.ts";
import { insertJob } from "../store/jobs.ts";
import { findSource, listSources } from "../store/sources.ts";
import { findStory } from "../store/stories.ts";
import { clusterPending } from "../stories/cluster-article.ts";
import { drain } from "./drain.ts";
import type { Output } from "./output.ts";

export async function ingestCommand(app: App, out: Output, options: { source?: string }): Promise<number> {
  const now = app.clock.now();
  let sources = await listSources(app.db);
  if (options.source !== undefined) {
    const id = parseId(options.source, "--source");
    const source = await findSource(app.db, id);
    if (!source) throw new UserInputError(`no source with id ${id} (see \`prism sources list\`)`);
    sources = [source];
  }
  if (sources.length === 0) {
    out.error("no sources: add one with `prism sources add <feed-url>`");
    return 1;
  }
  for (const s of sources) await insertJob(app.db, { name: "refresh-feed", payload: { sourceId: s.id } }, now);
  const { tally, stats } = await drain(app, ["refresh-feed", "extract-article"], "ingest");
  for (const line of tally.lines().slice(0, 4)) out.line(line);
  return tally.feedErrors.length || stats.failed ? 3 : 0;
}

export async function clusterCommand(app: App, out: Output): Promise<number> {
  const { tally, stats } = await drain(app, ["cluster-article"], "cluster");
  // Articles stored without a queued job (e.g. by an older run) are clustered too.
  const swept = await clusterPending(app.deps);
  out.line(
    `stories: ${tally.storiesStarted + swept.storiesCreated} started, ${tally.articlesJoined} articles joined; ${tally.storiesStarted + tally.articlesJoined + swept.clustered} articles clustered`,
  );
  return stats.failed ? 3 : 0;
}

export async function analyzeCommand(app: App, out: Output, storyId: string | undefined): Promise<number> {
  if (storyId === undefined) {
    const { tally, stats } = await drain(app, ["write-analysis", "publish"], "analyze");
    out.line(tally.lines().at(-1) ?? "");
    return stats.failed ? 3 : 0;
  }
  const id = parseId(storyId, "storyId");
  if (!(await findStory(app.db, id))) throw new UserInputError(`no story with id ${id}`);
  const written = await writeAnalysis(app.deps, id);
  if (written.status !== "written" || written.analysisId === undefined) {
    out.line(`story ${id}: ${written.status}${written.reason ? ` (${written.reason})` : ""}`);
    return written.status === "skipped" ? 3 : 0;
  }
  const published = await publishAnalysis(app.deps, written.analysisId);
  out.line(
    `story ${id}: analysis ${written.analysisId} ${published.status}${published.reasons.length ? `: ${published.reasons.join("; ")}` : ""}`,
  );
  return 0;
}

function parseId(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UserInputError(`${name} must be a positive whole number, not ${JSON.stringify(value)}`);
  return n;
}
