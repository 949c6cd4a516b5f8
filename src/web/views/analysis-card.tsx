/** One analysis in a list (home, category, related): headline link, dek, category, read time, sources, time. */
import { categorySlug } from "../../domain/categories.ts";
import type { AnalysisSummary } from "../../store/analyses.ts";
import { DateTime } from "./date-time.tsx";
import type { Strings } from "./strings.ts";

export function AnalysisCard(props: { item: AnalysisSummary; strings: Strings; headingLevel?: 2 | 3 }) {
  const { item, strings: s } = props;
  const link = <a href={`/analysis/${item.slug}`}>{item.headline}</a>;
  return (
    <li class="card">
      <article>
        {props.headingLevel === 2 ? <h2>{link}</h2> : <h3>{link}</h3>}
        <p>{item.dek}</p>
        <p class="card-meta">
          <a href={`/category/${categorySlug(item.category)}`}>{s.categoryName[item.category]}</a> · {s.aiAnalysis} ·{" "}
          {s.minRead(item.readMinutes)} · {s.sourceCount(item.sources.length)} ·{" "}
          <DateTime iso={item.publishedAt} strings={s} />
        </p>
      </article>
    </li>
  );
}
