/**
 * `prism sources add|list|import|export`: the outlets PRISM reads, kept in the database.
 * `add` reads the URL once: a web page is replaced by the feed it announces, and the feed's
 * title names the source; when the URL cannot be read now the source is added as given.
 */
import { readFile } from "node:fs/promises";
import type { App } from "../app.ts";
import { canonicalUrl } from "../ingest/canonical-url.ts";
import { parseOpml, renderOpml } from "../ingest/opml.ts";
import { resolveFeed } from "../ingest/resolve-feed.ts";
import { UserInputError } from "../lib/errors.ts";
import { findSourceByFeedUrl, insertSource, listSources } from "../store/sources.ts";
import type { Output } from "./output.ts";

export interface AddOptions {
  name?: string;
  homepage?: string;
  licence?: string;
  allowPrivate?: boolean;
}

/** What the sources commands use of the app (tests pass just these). */
export type SourcesApp = Pick<App, "db" | "clock" | "fetcher">;

function feedUrlFrom(input: string): string {
  if (input.startsWith("file:")) return input;
  const url = canonicalUrl(input);
  if (!url) throw new UserInputError(`not an http(s) or file: URL: ${input}`);
  return url;
}

function licenceFrom(value: string | undefined): "full" | "abstract" {
  if (value === undefined || value === "full" || value === "abstract") return value ?? "full";
  throw new UserInputError(`--licence must be full or abstract, not ${JSON.stringify(value)}`);
}

export async function sourcesAdd(app: SourcesApp, out: Output, url: string, options: AddOptions): Promise<number> {
  const given = feedUrlFrom(url);
  const licenceMode = licenceFrom(options.licence);
  const allowPrivate = Boolean(options.allowPrivate) || given.startsWith("file:");
  const resolved = await resolveFeed(app.fetcher, given, { allowPrivate });
  if (!resolved.ok) out.error(`warning: could not read ${given} now (${resolved.error}); adding it as given`);
  const feedUrl = resolved.ok ? (canonicalFeedUrl(resolved.feedUrl) ?? given) : given;
  if (resolved.ok && resolved.discoveredOn) out.line(`found the feed ${feedUrl} on ${resolved.discoveredOn}`);
  const row = await insertSource(
    app.db,
    {
      name: options.name ?? (resolved.ok ? resolved.title : null) ?? hostname(feedUrl),
      homepage:
        options.homepage ??
        (resolved.ok && resolved.homepage && /^https?:/i.test(resolved.homepage) ? resolved.homepage : null),
      feedUrl,
      licenceMode,
      allowPrivate,
    },
    app.clock.now(),
  );
  out.line(`added source ${row.id}: ${row.name} <${row.feed_url}>`);
  out.line("run `prism ingest` (or `prism start`) to read it");
  return 0;
}

function canonicalFeedUrl(url: string): string | undefined {
  return url.startsWith("file:") ? url : canonicalUrl(url);
}

function hostname(url: string): string {
  try {
    return new URL(url).hostname || url;
  } catch {
    return url;
  }
}

export async function sourcesList(app: SourcesApp, out: Output, options: { json?: boolean }): Promise<number> {
  const sources = await listSources(app.db);
  if (options.json) {
    out.line(JSON.stringify(sources, null, 2));
    return 0;
  }
  if (sources.length === 0) {
    out.line("no sources yet: `prism sources add <feed-url>` or `prism sources import <file.opml>`");
    return 0;
  }
  for (const s of sources) {
    out.line(`${String(s.id).padStart(4)}  ${s.name}  <${s.feed_url}>`);
    const reason = s.poll_reason ? ` (${s.poll_reason})` : "";
    out.line(
      `      last success: ${s.last_success_at ?? "never"}  next poll: ${s.next_poll_at ?? "now"}${reason}${s.active ? "" : "  (inactive)"}`,
    );
    if (s.last_error) out.line(`      last error (${s.error_count}x in a row): ${s.last_error}`);
  }
  return 0;
}

export async function sourcesImport(
  app: SourcesApp,
  out: Output,
  file: string,
  options: { allowPrivate?: boolean },
): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new UserInputError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const entries = parseOpml(text);
  let added = 0;
  let existing = 0;
  for (const entry of entries) {
    const feedUrl = feedUrlFrom(entry.url);
    if (await findSourceByFeedUrl(app.db, feedUrl)) {
      existing++;
      continue;
    }
    await insertSource(
      app.db,
      {
        name: entry.title || new URL(feedUrl).hostname,
        homepage: entry.homepage ?? null,
        feedUrl,
        allowPrivate: Boolean(options.allowPrivate),
      },
      app.clock.now(),
    );
    added++;
  }
  out.line(`imported ${added} sources from ${file}${existing ? ` (${existing} already present)` : ""}`);
  return 0;
}

export async function sourcesExport(app: SourcesApp, out: Output): Promise<number> {
  out.line(renderOpml(await listSources(app.db)));
  return 0;
}
