/**
 * The sources table: the outlets PRISM reads. In: a source's name, feed URL and reading rules;
 * out: rows and the poll schedule. Fetch bookkeeping (validators, last error, backoff) is kept
 * here so a failing feed is visible on its row. Never fetches anything itself.
 */

import { NotFoundError, UserInputError } from "../lib/errors.ts";
import type { Db } from "./db.ts";
import type { SourceRow } from "./schema.ts";

export type LicenceMode = "full" | "abstract";

export interface SourceInput {
  name: string;
  homepage?: string | null;
  feedUrl: string;
  language?: string | null;
  licenceMode?: LicenceMode;
  /** Lets the fetcher reach loopback/private addresses and file: URLs (local test feeds). */
  allowPrivate?: boolean;
}

export interface SourcePatch {
  name?: string;
  /** A feed found on the page the source was registered with (feed discovery). */
  feedUrl?: string;
  homepage?: string | null;
  language?: string | null;
  licenceMode?: LicenceMode;
  allowPrivate?: boolean;
  active?: boolean;
}

export interface FetchOutcome {
  ok: boolean;
  error?: string;
  /** undefined keeps the stored validator (a 304 answer carries none); null clears it. */
  etag?: string | null;
  lastModified?: string | null;
  nextPollAt: Date;
  /** Why the next poll is then, in words ("feed ttl 60 min", "backoff after 3 errors"). */
  pollReason?: string;
  /** What the feed asked for (RSS ttl), minutes; undefined keeps the stored value (a 304 carries no feed). */
  feedTtlMinutes?: number | null;
}

function values(input: SourceInput, now: Date) {
  return {
    name: input.name,
    homepage: input.homepage ?? null,
    feed_url: input.feedUrl,
    language: input.language ?? null,
    licence_mode: input.licenceMode ?? "full",
    allow_private: input.allowPrivate ? 1 : 0,
    active: 1,
    error_count: 0,
    created_at: now.toISOString(),
  } as const;
}

/** Adds a source; a feed URL can be registered once, a second attempt is the user's mistake. */
export async function insertSource(db: Db, input: SourceInput, now: Date): Promise<SourceRow> {
  const row = await db
    .insertInto("sources")
    .values(values(input, now))
    .onConflict((oc) => oc.column("feed_url").doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new UserInputError(`source already exists: ${input.feedUrl}`);
  return row;
}

/** Adds a source or returns the one already registered for that feed URL (idempotent seeding). */
export async function upsertSource(db: Db, input: SourceInput, now: Date): Promise<SourceRow> {
  const row = await db
    .insertInto("sources")
    .values(values(input, now))
    .onConflict((oc) => oc.column("feed_url").doNothing())
    .returningAll()
    .executeTakeFirst();
  return (
    row ?? (await db.selectFrom("sources").selectAll().where("feed_url", "=", input.feedUrl).executeTakeFirstOrThrow())
  );
}

export async function findSource(db: Db, id: number): Promise<SourceRow | undefined> {
  return db.selectFrom("sources").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function getSource(db: Db, id: number): Promise<SourceRow> {
  const row = await findSource(db, id);
  if (!row) throw new NotFoundError(`source ${id} not found`);
  return row;
}

export async function findSourceByFeedUrl(db: Db, feedUrl: string): Promise<SourceRow | undefined> {
  return db.selectFrom("sources").selectAll().where("feed_url", "=", feedUrl).executeTakeFirst();
}

export async function listSources(db: Db, options: { activeOnly?: boolean } = {}): Promise<SourceRow[]> {
  let query = db.selectFrom("sources").selectAll();
  if (options.activeOnly) query = query.where("active", "=", 1);
  return query.orderBy("name").orderBy("id").execute();
}

/** Active sources whose next poll time has come; never-polled sources first, then oldest due. */
export async function listSourcesDueForPoll(db: Db, now: Date): Promise<SourceRow[]> {
  return (
    db
      .selectFrom("sources")
      .selectAll()
      .where("active", "=", 1)
      .where((eb) => eb.or([eb("next_poll_at", "is", null), eb("next_poll_at", "<=", now.toISOString())]))
      // The empty string sorts before any ISO time, on SQLite and PostgreSQL alike (they disagree on nulls).
      .orderBy((eb) => eb.fn.coalesce("next_poll_at", eb.val("")))
      .orderBy("id")
      .execute()
  );
}

export async function updateSource(db: Db, id: number, patch: SourcePatch): Promise<SourceRow> {
  const set: Record<string, string | number | null> = {};
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.feedUrl !== undefined) set.feed_url = patch.feedUrl;
  if (patch.homepage !== undefined) set.homepage = patch.homepage;
  if (patch.language !== undefined) set.language = patch.language;
  if (patch.licenceMode !== undefined) set.licence_mode = patch.licenceMode;
  if (patch.allowPrivate !== undefined) set.allow_private = patch.allowPrivate ? 1 : 0;
  if (patch.active !== undefined) set.active = patch.active ? 1 : 0;
  if (Object.keys(set).length === 0) return getSource(db, id);
  const row = await db.updateTable("sources").set(set).where("id", "=", id).returningAll().executeTakeFirst();
  if (!row) throw new NotFoundError(`source ${id} not found`);
  return row;
}

/**
 * Records one poll. Success clears the error and resets the count; failure keeps the last
 * success time and counts consecutive errors (the caller derives its backoff from the count).
 */
export async function markSourceFetched(db: Db, id: number, outcome: FetchOutcome, now: Date): Promise<SourceRow> {
  const at = now.toISOString();
  const base = {
    last_fetched_at: at,
    next_poll_at: outcome.nextPollAt.toISOString(),
    poll_reason: outcome.pollReason ?? null,
  };
  const query = outcome.ok
    ? db.updateTable("sources").set({
        ...base,
        last_success_at: at,
        last_error: null,
        error_count: 0,
        ...(outcome.etag !== undefined ? { etag: outcome.etag } : {}),
        ...(outcome.lastModified !== undefined ? { last_modified: outcome.lastModified } : {}),
        ...(outcome.feedTtlMinutes !== undefined ? { feed_ttl_minutes: outcome.feedTtlMinutes } : {}),
      })
    : db.updateTable("sources").set((eb) => ({
        ...base,
        last_error: (outcome.error ?? "unknown error").slice(0, 2000),
        error_count: eb("error_count", "+", 1),
      }));
  const row = await query.where("id", "=", id).returningAll().executeTakeFirst();
  if (!row) throw new NotFoundError(`source ${id} not found`);
  return row;
}
