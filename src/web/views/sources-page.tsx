/** The outlets PRISM reads: name and homepage, language, what is read of them, how much, and the latest article. */
import type { OutletEntry } from "../../store/listings.ts";
import { DateTime } from "./date-time.tsx";
import { Layout, type SiteInfo } from "./layout.tsx";
import type { Strings } from "./strings.ts";

export function SourcesPage({
  site,
  strings: s,
  outlets,
}: {
  site: SiteInfo;
  strings: Strings;
  outlets: OutletEntry[];
}) {
  return (
    <Layout
      site={site}
      strings={s}
      title={`${s.sourcesTitle} · ${site.name}`}
      description={s.sourcesIntro}
      canonical={`${site.url}/sources`}
    >
      <div class="article">
        <h1>{s.sourcesTitle}</h1>
        <p class="intro">{s.sourcesIntro}</p>
        <ul class="outlets">
          {outlets.map((o) => (
            <li class="outlet">
              <h2>{o.homepage && /^https?:\/\//i.test(o.homepage) ? <a href={o.homepage}>{o.name}</a> : o.name}</h2>
              <p class="small">
                {o.language && (
                  <>
                    {s.outletLanguage}: <span lang={o.language}>{o.language}</span> ·{" "}
                  </>
                )}
                {s.outletLicence[o.licenceMode]} · {s.outletArticles(o.articles)}
                {o.lastArticleAt && (
                  <>
                    {" "}
                    · {s.outletLastArticle}: <DateTime iso={o.lastArticleAt} strings={s} />
                  </>
                )}
                {!o.active && <> · {s.outletPaused}</>}
              </p>
            </li>
          ))}
        </ul>
      </div>
    </Layout>
  );
}
