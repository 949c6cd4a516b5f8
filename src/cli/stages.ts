/**
 * `prism ingest | cluster`: one stage of the pipeline by hand, with progress (`analyze` is in
 * analyze.ts).
 * Exit codes: 0 done, 1 failed, 3 done but some feeds or jobs failed (see the lines printed).
 */
import type { App } from "../app.ts";
import { UserInputError } from "../lib/errors.ts";
import { insertJob } from "../store/jobs.ts";
import { findSource, listSources } from "../store/sources.ts";
import { clusterPending } from "../stories/cluster-article.ts";
import { mergeStories } from "../stories/merge-stories.ts";
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
  // Then the merge pass joins stories that are one event split in two.
  const { merges } = await mergeStories(app.deps);
  out.line(
    `stories: ${tally.storiesStarted + swept.storiesCreated} started, ${tally.articlesJoined} articles joined; ${tally.storiesStarted + tally.articlesJoined + swept.clustered} articles clustered; ${merges.length} ${merges.length === 1 ? "story" : "stories"} merged`,
  );
  return stats.failed ? 3 : 0;
}

function parseId(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UserInputError(`${name} must be a positive whole number, not ${JSON.stringify(value)}`);
  return n;
}
