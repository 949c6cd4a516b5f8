/**
 * Full-text search over published analyses: headline, dek and body text, behind one function
 * for both dialects (SQLite FTS5 with bm25; PostgreSQL tsvector with ts_rank_cd). The index is
 * written when a version is published (indexAnalysisForSearch, called by the publish step in its
 * transaction), together with the tag rows, the publication record used by version history, and
 * the site revision that tells every serving process its cached pages are stale.
 *
 * A reader's query is reduced to at most MAX_TERMS words of letters and digits; nothing else of
 * it reaches the query syntax of either engine. Words are matched whole (after stemming), except
 * the last, which is also matched as a prefix (a word being typed, or a Korean noun with its
 * particle attached). Prefixes of every word would make a query touch every term that starts
 * the same way, and its cost grow with the archive.
 */

import { sql } from "kysely";
import type { AnalysisDraft } from "../domain/analysis.ts";
import type { Category } from "../domain/categories.ts";
import type { AnalysisBody } from "./analyses.ts";
import { type Db, isPostgres } from "./db.ts";
import { markSiteChanged } from "./site-state.ts";

/** Snippets mark matched words with these two control characters; the view turns them into <mark>. */
export const SNIPPET_START = "\u0002";
export const SNIPPET_END = "\u0003";

const MAX_TERMS = 8;
const MAX_TERM_CHARS = 40;
/**
 * Ranking looks at the newest matches only, so a query that matches most of a large archive
 * costs the same as one that matches a hundred analyses: the best of the 500 newest matches.
 * Relevance within recent work is what a news reader expects anyway.
 */
const RANK_CANDIDATES = 500;

export interface SearchHit {
  id: number;
  slug: string;
  headline: string;
  dek: string;
  category: Category;
  publishedAt: string;
  readMinutes: number;
  sourceCount: number;
  /** Text around the matches, matched words between SNIPPET_START and SNIPPET_END. */
  snippet: string;
}

/** The words of a reader's query, lower-cased, deduplicated, at most MAX_TERMS. */
export function parseSearchQuery(query: string): string[] {
  const words =
    query
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms: string[] = [];
  for (const w of words) {
    const term = [...w].slice(0, MAX_TERM_CHARS).join("");
    if (!terms.includes(term)) terms.push(term);
    if (terms.length === MAX_TERMS) break;
  }
  return terms;
}

/** URL segment of a tag: lower-case letters and digits of any script joined by hyphens. */
export function tagSlug(tag: string): string {
  return (
    tag
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  )
    .join("-")
    .slice(0, 60);
}

export const TAG_SLUG_PATTERN = /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes.
const CONTROL = /[\u0000-\u0008\u000B-\u001F]/g;

/** The searchable text of a body, in reading order: every heading, claim and note a reader sees. */
export function searchableText(body: AnalysisDraft): string {
  const parts: string[] = [];
  for (const section of body.sections) {
    parts.push(section.heading);
    for (const p of section.paragraphs) for (const c of p.claims) parts.push(c.text);
  }
  for (const s of body.stakeholders) parts.push(s.actor, s.position.text, s.interests ?? "", s.leverage ?? "");
  for (const s of body.scenarios) parts.push(s.outcome.text, s.rationale ?? "", ...s.signposts);
  for (const k of body.keyFacts) parts.push(k.label, k.value, k.claim.text);
  for (const t of body.timeline) parts.push(t.date, t.claim.text);
  parts.push(...body.whatToWatch, ...body.tags);
  return parts
    .filter((p) => p !== "")
    .join("\n")
    .replace(CONTROL, " ");
}

/**
 * Brings the index in line with the analysis as readers see it: its published version indexed,
 * its tags listed, that version recorded as published; or, when nothing of it is published,
 * removed from both. Then marks the site changed. Safe to call any number of times.
 */
