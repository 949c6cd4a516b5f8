/** What the ingest stages are given by the composition root: nothing here is imported globally. */
import type { Config } from "../config.ts";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/logger.ts";
import type { Db } from "../store/db.ts";
import type { Fetcher } from "./fetcher.ts";

export interface IngestDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  fetcher: Fetcher;
  config: Pick<Config, "refreshMinutes" | "ingest">;
}
