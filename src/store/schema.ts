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
  centroid: Generated<string>;
  entities: Generated<string>;
  analysis_status: Generated<"pending" | "written" | "skipped">;
  updated_at: string;
}

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
  created_at: string;
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
  created_at: string;
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
  term_df: TermDfTable;
  story_terms: StoryTermsTable;
  cluster_decisions: ClusterDecisionsTable;
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
export type JobRow = Selectable<JobsTable>;
export type ClusterDecisionRow = Selectable<ClusterDecisionsTable>;