export async function indexAnalysisForSearch(db: Db, analysisId: number): Promise<void> {
  const analysis = await db
    .selectFrom("analyses as a")
    .leftJoin("analysis_versions as v", "v.id", "a.published_version_id")
    .select(["a.id", "a.published_version_id", "a.published_at", "a.updated_at", "v.body"])
    .where("a.id", "=", analysisId)
    .executeTakeFirst();
  const pg = isPostgres(db);
  await db.deleteFrom("analysis_tags").where("analysis_id", "=", analysisId).execute();
  if (pg) {
    await sql`delete from analysis_search where analysis_id = ${analysisId}`.execute(db);
  } else {
    await sql`delete from analysis_search where rowid = ${analysisId}`.execute(db);
  }
  if (!analysis) return;
  const changedAt = analysis.updated_at;
  if (analysis.published_version_id === null || analysis.body === null) {
    await markSiteChanged(db, changedAt);
    return;
  }
  const body = JSON.parse(analysis.body) as AnalysisBody;
  const headline = body.headline.replace(CONTROL, " ");
  const dek = body.dek.replace(CONTROL, " ");
  const text = searchableText(body);
  if (pg) {
    await sql`insert into analysis_search (analysis_id, headline, dek, body, document) values (
      ${analysisId}, ${headline}, ${dek}, ${text},
      setweight(to_tsvector('english', ${headline}), 'A') ||
      setweight(to_tsvector('english', ${dek}), 'B') ||
      setweight(to_tsvector('english', ${text}), 'C'))`.execute(db);
  } else {
    await sql`insert into analysis_search (rowid, headline, dek, body) values (${analysisId}, ${headline}, ${dek}, ${text})`.execute(
      db,
    );
  }

  const publishedAt = analysis.published_at ?? changedAt;
  const tags = new Map<string, string>();
  for (const tag of body.tags) {
    const slug = tagSlug(tag);
    if (slug && !tags.has(slug)) tags.set(slug, tag.trim());
  }
  if (tags.size > 0) {
    await db
      .insertInto("analysis_tags")
      .values(
        [...tags].map(([slug, tag]) => ({ analysis_id: analysisId, tag_slug: slug, tag, published_at: publishedAt })),
      )
      .execute();
  }
  await db
    .insertInto("analysis_publications")
    .values({ version_id: analysis.published_version_id, analysis_id: analysisId, published_at: changedAt })
    .onConflict((oc) => oc.column("version_id").doNothing())
    .execute();
  await markSiteChanged(db, changedAt);
}

/** Indexes every published analysis again (after a restore, or to fill an index created late). */
export async function reindexAllForSearch(db: Db): Promise<number> {
  let count = 0;
  let after = 0;
  for (;;) {
    const ids = await db
      .selectFrom("analyses")
      .select("id")
      .where("id", ">", after)
      .orderBy("id", "asc")
      .limit(500)
      .execute();
    if (ids.length === 0) return count;
    for (const { id } of ids) {
      await indexAnalysisForSearch(db, id);
      count++;
    }
    after = ids.at(-1)?.id ?? after;
  }
}

export interface SearchOptions {
  limit: number;
  offset: number;
}

const SNIPPET_WORDS = 32;
/** Words shown before the first match in a snippet. */
const SNIPPET_LEAD = 8;

/**
 * Where a text matches a query's words (a word matches when it begins with the term, or with
 * its stem-like head for longer terms, as the stemmed index would match it): the window of
 * SNIPPET_WORDS words holding the most different terms, matches between SNIPPET_START and
 * SNIPPET_END, "…" where text was cut. The start of the text when nothing matches.
 */
export function makeSnippet(text: string, terms: string[]): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const words = [...flat.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({
    start: m.index ?? 0,
    end: (m.index ?? 0) + m[0].length,
    word: m[0].toLowerCase(),
  }));
  if (words.length === 0) return "";
  const heads = terms.map((t) => ([...t].length > 4 ? [...t].slice(0, Math.max(4, [...t].length - 2)).join("") : t));
  const matchOf = (w: string) => heads.findIndex((h) => w.startsWith(h));
  const hits = words.map((w) => matchOf(w.word));
  let bestStart = 0;
  let bestScore = -1;
  for (let i = 0; i < words.length; i++) {
    if (hits[i] === -1) continue;
    const from = Math.max(0, i - SNIPPET_LEAD);
    const found = new Set<number>();
    for (let j = from; j < Math.min(words.length, from + SNIPPET_WORDS); j++)
      if ((hits[j] ?? -1) >= 0) found.add(hits[j] ?? -1);
    if (found.size > bestScore) {
      bestScore = found.size;
      bestStart = from;
    }
    if (bestScore === heads.length) break;
  }
  const last = Math.min(words.length, bestStart + SNIPPET_WORDS) - 1;
  let out = bestStart > 0 ? "… " : "";
  let at = words[bestStart]?.start ?? 0;
  for (let j = bestStart; j <= last; j++) {
    const w = words[j];
    if (!w) break;
    out += flat.slice(at, w.start);
    const piece = flat.slice(w.start, w.end);
    out += (hits[j] ?? -1) >= 0 ? `${SNIPPET_START}${piece}${SNIPPET_END}` : piece;
    at = w.end;
  }
  if (last < words.length - 1) out += " …";
  else out += flat.slice(at);
  return out;
}

