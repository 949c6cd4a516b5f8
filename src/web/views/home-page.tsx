/**
 * The home page as a finite edition: the lead story, then each section's top stories of the
 * past day (by story rank, then recency), then an end. Sections without news are left out;
 * everything older is one click away in the section pages and the archive.
 */
import { type Category, categorySlug } from "../../domain/categories.ts";
import { AnalysisCard, type CardItem } from "./analysis-card.tsx";
import { formatDay } from "./date-time.tsx";
import { FeedLinksView, Layout, type SiteInfo } from "./layout.tsx";
import type { Strings } from "./strings.ts";

export interface HomePageProps {
  site: SiteInfo;
  strings: Strings;
  lead: CardItem | undefined;
  groups: { category: Category; items: CardItem[] }[];
  /** UTC day ("YYYY-MM-DD") of the latest publication. */
  editionDay: string | undefined;
}

export function HomePage({ site, strings: s, lead, groups, editionDay }: HomePageProps) {
  const feeds = { title: site.name, base: "/feed" };
  return (
    <Layout
      site={site}
      strings={s}
      title={site.name}
      description={s.feedDescription(site.name)}
      canonical={`${site.url}/`}
      current="home"
      openGraph={{ type: "website", title: site.name, description: s.feedDescription(site.name) }}
      jsonLd={{ "@context": "https://schema.org", "@type": "WebSite", name: site.name, url: `${site.url}/` }}
      feeds={feeds}
    >
      <div class="edition-head">
        <h1>{s.editionHeading}</h1>
        {editionDay && (
          <p class="small">
            <time datetime={editionDay}>{formatDay(editionDay, s)}</time>
          </p>
        )}
        <p>{lead ? s.editionIntro : s.homeEmpty}</p>
      </div>
      {lead && (
        <ul class="cards lead-list">
          <AnalysisCard item={lead} strings={s} headingLevel={2} lead />
        </ul>
      )}
      {groups.map((g) => (
        <section class="category-block" aria-labelledby={`cat-${categorySlug(g.category)}`}>
          <h2 id={`cat-${categorySlug(g.category)}`}>
            <a href={`/category/${categorySlug(g.category)}`}>{s.categoryName[g.category]}</a>
          </h2>
          <ul class="cards">
            {g.items.map((item) => (
              <AnalysisCard item={item} strings={s} hideCategory />
            ))}
          </ul>
          <p class="more">
            <a href={`/category/${categorySlug(g.category)}`}>{s.moreIn(s.categoryName[g.category])}</a>
          </p>
        </section>
      ))}
      {lead && (
        <p class="edition-end">
          {s.editionEnd} <a href="/archive">{s.archiveTitle}</a>
        </p>
      )}
      <FeedLinksView feeds={feeds} strings={s} />
    </Layout>
  );
}
