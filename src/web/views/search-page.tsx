/**
 * Search results: the query kept in the field, each hit with its headline, section and a snippet
 * whose matched words are <mark>ed. The snippet arrives with control-character markers from the
 * store; every piece between them is escaped text, so nothing in an analysis becomes markup.
 */
import type { Child } from "hono/jsx";
import { type SearchHit, SNIPPET_END, SNIPPET_START } from "../../store/search.ts";
import { AnalysisCard } from "./analysis-card.tsx";
import { Layout, type SiteInfo } from "./layout.tsx";
import type { Strings } from "./strings.ts";

export interface SearchPageProps {
  site: SiteInfo;
  strings: Strings;
  query: string;
  hits: SearchHit[];
  page: number;
  hasMore: boolean;
}

export function SearchPage({ site, strings: s, query, hits, page, hasMore }: SearchPageProps) {
  const q = query.trim();
  const pageLink = (n: number) => `/search?q=${encodeURIComponent(q)}${n > 1 ? `&page=${n}` : ""}`;
  return (
    <Layout
      site={site}
      strings={s}
      title={`${q ? s.searchResultsFor(q) : s.searchTitle} · ${site.name}`}
      noindex
      query={q}
    >
      <h1>{q ? s.searchResultsFor(q) : s.searchTitle}</h1>
      {/* biome-ignore lint/a11y/useSemanticElements: <search> is too new for the browsers readers still use. */}
      <form class="search-form" role="search" method="get" action="/search">
        <label for="search-q">{s.searchLabel}</label>
        <div class="search-row">
          <input id="search-q" type="search" name="q" value={q} maxlength={200} aria-describedby="search-hint" />
          <button type="submit">{s.searchButton}</button>
        </div>
        <p id="search-hint" class="small">
          {s.searchHint}
        </p>
      </form>
      {q && hits.length === 0 && <p role="status">{s.searchNoResults}</p>}
      {hits.length > 0 && (
        <ol class="results">
          {hits.map((hit) => (
            <li class="result">
              <ul class="cards single">
                <AnalysisCard item={hit} strings={s} headingLevel={2} />
              </ul>
              {hit.snippet && <p class="snippet">{snippetView(hit.snippet)}</p>}
            </li>
          ))}
        </ol>
      )}
      {(page > 1 || hasMore) && (
        <nav class="pager" aria-label={s.searchTitle}>
          {page > 1 && (
            <a href={pageLink(page - 1)} rel="prev">
              {s.searchPrevious}
            </a>
          )}
          {hasMore && (
            <a href={pageLink(page + 1)} rel="next">
              {s.searchMore}
            </a>
          )}
        </nav>
      )}
    </Layout>
  );
}

/** Text with <mark> around the words between the store's markers; markers never reach the page. */
export function snippetView(snippet: string): Child[] {
  const out: Child[] = [];
  let rest = snippet;
  for (;;) {
    const start = rest.indexOf(SNIPPET_START);
    if (start < 0) break;
    const end = rest.indexOf(SNIPPET_END, start + 1);
    if (end < 0) break;
    out.push(strip(rest.slice(0, start)), <mark>{strip(rest.slice(start + 1, end))}</mark>);
    rest = rest.slice(end + 1);
  }
  out.push(strip(rest));
  return out;
}

function strip(text: string): string {
  return text.replaceAll(SNIPPET_START, "").replaceAll(SNIPPET_END, "");
}
