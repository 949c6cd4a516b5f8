/** What every route module of the web edge receives from createWeb. */
import type { Config } from "../config.ts";
import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../lib/logger.ts";
import type { Db } from "../store/db.ts";
import type { PageCache } from "./page-cache.ts";
import type { SiteInfo } from "./views/layout.tsx";
import type { Strings } from "./views/strings.ts";

export interface WebDeps {
  db: Db;
  config: Config;
  clock: Clock;
  logger: Logger;
}

export interface WebContext extends WebDeps {
  cache: PageCache;
  site: SiteInfo;
  strings: Strings;
  /**
   * Empties this process's page cache and marks the site changed in the database, so that other
   * serving processes drop theirs too. `alreadyMarked`: the caller's own transaction did that.
   */
  invalidate(options?: { alreadyMarked?: boolean }): void;
}

export const HTML = "text/html; charset=utf-8";
export const JSON_TYPE = "application/json; charset=utf-8";

/** Slugs as slugify() makes them; anything else cannot name an analysis. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
