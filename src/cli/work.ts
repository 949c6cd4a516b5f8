/**
 * `prism work`: a worker without the site. Schedules due feeds and runs every pipeline job until
 * stopped. On PostgreSQL several workers (on several machines) share the queue safely.
 */
import type { App } from "../app.ts";
import { scheduleDueFeeds } from "../jobs/schedule.ts";
import { runJobs } from "../jobs/worker.ts";
import { mergeStories } from "../stories/merge-stories.ts";
import { rescoreStories } from "../stories/rescore-stories.ts";
import type { Output } from "./output.ts";

const RESCORE_EVERY_MS = 60 * 60_000;

/**
 * Polls the schedule and the queue until the signal aborts; re-ranks stories hourly as they age,
 * and every CLUSTER_MERGE_MINUTES joins stories that are one event split in two (before the
 * queue runs, so the analyses of merged stories are written in the same round).
 */
export async function keepWorking(app: App, signal: AbortSignal, pollMs = 30_000): Promise<void> {
  const handlers = app.handlers();
  let rescoredAt = 0;
  let mergedAt = 0;
  while (!signal.aborted) {
    if (app.clock.now().getTime() - rescoredAt >= RESCORE_EVERY_MS) {
      await rescoreStories(app);
      rescoredAt = app.clock.now().getTime();
    }
    if (app.clock.now().getTime() - mergedAt >= app.config.cluster.mergeMinutes * 60_000) {
      await mergeStories(app.deps);
      mergedAt = app.clock.now().getTime();
    }
    await scheduleDueFeeds(app.db, app.clock.now());
    await runJobs({ db: app.db, clock: app.clock, logger: app.logger, handlers }, { untilDrained: true, signal });
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, pollMs);
      signal.addEventListener(
        "abort",
        () => {
          clearTimeout(t);
          resolve();
        },
        { once: true },
      );
    });
  }
}

export async function workCommand(app: App, out: Output, signal: AbortSignal): Promise<number> {
  out.error("PRISM worker: reading feeds on schedule and running the pipeline (Ctrl-C to stop)");
  await keepWorking(app, signal);
  return 0;
}
