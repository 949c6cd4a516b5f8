/** One analysis in a list (home, category, tag, archive, related): headline link, dek, section, read time, sources, time. */
import { type Category, categorySlug } from "../../domain/categories.ts";
import type { AnalysisSummary } from "../../store/analyses.ts";
import { DateTime } from "./date-time.tsx";
import type { Strings } from "./strings.ts";

export interface CardItem {
  slug: string;
  headline: string;
  dek: string;
  category: Category;
  readMinutes: number;
  publishedAt: string;
  sourceCount: number;
}

/** The related-analyses list comes from the analysis stage's store with full source lists. */
export function cardFromSummary(s: AnalysisSummary): CardItem {
  return {
    slug: s.slug,
    headline: s.headline,
    dek: s.dek,
    category: s.category,
    readMinutes: s.readMinutes,
    publishedAt: s.publishedAt,
    sourceCount: s.sources.length,
  };
}

export function AnalysisCard(props: {
  item: CardItem;
  strings: Strings;
  headingLevel?: 2 | 3;
  /** Home page sections already name the category. */
  hideCategory?: boolean;
  lead?: boolean;
}) {
  const { item, strings: s } = props;
  const link = <a href={`/analysis/${item.slug}`}>{item.headline}</a>;
  return (
    <li class={props.lead ? "card lead" : "card"}>
      <article>
        {props.headingLevel === 2 ? <h2>{link}</h2> : <h3>{link}</h3>}
        <p>{item.dek}</p>
        <p class="card-meta">
          {!props.hideCategory && (
            <>
              <a href={`/category/${categorySlug(item.category)}`}>{s.categoryName[item.category]}</a> ·{" "}
            </>
          )}
          {s.aiAnalysis} · {s.minRead(item.readMinutes)} · {s.sourceCount(item.sourceCount)} ·{" "}
          <DateTime iso={item.publishedAt} strings={s} />
        </p>
      </article>
    </li>
  );
}
