/** Row types of every table, as Kysely sees them. Times are ISO-8601 UTC text; JSON columns are text. */
import type { Generated, Insertable, Selectable, Updateable } from "kysely";

export interface SourcesTable {
  id: Generated<number>;
  name: string;
  homepage: string | null;
  feed_url: string;
  language: string | null;
  licence_mode: Generated<"full" | "abstract">;
  allow_private: Generated<number>;
  active: Generated<number>;
  etag: string | null;
  last_modified: string | null;
  last_fetched_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  error_count: Generated<number>;
  next_poll_at: string | null;
  /** Why next_poll_at is when it is (2026-11-28-ingest). */
  poll_reason: string | null;
  /** The poll interval the feed asked for (RSS ttl, sy:updatePeriod), minutes (2026-11-28-ingest). */
  feed_ttl_minutes: number | null;
  created_at: string;
}

export type ItemStatus = "stored" | "dropped" | "failed";

export interface ItemsTable {
  id: Generated<number>;
  source_id: number;
  guid: string;
  url: string | null;
  title: string | null;
  author: string | null;
  summary: string | null;
  content_html: string | null;
  language: string | null;
  published_at: string | null;
  status: ItemStatus;
  drop_reason: string | null;
  created_at: string;
}

export interface StoriesTable {
  id: Generated<number>;
  slug: string;
  title: string;
  first_seen_at: string;
  last_seen_at: string;
  article_count: Generated<number>;
  source_count: Generated<number>;
  score: Generated<number>;
  score_breakdown: Generated<string>;
  /** Superseded by story_vectors (2026-11-30-stories); no longer written. */
  centroid: Generated<string>;
  entities: Generated<string>;
  analysis_status: Generated<"pending" | "written" | "skipped">;
  updated_at: string;
  /** Where the story is in its life (2026-11-30-stories). */
  phase: Generated<StoryPhase>;
  /** The story the merge pass joined this one into; its articles moved there. */
  merged_into: number | null;
  merged_at: string | null;
  /** 1 until the merge pass has compared the story as it is now. */
  merge_pending: Generated<number>;
  /** Near-duplicates among its articles (not counted as sources). */
  duplicate_count: Generated<number>;
}

export type StoryPhase = "breaking" | "developing" | "sustained" | "fading";

export interface ArticlesTable {
  id: Generated<number>;
  item_id: number;
  source_id: number;
  url: string;
  title: string;
  author: string | null;
  published_at: string;
  language: string;
  text: string;
  word_count: number;
  is_abstract: Generated<number>;
  story_id: number | null;
  cluster_status: Generated<"pending" | "clustered">;
  terms: Generated<string>;
  entities: Generated<string>;
  /** The first stored article from another source whose text this one nearly copies (2026-11-28-ingest). */
  duplicate_of: number | null;
  /** Share of the shorter text's shingles found in the other (0..1), when duplicate_of is set. */
  duplicate_similarity: number | null;
  created_at: string;
  /** JSON term vector of the words of its named entities (2026-11-30-stories). */
  names: Generated<string>;
}

/** Near-duplicate index (2026-11-28-ingest): one row per MinHash LSH band of an article's text. */
export interface ArticleBandsTable {
  band: string;
  article_id: number;
  published_at: string;
}

export type AnalysisStatus = "published" | "needs-review" | "rejected" | "draft";

export interface AnalysesTable {
  id: Generated<number>;
  story_id: number;
  slug: string;
  status: AnalysisStatus;
  status_reason: string | null;
  category: string;
  headline: string;
  dek: string;
  current_version_id: number | null;
  published_version_id: number | null;
  published_at: string | null;
  updated_at: string;
  created_at: string;
}

export interface AnalysisVersionsTable {
  id: Generated<number>;
  analysis_id: number;
  version: number;
  engine: string;
  model: string | null;
  prompt_version: string | null;
  body: string;
  verification: string;
  html: string;
  read_minutes: number;
  claims_total: number;
  claims_verified: number;
  article_ids: string;
  created_at: string;
  /** What changed since the version readers saw before (JSON VersionChanges; 2026-12-01-analysis). */
  changes: string | null;
  /** An editor's decision on this version (2026-12-01-analysis). */
  review_status: "approved" | "rejected" | null;
  review_note: string | null;
  reviewed_at: string | null;
}

/** The model usage ledger (2026-12-01-analysis): one row per HTTP call to a model. */
export interface ModelCallsTable {
  id: Generated<number>;
  called_at: string;
  story_id: number | null;
  provider: string;
  model: string;
  purpose: string;
  attempt: number;
  outcome: string;
  status_code: number | null;
  tokens_in: number;
  tokens_out: number;
  tokens_estimated: number;
  cost_usd: number;
  latency_ms: number;
  error: string | null;
}

