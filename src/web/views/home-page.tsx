/** The front page: the latest analyses of each non-empty category, in the fixed category order. */
import { type Category, categorySlug } from "../../domain/categories.ts";
import type { AnalysisSummary } from "../../store/analyses.ts";
import { AnalysisCard } from "./analysis-card.tsx";
import { Layout, type SiteInfo } from "./layout.tsx";
import type { Strings } from "./strings.ts";

export interface HomePageProps {
  site: SiteInfo;
  strings: Strings;
  groups: { category: Category; items: AnalysisSummary[] }[];
}

export function HomePage({ site, strings: s, groups }: HomePageProps) {
  return (
    <Layout site={site} strings={s} title={site.name} canonical={`${site.url}/`} current="home">
      <h1 class="visually-hidden">{s.latestHeading}</h1>
      {groups.length === 0 && <p>{s.homeEmpty}</p>}
      {groups.map((g) => (
        <section class="category-block" aria-labelledby={`cat-${categorySlug(g.category)}`}>
          <h2 id={`cat-${categorySlug(g.category)}`}>
            <a href={`/category/${categorySlug(g.category)}`}>{s.categoryName[g.category]}</a>
          </h2>
          <ul class="cards">
            {g.items.map((item) => (
              <AnalysisCard item={item} strings={s} />
            ))}
          </ul>
        </section>
      ))}
    </Layout>
  );
}
