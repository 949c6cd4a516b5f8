/**
 * The one place that reads the environment. loadConfig(env) returns a frozen, validated Config;
 * every other module receives the parts it needs from the composition root (app.ts).
 * A `NAME_FILE` variable is read as the value of `NAME` (for secrets kept in files).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { CLAIM_PROBLEM_KINDS } from "./domain/analysis.ts";
import { UserInputError } from "./lib/errors.ts";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off"])
  .transform((v) => v === "1" || v === "true" || v === "yes" || v === "on");

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z.string().optional(),
  SITE_NAME: z.string().min(1).max(80).default("PRISM News"),
  SITE_URL: z.string().url().optional(),
  SITE_LANGUAGE: z.enum(["en", "ko"]).default("en"),
  ENGINE: z.enum(["builtin", "openai", "anthropic"]).default("builtin"),
  MODEL_URL: z.string().url().optional(),
  MODEL_NAME: z.string().min(1).max(200).optional(),
  MODEL_API_KEY: z.string().min(1).optional(),
  MODEL_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(120_000),
  MODEL_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  MODEL_MAX_RETRY_AFTER_SECONDS: z.coerce.number().int().min(0).max(3600).default(120),
  MODEL_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  MODEL_MAX_TOKENS_PER_STORY: z.coerce.number().int().min(4000).max(2_000_000).default(60_000),
  MODEL_MAX_OUTPUT_TOKENS: z.coerce.number().int().min(1500).max(200_000).default(8000),
  MODEL_MAX_RESPONSE_BYTES: z.coerce
    .number()
    .int()
    .min(10_000)
    .max(100_000_000)
    .default(4 * 1024 * 1024),
  MODEL_MONTHLY_SPEND_CAP_USD: z.coerce.number().min(0).optional(),
  MODEL_PRICE_INPUT_PER_MTOK: z.coerce.number().min(0).optional(),
  MODEL_PRICE_OUTPUT_PER_MTOK: z.coerce.number().min(0).optional(),
  MODEL_STRUCTURED_OUTPUT: z.enum(["json_schema", "json_object", "none"]).default("json_schema"),
  OUTPUT_LANGUAGE: z
    .string()
    .regex(/^[A-Za-z][A-Za-z -]{1,39}$/)
    .optional(),
  VERIFY_MIN_SUPPORT: z.coerce.number().min(0).max(1).default(0.5),
  PUBLISH_MIN_SOURCES: z.coerce.number().int().min(1).max(50).default(2),
  PUBLISH_MIN_VERIFIED_SHARE: z.coerce.number().min(0).max(1).default(1),
  PUBLISH_MIN_VERIFIED_CLAIMS: z.coerce.number().int().min(0).max(200).default(5),
  PUBLISH_HOLD_ON: z
    .string()
    .refine(
      (v) => v === "none" || v.split(",").every((k) => (CLAIM_PROBLEM_KINDS as readonly string[]).includes(k.trim())),
      { message: `a comma-separated list of ${CLAIM_PROBLEM_KINDS.join(", ")}, or none` },
    )
    .default("quote-not-verbatim,quote-misattributed,quote-speaker-not-in-source,prompt-injection"),
  SAMPLE_SOURCES: z.enum(["auto", "on", "off"]).default("auto"),
  REFRESH_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  CLUSTER_WINDOW_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(96),
  CLUSTER_THRESHOLD: z.coerce.number().min(0.01).max(0.99).default(0.4),
  CLUSTER_MERGE_THRESHOLD: z.coerce.number().min(0.01).max(0.99).default(0.26),
  CLUSTER_MERGE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(10),
  EMBEDDINGS_URL: z.string().url().default("https://api.openai.com/v1"),
  EMBEDDINGS_MODEL: z.string().min(1).max(200).optional(),
  EMBEDDINGS_API_KEY: z.string().min(1).optional(),
  EMBEDDINGS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  EMBEDDINGS_WEIGHT: z.coerce.number().min(0).max(1).default(0.5),
  MAX_ITEM_AGE_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  FETCH_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  REFRESH_MIN_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(5),
  REFRESH_MAX_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(24 * 60),
  FETCH_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  FETCH_PER_HOST: z.coerce.number().int().min(1).max(16).default(2),
  SYNDICATION_WINDOW_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(72),
  SYNDICATION_THRESHOLD: z.coerce.number().min(0.5).max(1).default(0.8),
  COMMENT_MAX_CHARS: z.coerce.number().int().min(10).max(20_000).default(2000),
  COMMENT_MIN_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  COMMENT_MAX_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(10),
  COMMENT_PAGE_MAX_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(60),
  REPORT_MAX_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(5),
  PAGE_CACHE_CHECK_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  SECRET_KEY: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(["silent", "error", "warn", "info", "debug"]).default("info"),
  TRUST_PROXY: bool.default(false),
});

export type Config = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  database: { kind: "sqlite"; file: string } | { kind: "postgres"; url: string };
  site: Readonly<{ name: string; url: string; language: "en" | "ko" }>;
  engine: "builtin" | "openai" | "anthropic";
  /** The model engine's settings; read only when engine is not "builtin" (or for `prism analyze --engine model`). */
  model: Readonly<{
    /** Base URL of the API; the provider's public one unless set. */
    url: string;
    name: string | undefined;
    apiKey: string | undefined;
    timeoutMs: number;
    maxRetries: number;
    maxRetryAfterMs: number;
    concurrency: number;
    /** Tokens in and out, all calls, one write of one story may use. */
    maxTokensPerStory: number;
    maxOutputTokens: number;
    maxResponseBytes: number;
    monthlySpendCapUsd: number | undefined;
    price: Readonly<{ inputPerMTok?: number; outputPerMTok?: number }>;
    structuredOutput: "json_schema" | "json_object" | "none";
    /** Language the analysis is written in: a code ("en", "ko") or a name ("German"). */
    outputLanguage: string;
  }>;
  verify: Readonly<{ minSupport: number }>;
  publish: Readonly<{
    minSources: number;
    minVerifiedShare: number;
    minVerifiedClaims: number;
    /** Problem kinds that hold a version for an editor when any dropped claim had them. */
    holdOn: readonly string[];
  }>;
  sampleSources: "auto" | "on" | "off";
  refreshMinutes: number;
  cluster: Readonly<{
    windowHours: number;
    /** Similarity an article needs to join a story as it arrives. */
    threshold: number;
    /** Similarity at which the merge pass joins a small story to its nearest neighbour. */
    mergeThreshold: number;
    /** How often a running worker runs the merge pass. */
    mergeMinutes: number;
    /** The optional embeddings provider (OpenAI-compatible /embeddings); undefined: lexical only. */
    embeddings:
      | Readonly<{ url: string; model: string; apiKey: string | undefined; timeoutMs: number; weight: number }>
      | undefined;
  }>;
  ingest: Readonly<{
    maxItemAgeDays: number;
    fetchTimeoutMs: number;
    fetchMaxBytes: number;
    /** Bounds on the poll interval, whatever the feed or server asks (minutes). */
    refreshMinMinutes: number;
    refreshMaxMinutes: number;
    fetchConnectTimeoutMs: number;
    /** Requests at a time to one host. */
    fetchPerHost: number;
    /** Near-duplicates are looked for among articles published this close in time (hours). */
    syndicationWindowHours: number;
    /** Share of the shorter text's shingles the other must contain to be a copy (0.5..1). */
    syndicationThreshold: number;
  }>;
  comments: Readonly<{ maxChars: number; minIntervalSeconds: number; maxPerHour: number; pageMaxPerHour: number }>;
  reports: Readonly<{ maxPerHour: number }>;
  /** How often a serving process asks the database whether another process changed the site. */
  pageCacheCheckMs: number;
  secretKey: string | undefined;
  logLevel: "silent" | "error" | "warn" | "info" | "debug";
  trustProxy: boolean;
}>;

