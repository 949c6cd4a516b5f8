/**
 * The dialects every store and pipeline test runs against: SQLite always, PostgreSQL when
 * TEST_DATABASE_URL is set (each test database is a fresh schema, dropped afterwards).
 *
 *   describe.each(testDialects())("sources on $name", ({ open }) => { ... })
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { type OpenedDb, openDb } from "../../src/store/db.ts";

export interface TestDialect {
  name: "sqlite" | "postgres";
  open(): Promise<OpenedDb>;
}

export function testDialects(): TestDialect[] {
  const list: TestDialect[] = [{ name: "sqlite", open: () => openDb({ kind: "sqlite", file: ":memory:" }) }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) list.push({ name: "postgres", open: () => openPostgresSchema(url) });
  return list;
}

async function openPostgresSchema(url: string): Promise<OpenedDb> {
  const schema = `prism_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const opened = await openDb({ kind: "postgres", url, schema });
  return {
    ...opened,
    async close() {
      await opened.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}
