/**
 * What clustering keeps in memory between articles, so the cost of one stays flat: document
 * frequencies (the IDF of every term it has read) and, per story, its parsed vectors and the
 * members they were computed from.
 *
 * Never wrong, only stale at worst, and never that for story profiles:
 * - a story's entry is used only while the stored article_count is the one it was made at (a
 *   story's membership only grows while it lives, so the count names its profile); entries made
 *   in a transaction reach the cache only once it commits, and a failed transaction empties it;
 * - document frequencies are the store's values plus this process's own committed increments,
 *   exact with one writer; with several workers (PostgreSQL) a count can lag by what the others
 *   added since it was read, and the cache is read again every REFRESH_AFTER_ARTICLES articles.
 */
import type { Db } from "../store/db.ts";
import { insertJob } from "../store/jobs.ts";
import type { NewClusterDecision } from "../store/schema.ts";
import {
  addTermCounts,
  insertClusterDecisions,
  listStoryMemberFacts,
  listStoryMemberVectors,
  listStoryVectors,
  listTermStats,
  type StoryHead,
} from "../store/stories.ts";
import { embeddingFromText } from "./embeddings.ts";
import { type MemberFact, type MemberVectors, PROFILE_MEMBERS } from "./profile-story.ts";
import type { Comparable } from "./similarity.ts";
import { type TermStats, type TermVector, vectorFromJson } from "./vectors.ts";

/** Committed articles after which cached document frequencies are read again from the store. */
const REFRESH_AFTER_ARTICLES = 20_000;
/** Stories kept, the least recently used dropped first: more than a busy window holds. */
const MAX_STORIES = 2000;

/** A member as the profile needs it: its facts and, for original members, its vectors. */
export interface CachedMember extends MemberFact, MemberVectors {
  id: number;
}

/** A story's vectors and members, as of `articleCount` members. */
export interface StoryEntry {
  articleCount: number;
  centroid: TermVector;
  names: TermVector;
  embedding: Float32Array | undefined;
  embeddingModel: string | null;
  /** Every member's facts, oldest first; undefined until read. */
  facts?: Array<MemberFact & { id: number }>;
  /** The members the vectors come from (newest PROFILE_MEMBERS originals), oldest first. */
  members?: CachedMember[];
  /** What the story's rows in the term index hold. */
  indexed?: IndexedTerms;
}

export interface IndexedTerms {
  terms: ReadonlyMap<string, number>;
  seenAt: string;
}

/** Per store: document frequencies known to be committed, and story entries. */
export class ClusterCache {
  documents: number | undefined;
  readonly df = new Map<string, number>();
  readonly stories = new Map<number, StoryEntry>();
  private committedArticles = 0;

  /** Adds a committed transaction's increments and story entries. */
  apply(counts: ReadonlyMap<string, number>, documents: number, stories: ReadonlyMap<number, StoryEntry | null>): void {
    for (const [id, entry] of stories) {
      this.stories.delete(id);
      if (entry) this.stories.set(id, entry);
    }
    // Map order is insertion order: the first keys are the least recently used.
    for (const id of this.stories.keys()) {
      if (this.stories.size <= MAX_STORIES) break;
      this.stories.delete(id);
    }
    if (this.documents === undefined) return;
    this.committedArticles += documents;
    if (this.committedArticles >= REFRESH_AFTER_ARTICLES || this.df.size > 1_000_000) {
      this.documents = undefined;
      this.df.clear();
      this.committedArticles = 0;
      return;
    }
    this.documents += documents;
    for (const [term, n] of counts) {
      const known = this.df.get(term);
      if (known !== undefined) this.df.set(term, known + n);
    }
  }

  /** After a failed transaction: story entries may describe what was rolled back. */
  forgetStories(): void {
    this.stories.clear();
  }
}

const caches = new WeakMap<Db, ClusterCache>();

/** Runs a clustering transaction; when it fails, cached story entries may describe what rolled back. */
export async function guarded<T>(cache: ClusterCache, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    cache.forgetStories();
    throw error;
  }
}

/**
 * The cache for this store. Inside a caller's transaction (whose outcome clustering cannot see)
 * a private one, dropped afterwards.
 */
export function cacheFor(db: Db): ClusterCache {
  if (db.isTransaction) return new ClusterCache();
  let cache = caches.get(db);
  if (!cache) {
    cache = new ClusterCache();
    caches.set(db, cache);
  }
  return cache;
}

/**
 * One transaction's view: the cache plus what it has changed and not yet committed, and the
 * writes it gathers to make once at the end (document frequencies, decisions).
 */
export class ClusterSession {
  private readonly decisions: NewClusterDecision[] = [];
  /** Stories whose write-analysis job this transaction has already queued. */
  private readonly queued = new Set<number>();
  private pendingDocuments = 0;
  private readonly pendingDf = new Map<string, number>();
  /** Entries of stories changed in this transaction (null: the story is gone). */
  private readonly pendingStories = new Map<number, StoryEntry | null>();

  constructor(
    readonly db: Db,
    readonly cache: ClusterCache,
  ) {}