/** Resolves `NAME_FILE` variables into `NAME`, then validates. Throws UserInputError with one line. */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || value === "") continue;
    if (key.endsWith("_FILE") && key in schema.shape === false && key.slice(0, -5) in schema.shape) {
      try {
        raw[key.slice(0, -5)] = readFileSync(value, "utf8").trim();
      } catch (error) {
        throw new UserInputError(`${key}: cannot read ${value} (${(error as Error).message})`);
      }
    } else if (key in schema.shape) {
      raw[key] = value;
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join(".") ?? "config";
    throw new UserInputError(`invalid configuration: ${name}=${JSON.stringify(raw[name] ?? "")}: ${issue?.message}`);
  }
  const c = parsed.data;
  const dataDir = path.resolve(cwd, c.DATA_DIR);
  return Object.freeze({
    port: c.PORT,
    host: c.HOST,
    dataDir,
    database: parseDatabaseUrl(c.DATABASE_URL, dataDir, cwd),
    site: Object.freeze({
      name: c.SITE_NAME,
      url: (c.SITE_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, ""),
      language: c.SITE_LANGUAGE,
    }),
    engine: c.ENGINE,
    model: Object.freeze({
      url: (
        c.MODEL_URL ?? (c.ENGINE === "anthropic" ? "https://api.anthropic.com/v1" : "https://api.openai.com/v1")
      ).replace(/\/+$/, ""),
      name: modelName(c.ENGINE, c.MODEL_NAME),
      apiKey: c.MODEL_API_KEY,
      timeoutMs: c.MODEL_TIMEOUT_MS,
      maxRetries: c.MODEL_MAX_RETRIES,
      maxRetryAfterMs: c.MODEL_MAX_RETRY_AFTER_SECONDS * 1000,
      concurrency: c.MODEL_CONCURRENCY,
      maxTokensPerStory: c.MODEL_MAX_TOKENS_PER_STORY,
      maxOutputTokens: c.MODEL_MAX_OUTPUT_TOKENS,
      maxResponseBytes: c.MODEL_MAX_RESPONSE_BYTES,
      monthlySpendCapUsd: c.MODEL_MONTHLY_SPEND_CAP_USD,
      price: Object.freeze({
        ...(c.MODEL_PRICE_INPUT_PER_MTOK !== undefined ? { inputPerMTok: c.MODEL_PRICE_INPUT_PER_MTOK } : {}),
        ...(c.MODEL_PRICE_OUTPUT_PER_MTOK !== undefined ? { outputPerMTok: c.MODEL_PRICE_OUTPUT_PER_MTOK } : {}),
      }),
      structuredOutput: c.MODEL_STRUCTURED_OUTPUT,
      outputLanguage: c.OUTPUT_LANGUAGE ?? c.SITE_LANGUAGE,
    }),
    verify: Object.freeze({ minSupport: c.VERIFY_MIN_SUPPORT }),
    publish: Object.freeze({
      minSources: c.PUBLISH_MIN_SOURCES,
      minVerifiedShare: c.PUBLISH_MIN_VERIFIED_SHARE,
      minVerifiedClaims: c.PUBLISH_MIN_VERIFIED_CLAIMS,
      holdOn: Object.freeze(
        c.PUBLISH_HOLD_ON === "none"
          ? []
          : c.PUBLISH_HOLD_ON.split(",")
              .map((k) => k.trim())
              .filter(Boolean),
      ),
    }),
    sampleSources: c.SAMPLE_SOURCES,
    refreshMinutes: c.REFRESH_MINUTES,
    cluster: Object.freeze({
      windowHours: c.CLUSTER_WINDOW_HOURS,
      threshold: c.CLUSTER_THRESHOLD,
      mergeThreshold: c.CLUSTER_MERGE_THRESHOLD,
      mergeMinutes: c.CLUSTER_MERGE_MINUTES,
      embeddings: c.EMBEDDINGS_MODEL
        ? Object.freeze({
            url: c.EMBEDDINGS_URL.replace(/\/+$/, ""),
            model: c.EMBEDDINGS_MODEL,
            apiKey: c.EMBEDDINGS_API_KEY,
            timeoutMs: c.EMBEDDINGS_TIMEOUT_MS,
            weight: c.EMBEDDINGS_WEIGHT,
          })
        : undefined,
    }),
    ingest: Object.freeze({
      maxItemAgeDays: c.MAX_ITEM_AGE_DAYS,
      fetchTimeoutMs: c.FETCH_TIMEOUT_MS,
      fetchMaxBytes: c.FETCH_MAX_BYTES,
      refreshMinMinutes: c.REFRESH_MIN_MINUTES,
      refreshMaxMinutes: c.REFRESH_MAX_MINUTES,
      fetchConnectTimeoutMs: c.FETCH_CONNECT_TIMEOUT_MS,
      fetchPerHost: c.FETCH_PER_HOST,
      syndicationWindowHours: c.SYNDICATION_WINDOW_HOURS,
      syndicationThreshold: c.SYNDICATION_THRESHOLD,
    }),
    comments: Object.freeze({
      maxChars: c.COMMENT_MAX_CHARS,
      minIntervalSeconds: c.COMMENT_MIN_INTERVAL_SECONDS,
      maxPerHour: c.COMMENT_MAX_PER_HOUR,
      pageMaxPerHour: c.COMMENT_PAGE_MAX_PER_HOUR,
    }),
    reports: Object.freeze({ maxPerHour: c.REPORT_MAX_PER_HOUR }),
    pageCacheCheckMs: c.PAGE_CACHE_CHECK_MS,
    secretKey: c.SECRET_KEY,
    logLevel: c.LOG_LEVEL,
    trustProxy: c.TRUST_PROXY,
  });
}

/** A model engine without a model name cannot run: say so at start, not at the first story. */
function modelName(engine: string, name: string | undefined): string | undefined {
  if (engine !== "builtin" && !name) {
    throw new UserInputError(
      `invalid configuration: ENGINE=${engine} needs MODEL_NAME (e.g. gpt-4o-mini, llama3.1, claude-3-5-haiku-latest)`,
    );
  }
  return name;
}

function parseDatabaseUrl(url: string | undefined, dataDir: string, cwd: string): Config["database"] {
  if (!url) return { kind: "sqlite", file: path.join(dataDir, "prism.db") };
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: "postgres", url };
  if (url.startsWith("sqlite:")) {
    const file = url.slice("sqlite:".length).replace(/^\/\//, "");
    if (!file) throw new UserInputError("invalid configuration: DATABASE_URL: sqlite: needs a file path");
    return { kind: "sqlite", file: file === ":memory:" ? file : path.resolve(cwd, file) };
  }
  throw new UserInputError(
    `invalid configuration: DATABASE_URL=${JSON.stringify(url)}: use postgres://... or sqlite:<file>`,
  );
}
