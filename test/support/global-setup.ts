/**
 * Names this test run (its start time, in schema names) and removes its PostgreSQL schemas when
 * it ends; schemas of runs that started more than two hours ago are removed at the start.
 * Several runs may share one database at once, so a run never drops another live run's schemas.
 */
import { dropTestSchemas } from "./db.ts";

const started = Date.now();

export async function setup(): Promise<void> {
  process.env.PRISM_TEST_RUN = started.toString(36);
  const url = process.env.TEST_DATABASE_URL;
  if (url) await dropTestSchemas(url, (runStarted) => runStarted < started - 2 * 3600_000);
}

export async function teardown(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) await dropTestSchemas(url, (runStarted) => runStarted === started);
}
