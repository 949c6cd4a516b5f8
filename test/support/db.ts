/**
 * The dialects every store and pipeline test runs against: SQLite always, PostgreSQL when
 * TEST_DATABASE_URL is set (each test database is a fresh schema named prism_test_*).
 *
 *   describe.each(testDialects())("sources on $name", ({ open }) => { ... })
 *
 * PostgreSQL schemas are not dropped when a test closes: Kysely's migrator looks at every
 * schema of the database, and a schema dropped by one test file while another migrates makes
 * that migration fail. Schema names carry the test run's start time; test/support/global-setup.ts
 * drops this run's schemas when it ends, and stale ones (older than two hours) when one starts.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { type OpenedDb, openDb } from "../../src/store/db.ts";

export const TEST_SCHEMA_PREFIX = "prism_test_";

export interface TestDialect {
  name: "sqlite" | "postgres";
  open(): Promise<OpenedDb>;
}

export function testDialects(): TestDialect[] {
  const list: TestDialect[] = [{ name: "sqlite", open: () => openDb({ kind: "sqlite", file: ":memory:" }) }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) list.push({ name: "postgres", open: async () => openDb({ kind: "postgres", url, schema: await createTestSchema(url) }) });
  return list;
}

/** Creates an empty schema for one test database and returns its name. */
export async function createTestSchema(url: string): Promise<string> {
  const run = process.env.PRISM_TEST_RUN ?? Date.now().toString(36);
  const schema = `${TEST_SCHEMA_PREFIX}${run}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  return schema;
}

/** Drops the test schemas `which` selects by their run start time (ms since the epoch). */
export async function dropTestSchemas(url: string, which: (runStartedMs: number) => boolean): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ nspname: string }>(
      "select nspname from pg_namespace where nspname like $1",
      [`${TEST_SCHEMA_PREFIX}%`],
    );
    let dropped = 0;
    for (const { nspname } of rows) {
      const run = /^prism_test_([0-9a-z]+)_[0-9a-f]+$/.exec(nspname)?.[1];
      // Schemas of an older naming have no run time: treat them as stale.
      const started = run ? Number.parseInt(run, 36) : 0;
      if (!which(started)) continue;
      await admin.query(`drop schema if exists ${nspname} cascade`);
      dropped++;
    }
    return dropped;
  } finally {
    await admin.end();
  }
}