export interface RelatedAnalysesTable {
  analysis_id: number;
  related_id: number;
  score: number;
}

export type CommentStatus = "pending" | "approved" | "rejected" | "spam";

export interface CommentsTable {
  id: Generated<number>;
  analysis_id: number;
  parent_id: number | null;
  author_name: string;
  body: string;
  status: CommentStatus;
  status_reason: string | null;
  client_hash: string;
  /** Hash of the normalized text, for duplicate detection (2026-11-29-site). */
  body_hash: Generated<string>;
  created_at: string;
}

/** Site tables (2026-11-29-site). The search index is per dialect and only store/search.ts reads it. */
export interface AnalysisTagsTable {
  analysis_id: number;
  tag_slug: string;
  tag: string;
  published_at: string;
}

/** Each version that was ever shown to readers, and when. */
export interface AnalysisPublicationsTable {
  version_id: number;
  analysis_id: number;
  published_at: string;
}

/** Revision counters of what readers see ('pages'); page caches compare them. */
export interface SiteStateTable {
  key: string;
  revision: number;
  changed_at: string;
}

export type ErrorReportReason = "factual-error" | "misleading" | "outdated" | "other";
export type ErrorReportStatus = "open" | "resolved" | "dismissed";

export interface ErrorReportsTable {
  id: Generated<number>;
  analysis_id: number;
  version_id: number | null;
  reason: ErrorReportReason;
  details: string;
  source_url: string | null;
  status: ErrorReportStatus;
  status_note: string | null;
  client_hash: string;
  created_at: string;
  resolved_at: string | null;
}

export type JobStatus = "queued" | "running" | "done" | "failed";

export interface JobsTable {
  id: Generated<number>;
  name: string;
  payload: string;
  dedupe_key: string;
  status: JobStatus;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  run_at: string;
  locked_at: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

/** Clustering index (2026-11-27-story-index): document frequency per term; '#documents' counts articles. */
export interface TermDfTable {
  term: string;
  df: number;
}

/** Clustering index: a story's centroid terms, with the story's last_seen_at for window lookups. */
export interface StoryTermsTable {
  story_id: number;
  term: string;
  weight: number;
  last_seen_at: string;
}

/** Clustering index: the story each article went to, and whether it joined or started it. */
export interface ClusterDecisionsTable {
  article_id: number;
  story_id: number;
  joined: number;
  similarity: number;
  candidates: number;
  decided_at: string;
  /** JSON: the similarity's parts, or the near-duplicate link (2026-11-30-stories). */
  detail: Generated<string>;
}

/** A story's vectors (2026-11-30-stories): JSON term and name vectors, base64 float32 embedding. */
export interface StoryVectorsTable {
  story_id: number;
  centroid: string;
  names: string;
  embedding: string | null;
  embedding_model: string | null;
}

/** Embeddings of articles from the optional provider (2026-11-30-stories): base64 float32. */
export interface ArticleEmbeddingsTable {
  article_id: number;
  model: string;
  vector: string;
  created_at: string;
}

export interface Database {
  sources: SourcesTable;
  items: ItemsTable;
  stories: StoriesTable;
  articles: ArticlesTable;
  analyses: AnalysesTable;
  analysis_versions: AnalysisVersionsTable;
  related_analyses: RelatedAnalysesTable;
  comments: CommentsTable;
  jobs: JobsTable;
  analysis_tags: AnalysisTagsTable;
  analysis_publications: AnalysisPublicationsTable;
  site_state: SiteStateTable;
  error_reports: ErrorReportsTable;
  term_df: TermDfTable;
  story_terms: StoryTermsTable;
  cluster_decisions: ClusterDecisionsTable;
  article_bands: ArticleBandsTable;
  model_calls: ModelCallsTable;
  article_embeddings: ArticleEmbeddingsTable;
  story_vectors: StoryVectorsTable;
}

export type SourceRow = Selectable<SourcesTable>;
export type NewSource = Insertable<SourcesTable>;
export type SourceUpdate = Updateable<SourcesTable>;
export type ItemRow = Selectable<ItemsTable>;
export type NewItem = Insertable<ItemsTable>;
export type ArticleRow = Selectable<ArticlesTable>;
export type NewArticle = Insertable<ArticlesTable>;
export type StoryRow = Selectable<StoriesTable>;
export type AnalysisRow = Selectable<AnalysesTable>;
export type AnalysisVersionRow = Selectable<AnalysisVersionsTable>;
export type CommentRow = Selectable<CommentsTable>;
export type ErrorReportRow = Selectable<ErrorReportsTable>;
export type JobRow = Selectable<JobsTable>;
export type ModelCallRow = Selectable<ModelCallsTable>;
export type ClusterDecisionRow = Selectable<ClusterDecisionsTable>;
export type NewClusterDecision = Insertable<ClusterDecisionsTable>;
