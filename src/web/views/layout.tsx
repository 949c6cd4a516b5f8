/**
 * The frame of every page: <html lang> from the site language, the stylesheet, metadata for
 * search engines and link previews (canonical URL, OpenGraph, Twitter card, JSON-LD, feed
 * discovery), a skip link, the header (site name, sections, search), <main> and the footer.
 * No script runs on any page; JSON-LD is a data block, escaped so it cannot end its element.
 */
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { CATEGORIES, type Category, categorySlug } from "../../domain/categories.ts";
import type { Strings } from "./strings.ts";
import { SITE_CSS_PATH } from "./styles.ts";

export interface SiteInfo {
  name: string;
  url: string;
  language: string;
}

export interface OpenGraph {
  type: "website" | "article";
  title: string;
  description?: string;
  publishedTime?: string;
  modifiedTime?: string;
  section?: string;
  tags?: string[];
}

export interface FeedLinks {
  title: string;
  /** Path without extension, e.g. "/feed" or "/category/politics/feed". */
  base: string;
}

export interface LayoutProps {
  site: SiteInfo;
  strings: Strings;
  title: string;
  description?: string;
  /** Absolute URL of the page when it has one canonical address. */
  canonical?: string;
  /** Highlights the current section in the navigation. */
  current?: "home" | Category;
  /** True when the page is inside that section (an analysis) rather than the section's own page. */
  withinCurrent?: boolean;
  openGraph?: OpenGraph;
  jsonLd?: unknown;
  feeds?: FeedLinks;
  /** Pages that should not be indexed (search results, errors, forms). */
  noindex?: boolean;
  /** The query shown in the header's search field. */
  query?: string;
  children?: Child;
}

export function Layout(props: LayoutProps) {
  const { site, strings: s } = props;
  const ariaCurrent = (section: "home" | Category) =>
    props.current === section ? (props.withinCurrent ? "true" : "page") : undefined;
  const og = props.openGraph;
  return (
    <html lang={site.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        {props.description && <meta name="description" content={props.description} />}
        {props.noindex && <meta name="robots" content="noindex" />}
        {props.canonical && <link rel="canonical" href={props.canonical} />}
        <meta name="color-scheme" content="light dark" />
        {/* No icon file: an empty data URL stops browsers asking for /favicon.ico on every visit. */}
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={SITE_CSS_PATH} />
        {props.feeds && <FeedDiscovery feeds={props.feeds} site={site} />}
        {og && (
          <>
            <meta property="og:type" content={og.type} />
            <meta property="og:site_name" content={site.name} />
            <meta property="og:title" content={og.title} />
            {og.description && <meta property="og:description" content={og.description} />}
            {props.canonical && <meta property="og:url" content={props.canonical} />}
            <meta property="og:locale" content={s.ogLocale} />
            {og.publishedTime && <meta property="article:published_time" content={og.publishedTime} />}
            {og.modifiedTime && <meta property="article:modified_time" content={og.modifiedTime} />}
            {og.section && <meta property="article:section" content={og.section} />}
            {og.tags?.map((tag) => (
              <meta property="article:tag" content={tag} />
            ))}
            <meta name="twitter:card" content="summary" />
            <meta name="twitter:title" content={og.title} />
            {og.description && <meta name="twitter:description" content={og.description} />}
          </>
        )}
        {props.jsonLd !== undefined && <script type="application/ld+json">{raw(jsonForScript(props.jsonLd))}</script>}
      </head>
      <body>
        <a class="skip" href="#main">
          {s.skipToContent}
        </a>
        <header class="site-header">
          <div class="wrap">
            <a class="site-name" href="/">
              {site.name}
            </a>
            {/* biome-ignore lint/a11y/useSemanticElements: <search> is too new for the browsers readers still use. */}
            <form class="site-search" role="search" method="get" action="/search">
              <label class="visually-hidden" for="site-search">
                {s.searchLabel}
              </label>
              <input id="site-search" type="search" name="q" value={props.query ?? ""} maxlength={200} />
              <button type="submit">{s.searchButton}</button>
            </form>
            <nav class="site-nav" aria-label={s.categoriesNav}>
              <ul>
                <li>
                  <a href="/" aria-current={ariaCurrent("home")}>
                    {s.home}
                  </a>
                </li>
                {CATEGORIES.map((c) => (
                  <li>
                    <a href={`/category/${categorySlug(c)}`} aria-current={ariaCurrent(c)}>
                      {s.categoryName[c]}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" class="wrap" tabindex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>
              {site.name}. {s.footerAbout}
            </p>
            <ul class="footer-links">
              <li>
                <a href="/about">{s.footerAboutLink}</a>
              </li>
              <li>
                <a href="/sources">{s.footerSources}</a>
              </li>
              <li>
                <a href="/archive">{s.footerArchive}</a>
              </li>
              <li>
                <a href="/feed.xml">{s.feedRss}</a>
              </li>
              <li>
                <a href="/api/v1/analyses">{s.footerApi}</a>
              </li>
            </ul>
          </div>
        </footer>
      </body>
    </html>
  );
}

function FeedDiscovery({ feeds, site }: { feeds: FeedLinks; site: SiteInfo }) {
  return (
    <>
      <link rel="alternate" type="application/rss+xml" title={feeds.title} href={`${site.url}${feeds.base}.xml`} />
      <link rel="alternate" type="application/atom+xml" title={feeds.title} href={`${site.url}${feeds.base}.atom`} />
      <link rel="alternate" type="application/feed+json" title={feeds.title} href={`${site.url}${feeds.base}.json`} />
    </>
  );
}

/** Links to a listing's three feeds, shown on the page itself. */
export function FeedLinksView({ feeds, strings: s }: { feeds: FeedLinks; strings: Strings }) {
  return (
    <p class="small feeds">
      {s.feedsLabel}: <a href={`${feeds.base}.xml`}>{s.feedRss}</a> · <a href={`${feeds.base}.atom`}>{s.feedAtom}</a> ·{" "}
      <a href={`${feeds.base}.json`}>{s.feedJson}</a>
    </p>
  );
}

/** JSON that is safe inside a <script> element: no "<", ">", "&" or line separators left as is. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Renders a page element to a complete HTML document string. */
export async function renderDocument(page: { toString(): string | Promise<string> }): Promise<string> {
  return `<!DOCTYPE html>${await page.toString()}`;
}
