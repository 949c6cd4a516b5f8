/**
 * The schedule: which feeds are due. It only enqueues refresh-feed jobs; the job queue's
 * open-key rule means a feed already waiting is not queued twice.
 */
import type { Db } from "../store/db.ts";
import { insertJob } from "../store/jobs.ts";
import { listSourcesDueForPoll } from "../store/sources.ts";

export async function scheduleDueFeeds(db: Db, now: Date): Promise<number> {
  let queued = 0;
  for (const source of await listSourcesDueForPoll(db, now)) {
    if (await insertJob(db, { name: "refresh-feed", payload: { sourceId: source.id } }, now)) queued++;
  }
  return queued;
}