  /** Document frequencies of these terms as of now, this transaction's articles included. */
  async termStats(terms: Iterable<string>): Promise<TermStats> {
    const missing: string[] = [];
    for (const t of terms) if (!this.cache.df.has(t)) missing.push(t);
    if (missing.length > 0 || this.cache.documents === undefined) {
      const loaded = await listTermStats(this.db, missing);
      if (this.cache.documents === undefined) this.cache.documents = loaded.documents;
      for (const t of missing) this.cache.df.set(t, loaded.df.get(t) ?? 0);
    }
    // Read through, not copied: valid until the next count(), the transaction's own included.
    const known = this.cache.df;
    const pending = this.pendingDf;
    return {
      documents: (this.cache.documents ?? 0) + this.pendingDocuments,
      df: { get: (t: string) => (known.get(t) ?? 0) + (pending.get(t) ?? 0) },
    };
  }

  /** Counts one more document containing these terms. */
  count(terms: Iterable<string>): void {
    this.pendingDocuments++;
    for (const t of new Set(terms)) this.pendingDf.set(t, (this.pendingDf.get(t) ?? 0) + 1);
  }

  /** Records a decision, written by flush(). */
  decide(row: NewClusterDecision): void {
    this.decisions.push(row);
  }

  /** Queues write-analysis for a story, once per transaction (the queue dedupes across them). */
  async queueAnalysis(storyId: number, now: Date): Promise<void> {
    if (this.queued.has(storyId)) return;
    this.queued.add(storyId);
    await insertJob(this.db, { name: "write-analysis", payload: { storyId }, key: `write-analysis:${storyId}` }, now);
  }

  /** Writes what was gathered (inside the transaction). */
  async flush(): Promise<void> {
    await insertClusterDecisions(this.db, this.decisions.splice(0));
    if (this.pendingDocuments === 0) return;
    await addTermCounts(this.db, this.pendingDf, this.pendingDocuments);
  }

  /** After the transaction committed: what it changed becomes the cache's. */
  committed(): void {
    this.cache.apply(this.pendingDf, this.pendingDocuments, this.pendingStories);
    this.pendingDf.clear();
    this.pendingDocuments = 0;
    this.pendingStories.clear();
  }

  /** The entry of a story as it is stored now (its article count), if known. */
  entry(id: number, articleCount: number): StoryEntry | undefined {
    const pending = this.pendingStories.get(id);
    if (pending !== undefined) return pending && pending.articleCount === articleCount ? pending : undefined;
    const entry = this.cache.stories.get(id);
    if (!entry || entry.articleCount !== articleCount) return undefined;
    // Used again: to the back of the eviction order.
    this.cache.stories.delete(id);
    this.cache.stories.set(id, entry);
    return entry;
  }

  remember(id: number, entry: StoryEntry | null): void {
    this.pendingStories.set(id, entry);
  }

  /**
   * The stories as similarity() sees them, reading the vectors of those not known at their
   * current article count; an embedding only when made by `model`.
   */
  async comparables(heads: readonly StoryHead[], model: string | undefined): Promise<Map<number, Comparable>> {
    const missing = heads.filter((h) => !this.entry(h.id, h.article_count)).map((h) => h.id);
    for (const row of await listStoryVectors(this.db, missing)) {
      this.remember(row.id, {
        articleCount: row.article_count,
        centroid: vectorFromJson(row.centroid),
        names: vectorFromJson(row.names),
        embedding: row.embedding ? embeddingFromText(row.embedding) : undefined,
        embeddingModel: row.embedding_model,
      });
    }
    const out = new Map<number, Comparable>();
    for (const h of heads) {
      const e = this.entry(h.id, h.article_count);
      if (!e) continue;
      out.set(h.id, {
        vector: e.centroid,
        names: e.names,
        embedding: model !== undefined && e.embeddingModel === model ? e.embedding : undefined,
        firstSeenAt: h.first_seen_at,
        lastSeenAt: h.last_seen_at,
      });
    }
    return out;
  }

  /**
   * A story's members for its profile: from the entry at `articleCount` plus `added` when
   * known, else read from the store (which then already holds `added`).
   */
  async members(
    storyId: number,
    articleCount: number | undefined,
    added: CachedMember | undefined,
  ): Promise<{ facts: Array<MemberFact & { id: number }>; members: CachedMember[] }> {
    // A story started for this article has it as its only member.
    if (articleCount === 0 && added) return { facts: [added], members: [added] };
    const known = articleCount !== undefined ? this.entry(storyId, articleCount) : undefined;
    if (known?.facts && known.members && added) {
      const facts = [...known.facts, added].sort(byTime);
      // Only originals make vectors, unless the story has none (then its newest members do).
      const pool =
        added.duplicate_of === null || known.members.every((m) => m.duplicate_of !== null)
          ? [...known.members, added].sort(byTime)
          : known.members;
      const originalsOnly = pool.some((m) => m.duplicate_of === null)
        ? pool.filter((m) => m.duplicate_of === null)
        : pool;
      return { facts, members: originalsOnly.slice(-PROFILE_MEMBERS) };
    }
    const facts = await listStoryMemberFacts(this.db, storyId);
    const rows = await listStoryMemberVectors(this.db, storyId, PROFILE_MEMBERS);
    const factById = new Map(facts.map((f) => [f.id, f]));
    return {
      facts,
      members: rows.map((r) => ({
        ...factById.get(r.id)!,
        terms: vectorFromJson(r.terms),
        names: vectorFromJson(r.names),
        entities: parseEntities(r.entities),
      })),
    };
  }
}

function byTime(a: { published_at: string; id: number }, b: { published_at: string; id: number }): number {
  return a.published_at < b.published_at ? -1 : a.published_at > b.published_at ? 1 : a.id - b.id;
}

function parseEntities(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((e): e is string => typeof e === "string") : [];
}
