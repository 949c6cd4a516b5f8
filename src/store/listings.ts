/**
 * The reader's site reads published analyses in many orders: today's edition, a category, a tag,
 * a day of the archive, the feeds, the sitemaps, an analysis's version history, the outlets.
 * Every function here returns published analyses only and touches an index range whose size is
 * set by its limit or its time window, never by the size of the archive, so a page costs the
 * same with a thousand analyses as with a hundred thousand. List rows carry no version body
 * (the source count comes from the version's article ids), so a list is cheap to read.
 */

import type { Category } from "../domain/categories.ts";
import type { AnalysisBody } from "./analyses.ts";
import type { Db } from "./db.ts";
import type { AnalysisRow, AnalysisVersionRow } from "./schema.ts";

export interface ListedAnalysis {
  id: number;
  slug: string;
  headline: string;
  dek: string;
  category: Category;
  readMinutes: number;
  publishedAt: string;
  updatedAt: string;
  sourceCount: number;
  claimsTotal: number;
  claimsVerified: number;
}

export interface Keyset {
  publishedAt: string;
  id: number;
}

const LIST_COLUMNS = [
  "a.id",
  "a.slug",
  "a.headline",
  "a.dek",
  "a.category",
  "a.published_at",
  "a.updated_at",
  "v.read_minutes",
  "v.claims_total",
  "v.claims_verified",
  "v.article_ids",
  "v.created_at as version_created_at",
] as const;

interface ListRow {
  id: number;
  slug: string;
  headline: string;
  dek: string;
  category: string;
  published_at: string | null;
  updated_at: string;
  read_minutes: number;
  claims_total: number;
  claims_verified: number;
  article_ids: string;
  version_created_at: string;
}

function toListed(r: ListRow): ListedAnalysis {
  const publishedAt = r.published_at ?? r.updated_at;
  return {
    id: r.id,
    slug: r.slug,
    headline: r.headline,
    dek: r.dek,
    category: r.category as Category,
    readMinutes: r.read_minutes,
    publishedAt,
    // biome-ignore lint/complexity/useMathMinMax: ISO-8601 strings compare as text.
    updatedAt: r.version_created_at > publishedAt ? r.version_created_at : publishedAt,
    sourceCount: (JSON.parse(r.article_ids) as unknown[]).length,
    claimsTotal: r.claims_total,
    claimsVerified: r.claims_verified,
  };
}

function published(db: Db) {
  return db
    .selectFrom("analyses as a")
    .innerJoin("analysis_versions as v", "v.id", "a.published_version_id")
    .where("a.published_version_id", "is not", null)
    .where("a.published_at", "is not", null);
}

export interface ListOptions {
  limit: number;
  category?: Category;
  /** Strictly older than this (published_at, id) pair. */
  before?: Keyset;
  /** Published at or after this instant. */
  from?: string;
  /** Published strictly before this instant. */
  to?: string;
}

/** Published analyses, newest first, with keyset pagination and an optional time range. */
export async function listPublished(db: Db, o: ListOptions): Promise<ListedAnalysis[]> {
  let q = published(db).select(LIST_COLUMNS).orderBy("a.published_at", "desc").orderBy("a.id", "desc").limit(o.limit);
  if (o.category) q = q.where("a.category", "=", o.category);
  if (o.from) q = q.where("a.published_at", ">=", o.from);
  if (o.to) q = q.where("a.published_at", "<", o.to);
  const before = o.before;
  if (before) {
    q = q.where((eb) =>
      eb.or([
        eb("a.published_at", "<", before.publishedAt),
        eb.and([eb("a.published_at", "=", before.publishedAt), eb("a.id", "<", before.id)]),
      ]),
    );
  }
  return (await q.execute()).map(toListed);
}

export interface EditionEntry extends ListedAnalysis {
  /** The story's rank score when the analysis was listed (higher is more important). */
  score: number;
}

/**
 * Today's edition: the analyses published in the `hours` before the latest publication (so a
 * quiet day still shows the last edition rather than nothing), at most `max`, with their
 * stories' scores for ordering.
 */