/** Published analyses matching every word of `query` (the last also as a prefix), best first. */
export async function searchPublishedAnalyses(db: Db, query: string, options: SearchOptions): Promise<SearchHit[]> {
  const terms = parseSearchQuery(query);
  if (terms.length === 0) return [];
  const pg = isPostgres(db);
  let ids: number[];
  if (pg) {
    const tsquery = terms.map((t, i) => (i === terms.length - 1 ? `${t}:*` : t)).join(" & ");
    const { rows } = await sql<{ id: number }>`
      select m.analysis_id as id from (
        select s.analysis_id, ts_rank_cd(s.document, q) as score
        from analysis_search s, to_tsquery('english', ${tsquery}) q
        where s.document @@ q
        order by s.analysis_id desc
        limit ${RANK_CANDIDATES}
      ) m
      order by m.score desc, m.analysis_id desc
      limit ${options.limit} offset ${options.offset}`.execute(db);
    ids = rows.map((r) => Number(r.id));
  } else {
    // Each word quoted (quotes doubled) so nothing a reader types is FTS5 syntax; * makes a prefix.
    const quoted = terms.map((t) => `"${t.replaceAll('"', '""')}"`);
    const last = quoted.pop() ?? "";
    const match = [...quoted, `${last}*`].join(" AND ");
    const { rows } = await sql<{ id: number }>`
      select m.rid as id from (
        select rowid as rid, bm25(analysis_search, 10.0, 4.0, 1.0) as score
        from analysis_search where analysis_search match ${match}
        order by rowid desc
        limit ${RANK_CANDIDATES}
      ) m
      order by m.score asc, m.rid desc
      limit ${options.limit} offset ${options.offset}`.execute(db);
    ids = rows.map((r) => Number(r.id));
  }
  if (ids.length === 0) return [];

  // Snippets are cut here rather than by either engine: the same for both dialects, and a look-up
  // by id costs the same whatever the archive's size (FTS5's snippet() walks every match).
  const { rows: texts } = pg
    ? await sql<{ id: number; dek: string; body: string }>`
        select analysis_id as id, dek, body from analysis_search where analysis_id in (${sql.join(ids)})`.execute(db)
    : await sql<{ id: number; dek: string; body: string }>`
        select rowid as id, dek, body from analysis_search where rowid in (${sql.join(ids)})`.execute(db);
  const textById = new Map(texts.map((t) => [Number(t.id), `${t.dek}\n${t.body}`]));
  const ranked = ids.map((id) => ({ id, snippet: makeSnippet(textById.get(id) ?? "", terms) }));

  const analyses = await db
    .selectFrom("analyses as a")
    .innerJoin("analysis_versions as v", "v.id", "a.published_version_id")
    .select([
      "a.id",
      "a.slug",
      "a.headline",
      "a.dek",
      "a.category",
      "a.published_at",
      "a.updated_at",
      "v.read_minutes",
      "v.article_ids",
    ])
    .where(
      "a.id",
      "in",
      ranked.map((r) => r.id),
    )
    .execute();
  const byId = new Map(analyses.map((a) => [a.id, a]));
  const hits: SearchHit[] = [];
  for (const r of ranked) {
    const a = byId.get(r.id);
    if (!a) continue;
    hits.push({
      id: a.id,
      slug: a.slug,
      headline: a.headline,
      dek: a.dek,
      category: a.category as Category,
      publishedAt: a.published_at ?? a.updated_at,
      readMinutes: a.read_minutes,
      sourceCount: (JSON.parse(a.article_ids) as unknown[]).length,
      snippet: r.snippet,
    });
  }
  return hits;
}
