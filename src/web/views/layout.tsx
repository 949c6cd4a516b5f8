/**
 * The frame of every page: <html lang> from the site language, the stylesheet, a skip link,
 * the header (site name, Home, one link per category), <main> and the footer. No script.
 */
import type { Child } from "hono/jsx";
import { CATEGORIES, type Category, categorySlug } from "../../domain/categories.ts";
import type { Strings } from "./strings.ts";
import { SITE_CSS_PATH } from "./styles.ts";

export interface SiteInfo {
  name: string;
  url: string;
  language: string;
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
  children?: Child;
}

export function Layout(props: LayoutProps) {
  const { site, strings: s } = props;
  const ariaCurrent = (section: "home" | Category) =>
    props.current === section ? (props.withinCurrent ? "true" : "page") : undefined;
  return (
    <html lang={site.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        {props.description && <meta name="description" content={props.description} />}
        {props.canonical && <link rel="canonical" href={props.canonical} />}
        <link rel="stylesheet" href={SITE_CSS_PATH} />
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
            <p>
              <a href="/api/v1/analyses">{s.footerApi}</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** Renders a page element to a complete HTML document string. */
export async function renderDocument(page: { toString(): string | Promise<string> }): Promise<string> {
  return `<!DOCTYPE html>${await page.toString()}`;
}
