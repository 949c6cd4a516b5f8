/**
 * The "last changed" marker of what readers see. Publishing, retracting and moderating bump a
 * revision counter in the database; every serving process compares it with the revision its
 * page cache was filled at, so a change made by another process (`prism work`, `prism comments
 * approve`) reaches readers without a restart. Reading it is one primary-key lookup.
 */
import type { Db } from "./db.ts";

export interface SiteRevision {
  revision: number;
  changedAt: string;
}

const PAGES = "pages";

export async function findSiteRevision(db: Db): Promise<SiteRevision | undefined> {
  const row = await db
    .selectFrom("site_state")
    .select(["revision", "changed_at"])
    .where("key", "=", PAGES)
    .executeTakeFirst();
  return row ? { revision: Number(row.revision), changedAt: row.changed_at } : undefined;
}

/** Bumps the revision. The row is created by the migration; this recreates it if someone removed it. */
export async function markSiteChanged(db: Db, at: string): Promise<void> {
  const result = await db
    .updateTable("site_state")
    .set((eb) => ({ revision: eb("revision", "+", 1), changed_at: at }))
    .where("key", "=", PAGES)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    await db
      .insertInto("site_state")
      .values({ key: PAGES, revision: 1, changed_at: at })
      .onConflict((oc) => oc.column("key").doNothing())
      .execute();
  }
}
