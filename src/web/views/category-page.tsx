/** One category's analyses, newest first, with a link to older ones (keyset cursor in ?before=). */
import { type Category, categorySlug } from "../../domain/categories.ts";
import type { AnalysisSummary } from "../../store/analyses.ts";
import { AnalysisCard } from "./analysis-card.tsx";
import { Layout, type SiteInfo } from "./layout.tsx";
import type { Strings } from "./strings.ts";

export interface CategoryPageProps {
  site: SiteInfo;
  strings: Strings;
  category: Category;
  items: AnalysisSummary[];
  /** Cursor of the next (older) page, when there is one. */
  olderCursor: string | undefined;
  isFirstPage: boolean;
}

export function CategoryPage({ site, strings: s, category, items, olderCursor, isFirstPage }: CategoryPageProps) {
  const path = `/category/${categorySlug(category)}`;
  const name = s.categoryName[category];
  return (
    <Layout
      site={site}
      strings={s}
      title={`${name} · ${site.name}`}
      canonical={isFirstPage ? `${site.url}${path}` : undefined}
      current={category}
    >
      <h1>{name}</h1>
      {items.length === 0 ? (
        <p>{s.categoryEmpty}</p>
      ) : (
        <ul class="cards">
          {items.map((item) => (
            <AnalysisCard item={item} strings={s} />
          ))}
        </ul>
      )}
      {(olderCursor || !isFirstPage) && (
        <nav class="pager" aria-label={name}>
          {!isFirstPage && <a href={path}>{s.newestLink}</a>}
          {olderCursor && (
            <a href={`${path}?before=${olderCursor}`} rel="next">
              {s.olderLink}
            </a>
          )}
        </nav>
      )}
    </Layout>
  );
}
