/**
 * Opens the database (SQLite file or PostgreSQL) behind one Kysely instance and runs the
 * migrations. Every query in PRISM goes through the functions in this folder.
 *
 * Portability rules the table modules follow: times are ISO-8601 UTC strings (they sort as
 * text), booleans are 0/1 integers, structured values are JSON text, ids are integers.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import {
  Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  sql,
} from "kysely";
import pg from "pg";
import * as m20261127 from "./migrations/2026-11-27-initial.ts";
import * as m20261127StoryIndex from "./migrations/2026-11-27-story-index.ts";
import * as m20261128Ingest from "./migrations/2026-11-28-ingest.ts";
import * as m20261129Site from "./migrations/2026-11-29-site.ts";
import * as m20261130Stories from "./migrations/2026-11-30-stories.ts";
import * as m20261201Analysis from "./migrations/2026-12-01-analysis.ts";
import type { Database } from "./schema.ts";

/** The database or a transaction on it: every store function takes either. */
export type Db = Kysely<Database>;
export type DbKind = "sqlite" | "postgres";

export type DbTarget = { kind: "sqlite"; file: string } | { kind: "postgres"; url: string; schema?: string };

const migrations: Record<string, Migration> = {
  "2026-11-27-initial": m20261127,
  "2026-11-27-story-index": m20261127StoryIndex,
  "2026-11-28-ingest": m20261128Ingest,
  "2026-11-29-site": m20261129Site,
  "2026-11-30-stories": m20261130Stories,
  "2026-12-01-analysis": m20261201Analysis,
};

class StaticMigrations implements MigrationProvider {
  async getMigrations() {
    return migrations;
  }
}

export interface OpenedDb {
  db: Db;
  kind: DbKind;
  close(): Promise<void>;
}

/** Opens the database and brings its schema up to date. */
export async function openDb(target: DbTarget): Promise<OpenedDb> {
  let db: Db;
  if (target.kind === "sqlite") {
    if (target.file !== ":memory:") mkdirSync(path.dirname(target.file), { recursive: true });
    const sqlite = new SqliteDatabase(target.file);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
    sqlite.pragma("synchronous = NORMAL");
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  } else {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: 10,
      ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
    });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  await migrate(db, target.kind === "postgres" ? (target.schema ?? (await currentSchema(db))) : undefined);
  return { db, kind: target.kind, close: () => db.destroy() };
}

/**
 * Brings the schema up to date. On PostgreSQL the migration bookkeeping tables live in the
 * schema being migrated: without naming it, Kysely looks for them in every schema and would
 * take another schema's for ours.
 */
export async function migrate(db: Db, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: new StaticMigrations(),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? "unknown error");
    throw new Error(`database migration ${failed?.migrationName ?? ""} failed: ${reason}`);
  }
}

async function currentSchema(db: Db): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? "public";
}

export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