export async function listEdition(db: Db, o: { hours: number; max: number }): Promise<EditionEntry[]> {
  const latest = await published(db)
    .select("a.published_at")
    .orderBy("a.published_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!latest?.published_at) return [];
  const from = new Date(Date.parse(latest.published_at) - o.hours * 3_600_000).toISOString();
  const rows = await published(db)
    .innerJoin("stories as s", "s.id", "a.story_id")
    .select([...LIST_COLUMNS, "s.score"])
    .where("a.published_at", ">=", from)
    .orderBy("a.published_at", "desc")
    .orderBy("a.id", "desc")
    .limit(o.max)
    .execute();
  return rows.map((r) => ({ ...toListed(r), score: Number(r.score) }));
}

/** Analyses whose published version carries the tag, newest first. */
export async function listByTag(
  db: Db,
  slug: string,
  o: { limit: number; before?: Keyset },
): Promise<ListedAnalysis[]> {
  let q = db
    .selectFrom("analysis_tags as t")
    .innerJoin("analyses as a", "a.id", "t.analysis_id")
    .innerJoin("analysis_versions as v", "v.id", "a.published_version_id")
    .select(LIST_COLUMNS)
    .where("t.tag_slug", "=", slug)
    .orderBy("t.published_at", "desc")
    .orderBy("t.analysis_id", "desc")
    .limit(o.limit);
  const before = o.before;
  if (before) {
    q = q.where((eb) =>
      eb.or([
        eb("t.published_at", "<", before.publishedAt),
        eb.and([eb("t.published_at", "=", before.publishedAt), eb("t.analysis_id", "<", before.id)]),
      ]),
    );
  }
  return (await q.execute()).map(toListed);
}

/** The tag as it was written, or undefined when no published analysis carries it. */
export async function findTagName(db: Db, slug: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("analysis_tags")
    .select("tag")
    .where("tag_slug", "=", slug)
    .orderBy("published_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.tag;
}

/** Instants of the first and the latest publication, or undefined before the first. */
export async function findPublicationRange(db: Db): Promise<{ first: string; last: string } | undefined> {
  const first = await published(db)
    .select("a.published_at")
    .orderBy("a.published_at", "asc")
    .limit(1)
    .executeTakeFirst();
  const last = await published(db)
    .select("a.published_at")
    .orderBy("a.published_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!first?.published_at || !last?.published_at) return undefined;
  return { first: first.published_at, last: last.published_at };
}

/** How many analyses were published on each UTC day of [from, to), as "YYYY-MM-DD" -> count. */
export async function countPublishedByDay(db: Db, from: string, to: string): Promise<Map<string, number>> {
  const rows = await published(db)
    .select("a.published_at")
    .where("a.published_at", ">=", from)
    .where("a.published_at", "<", to)
    .execute();
  const counts = new Map<string, number>();
  for (const r of rows) {
    const day = (r.published_at ?? "").slice(0, 10);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return counts;
}

export interface SitemapEntry {
  slug: string;
  headline: string;
  publishedAt: string;
  updatedAt: string;
}

/** Slugs and dates for sitemaps, oldest first, within [from, to). */
export async function listSitemapEntries(db: Db, from: string, to: string, limit: number): Promise<SitemapEntry[]> {
  const rows = await published(db)
    .select(["a.slug", "a.headline", "a.published_at", "a.updated_at", "v.created_at"])
    .where("a.published_at", ">=", from)
    .where("a.published_at", "<", to)
    .orderBy("a.published_at", "asc")
    .orderBy("a.id", "asc")
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const publishedAt = r.published_at ?? r.updated_at;
    return {
      slug: r.slug,
      headline: r.headline,
      publishedAt,
      // biome-ignore lint/complexity/useMathMinMax: ISO-8601 strings compare as text.
      updatedAt: r.created_at > publishedAt ? r.created_at : publishedAt,
    };
  });
}

export interface FeedEntry {
  analysis: AnalysisRow;
  version: AnalysisVersionRow;
  body: AnalysisBody;
}

/** The newest published analyses with their full published version, for feeds. */
export async function listFeedEntries(db: Db, o: { limit: number; category?: Category }): Promise<FeedEntry[]> {
  let q = db
    .selectFrom("analyses as a")
    .select("a.id")
    .where("a.published_version_id", "is not", null)
    .where("a.published_at", "is not", null)
    .orderBy("a.published_at", "desc")
    .orderBy("a.id", "desc")
    .limit(o.limit);
  if (o.category) q = q.where("a.category", "=", o.category);
  const ids = (await q.execute()).map((r) => r.id);
  if (ids.length === 0) return [];
  const analyses = await db.selectFrom("analyses").selectAll().where("id", "in", ids).execute();
  const versionIds = analyses.map((a) => a.published_version_id).filter((v): v is number => v !== null);
  const versions = await db.selectFrom("analysis_versions").selectAll().where("id", "in", versionIds).execute();
  const versionById = new Map(versions.map((v) => [v.id, v]));
  const analysisById = new Map(analyses.map((a) => [a.id, a]));
  const entries: FeedEntry[] = [];
  for (const id of ids) {
    const analysis = analysisById.get(id);
    const version = analysis?.published_version_id ? versionById.get(analysis.published_version_id) : undefined;
    if (analysis && version) entries.push({ analysis, version, body: JSON.parse(version.body) as AnalysisBody });
  }
  return entries;
}

export interface VersionHistoryEntry {
  version: number;
  createdAt: string;
  publishedAt: string;
  claimsTotal: number;
  claimsVerified: number;
  sourceCount: number;
  engine: string;
  current: boolean;
}

/** The versions readers were shown, newest first (the published one always among them). */
export async function listVersionHistory(
  db: Db,
  analysis: Pick<AnalysisRow, "id" | "published_version_id" | "published_at" | "updated_at">,
): Promise<VersionHistoryEntry[]> {
  const rows = await db
    .selectFrom("analysis_versions as v")
    .leftJoin("analysis_publications as p", "p.version_id", "v.id")
    .select([
      "v.id",
      "v.version",
      "v.created_at",
      "v.claims_total",
      "v.claims_verified",
      "v.article_ids",
      "v.engine",
      "p.published_at",
    ])
    .where("v.analysis_id", "=", analysis.id)
    .where((eb) => eb.or([eb("p.version_id", "is not", null), eb("v.id", "=", analysis.published_version_id ?? -1)]))
    .orderBy("v.version", "desc")
    .execute();
  return rows.map((r) => ({
    version: r.version,
    createdAt: r.created_at,
    publishedAt: r.published_at ?? analysis.published_at ?? analysis.updated_at,
    claimsTotal: r.claims_total,
    claimsVerified: r.claims_verified,
    sourceCount: (JSON.parse(r.article_ids) as unknown[]).length,
    engine: r.engine,
    current: r.id === analysis.published_version_id,
  }));
}

/** One version of an analysis if readers were ever shown it. */
export async function findShownVersion(
  db: Db,
  analysis: Pick<AnalysisRow, "id" | "published_version_id">,
  version: number,
): Promise<AnalysisVersionRow | undefined> {
  const row = await db
    .selectFrom("analysis_versions as v")
    .leftJoin("analysis_publications as p", "p.version_id", "v.id")
    .selectAll("v")
    .where("v.analysis_id", "=", analysis.id)
    .where("v.version", "=", version)
    .where((eb) => eb.or([eb("p.version_id", "is not", null), eb("v.id", "=", analysis.published_version_id ?? -1)]))
    .executeTakeFirst();
  return row;
}

export interface OutletEntry {
  id: number;
  name: string;
  homepage: string | null;
  language: string | null;
  licenceMode: "full" | "abstract";
  active: boolean;
  articles: number;
  lastArticleAt: string | null;
}

/** Every outlet PRISM reads, by name, with how many of its articles are stored. */
export async function listOutlets(db: Db): Promise<OutletEntry[]> {
  const sources = await db
    .selectFrom("sources")
    .select(["id", "name", "homepage", "language", "licence_mode", "active"])
    .orderBy("name", "asc")
    .execute();
  const counts = await db
    .selectFrom("articles")
    .select((eb) => ["source_id", eb.fn.countAll<string | number>().as("n"), eb.fn.max("published_at").as("last")])
    .groupBy("source_id")
    .execute();
  const bySource = new Map(counts.map((c) => [c.source_id, c]));
  return sources.map((s) => ({
    id: s.id,
    name: s.name,
    homepage: s.homepage,
    language: s.language,
    licenceMode: s.licence_mode,
    active: s.active === 1,
    articles: Number(bySource.get(s.id)?.n ?? 0),
    lastArticleAt: (bySource.get(s.id)?.last as string | null | undefined) ?? null,
  }));
}
