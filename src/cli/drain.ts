/**
 * Runs queued jobs of the given steps until none is ready, printing progress and a summary.
 * Shared by `start`, `ingest`, `cluster` and `analyze`: each runs its own slice of the pipeline.
 */
import type { App } from "../app.ts";
import { createTally } from "../jobs/tally.ts";
import { runJobs } from "../jobs/worker.ts";
import { createProgress } from "../lib/progress.ts";
import type { JobName } from "../pipeline.ts";
import { countOpenJobs } from "../store/jobs.ts";

export async function drain(app: App, steps: readonly JobName[], title: string) {
  const tally = createTally();
  const all = app.handlers((event) => tally.add(event));
  const handlers = Object.fromEntries(steps.map((name) => [name, all[name]]));
  const progress = createProgress(title, undefined);
  const stats = await runJobs(
    { db: app.db, clock: app.clock, logger: app.logger, handlers },
    {
      untilDrained: true,
      onJob: (job, outcome) => progress.tick(`${job.name}${outcome === "done" ? "" : ` (${outcome})`}`),
    },
  );
  progress.done(`${stats.done} jobs done${stats.failed ? `, ${stats.failed} failed for good` : ""}`);
  const waiting = await countOpenJobs(app.db);
  return { tally, stats, waiting };
}
