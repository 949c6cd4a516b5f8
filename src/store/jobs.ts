/**
 * The job table: the queue of the SQLite mode and of PostgreSQL alike. A job's payload is ids.
 * Claiming is one atomic UPDATE ... RETURNING; on PostgreSQL the candidate row is taken with
 * FOR UPDATE SKIP LOCKED so several workers on several machines never run the same job.
 */
import { sql } from "kysely";
import { type Db, isPostgres } from "./db.ts";
import type { JobRow, JobStatus } from "./schema.ts";

export interface NewJob {
  name: string;
  payload: Record<string, unknown>;
  /** At most one queued or running job per key; defaults to name + payload. */
  key?: string;
  runAt?: Date;
  maxAttempts?: number;
}

/** Enqueues a job unless the same key is already waiting or running. Returns whether it was added. */
export async function insertJob(db: Db, job: NewJob, now: Date): Promise<boolean> {
  const payload = JSON.stringify(job.payload);
  const result = await db
    .insertInto("jobs")
    .values({
      name: job.name,
      payload,
      dedupe_key: job.key ?? `${job.name}:${payload}`,
      status: "queued",
      max_attempts: job.maxAttempts ?? 5,
      run_at: (job.runAt ?? now).toISOString(),
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Takes the next ready job, marking it running. Undefined when nothing is ready. */
export async function claimNextJob(db: Db, now: Date, names?: readonly string[]): Promise<JobRow | undefined> {
  const nameFilter = names?.length ? sql`and name in (${sql.join(names)})` : sql``;
  const lock = isPostgres(db) ? sql`for update skip locked` : sql``;
  const result = await sql<JobRow>`
    update jobs set status = 'running', locked_at = ${now.toISOString()}, attempts = attempts + 1
    where id = (
      select id from jobs
      where status = 'queued' and run_at <= ${now.toISOString()} ${nameFilter}
      order by run_at, id
      limit 1 ${lock}
    )
    returning *`.execute(db);
  return result.rows[0];
}

export async function markJobDone(db: Db, id: number, now: Date): Promise<void> {
  await db
    .updateTable("jobs")
    .set({ status: "done", finished_at: now.toISOString(), last_error: null })
    .where("id", "=", id)
    .execute();
}

/** Records a failure: back to the queue at `retryAt`, or failed for good after the last attempt. */
export async function markJobFailed(db: Db, job: JobRow, error: string, retryAt: Date, now: Date): Promise<JobStatus> {
  const status: JobStatus = job.attempts >= job.max_attempts ? "failed" : "queued";
  await db
    .updateTable("jobs")
    .set({
      status,
      last_error: error.slice(0, 2000),
      run_at: status === "queued" ? retryAt.toISOString() : job.run_at,
      locked_at: null,
      finished_at: status === "failed" ? now.toISOString() : null,
    })
    .where("id", "=", job.id)
    .execute();
  return status;
}

/** Puts jobs left running by a process that died back in the queue. */
export async function requeueStaleJobs(db: Db, olderThan: Date): Promise<number> {
  const result = await db
    .updateTable("jobs")
    .set({ status: "queued", locked_at: null })
    .where("status", "=", "running")
    .where("locked_at", "<", olderThan.toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function countJobsByStatus(db: Db): Promise<Record<JobStatus, number>> {
  const rows = await db
    .selectFrom("jobs")
    .select(["status", (eb) => eb.fn.countAll<string | number>().as("n")])
    .groupBy("status")
    .execute();
  const counts: Record<JobStatus, number> = { queued: 0, running: 0, done: 0, failed: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/** Jobs ready now or later that are not finished; used to know when a run has drained. */
export async function countOpenJobs(db: Db): Promise<number> {
  const row = await db
    .selectFrom("jobs")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("status", "in", ["queued", "running"])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listFailedJobs(db: Db, limit = 50): Promise<JobRow[]> {
  return db.selectFrom("jobs").selectAll().where("status", "=", "failed").orderBy("id", "desc").limit(limit).execute();
}
