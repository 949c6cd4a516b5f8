/**
 * Runs queued jobs through their handlers. A handler gets the job's payload (ids); it stores its
 * result and enqueues the next job itself, in one transaction. A handler that throws is retried
 * with exponential backoff (30 s, 2 min, 8 min, ... capped at an hour) until max_attempts.
 */
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/logger.ts";
import type { Db } from "../store/db.ts";
import { claimNextJob, countOpenJobs, markJobDone, markJobFailed, requeueStaleJobs } from "../store/jobs.ts";
import type { JobRow } from "../store/schema.ts";

export type JobHandler = (payload: Record<string, unknown>, job: JobRow) => Promise<void>;

export interface WorkerDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  handlers: Readonly<Record<string, JobHandler>>;
}

export interface RunOptions {
  /** Stop when no job is ready (true) or keep polling until the signal aborts (false). */
  untilDrained: boolean;
  concurrency?: number;
  pollMs?: number;
  signal?: AbortSignal;
  /** Called after each job, for progress output. */
  onJob?: (job: JobRow, outcome: "done" | "retry" | "failed", error?: unknown) => void;
}

export function backoffMs(attempt: number): number {
  return Math.min(60 * 60_000, 30_000 * 4 ** Math.max(0, attempt - 1));
}

/** Processes jobs; resolves when drained (untilDrained) or when the signal aborts. */
export async function runJobs(deps: WorkerDeps, options: RunOptions): Promise<{ done: number; failed: number }> {
  const { db, clock, logger, handlers } = deps;
  const names = Object.keys(handlers);
  const stats = { done: 0, failed: 0 };
  await requeueStaleJobs(db, new Date(clock.now().getTime() - 15 * 60_000));

  const lane = async (): Promise<void> => {
    while (!options.signal?.aborted) {
      const job = await claimNextJob(db, clock.now(), names);
      if (!job) {
        if (options.untilDrained) return;
        await sleep(options.pollMs ?? 1000, options.signal);
        continue;
      }
      const handler = handlers[job.name];
      try {
        if (!handler) throw new Error(`no handler for job ${job.name}`);
        await handler(JSON.parse(job.payload) as Record<string, unknown>, job);
        await markJobDone(db, job.id, clock.now());
        stats.done++;
        options.onJob?.(job, "done");
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const retryAt = new Date(clock.now().getTime() + backoffMs(job.attempts));
        const status = await markJobFailed(db, job, message, retryAt, clock.now());
        if (status === "failed") stats.failed++;
        logger.warn(`job ${job.name} #${job.id} ${status === "failed" ? "failed" : "will retry"}`, {
          attempt: job.attempts,
          error: message,
        });
        options.onJob?.(job, status === "failed" ? "failed" : "retry", error);
      }
    }
  };

  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, lane));
  if (options.untilDrained) {
    // Jobs scheduled for later (retries) are left for the next run; report them.
    const open = await countOpenJobs(db);
    if (open > 0) logger.debug("jobs left for later", { open });
  }
  return stats;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}
