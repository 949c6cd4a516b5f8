/**
 * The one place that reads the environment. loadConfig(env) returns a frozen, validated Config;
 * every other module receives the parts it needs from the composition root (app.ts).
 * A `NAME_FILE` variable is read as the value of `NAME` (for secrets kept in files).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
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
  ENGINE: z.enum(["builtin"]).default("builtin"),
  PUBLISH_MIN_SOURCES: z.coerce.number().int().min(1).max(50).default(2),
  PUBLISH_MIN_VERIFIED_SHARE: z.coerce.number().min(0).max(1).default(1),
  SAMPLE_SOURCES: z.enum(["auto", "on", "off"]).default("auto"),
  REFRESH_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  CLUSTER_WINDOW_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(96),
  CLUSTER_THRESHOLD: z.coerce.number().min(0.01).max(0.99).default(0.22),
  MAX_ITEM_AGE_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  FETCH_MAX_BYTES: z.coerce.number().int().min(1024).default(10 * 1024 * 1024),
  COMMENT_MAX_CHARS: z.coerce.number().int().min(10).max(20_000).default(2000),
  COMMENT_MIN_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
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
  engine: "builtin";
  publish: Readonly<{ minSources: number; minVerifiedShare: number }>;
  sampleSources: "auto" | "on" | "off";
  refreshMinutes: number;
  cluster: Readonly<{ windowHours: number; threshold: number }>;
  ingest: Readonly<{ maxItemAgeDays: number; fetchTimeoutMs: number; fetchMaxBytes: number }>;
  comments: Readonly<{ maxChars: number; minIntervalSeconds: number }>;
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
    publish: Object.freeze({ minSources: c.PUBLISH_MIN_SOURCES, minVerifiedShare: c.PUBLISH_MIN_VERIFIED_SHARE }),
    sampleSources: c.SAMPLE_SOURCES,
    refreshMinutes: c.REFRESH_MINUTES,
    cluster: Object.freeze({ windowHours: c.CLUSTER_WINDOW_HOURS, threshold: c.CLUSTER_THRESHOLD }),
    ingest: Object.freeze({
      maxItemAgeDays: c.MAX_ITEM_AGE_DAYS,
      fetchTimeoutMs: c.FETCH_TIMEOUT_MS,
      fetchMaxBytes: c.FETCH_MAX_BYTES,
    }),
    comments: Object.freeze({ maxChars: c.COMMENT_MAX_CHARS, minIntervalSeconds: c.COMMENT_MIN_INTERVAL_SECONDS }),
    secretKey: c.SECRET_KEY,
    logLevel: c.LOG_LEVEL,
    trustProxy: c.TRUST_PROXY,
  });
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
