/**
 * The date archive: every month with publications (newest first, grouped by year), and each
 * month's days with how many analyses were published on them. Days link to their listing.
 */
import { formatDay, formatMonth } from "./date-time.tsx";
import { Layout, type SiteInfo } from "./layout.tsx";
import type { Strings } from "./strings.ts";

export function ArchiveIndexPage(props: { site: SiteInfo; strings: Strings; months: string[] }) {
  const { site, strings: s, months } = props;
  const years = new Map<string, string[]>();
  for (const m of months) {
    const y = m.slice(0, 4);
    years.set(y, [...(years.get(y) ?? []), m]);
  }
  return (
    <Layout
      site={site}
      strings={s}
      title={`${s.archiveTitle} · ${site.name}`}
      description={s.archiveIntro}
      canonical={`${site.url}/archive`}
    >
      <h1>{s.archiveTitle}</h1>
      <p class="intro">{s.archiveIntro}</p>
      {months.length === 0 && <p>{s.archiveEmpty}</p>}
      {[...years].map(([year, list]) => (
        <section aria-labelledby={`year-${year}`}>
          <h2 id={`year-${year}`}>{year}</h2>
          <ul class="archive-list">
            {list.map((m) => (
              <li>
                <a href={`/archive/${m.slice(0, 4)}/${m.slice(5, 7)}`}>{formatMonth(m, s)}</a>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>
  );
}

export function ArchiveMonthPage(props: {
  site: SiteInfo;
  strings: Strings;
  /** "YYYY-MM" */
  month: string;
  days: { day: string; count: number }[];
  previous?: string;
  next?: string;
}) {
  const { site, strings: s, month } = props;
  const title = formatMonth(month, s);
  const path = (m: string) => `/archive/${m.slice(0, 4)}/${m.slice(5, 7)}`;
  return (
    <Layout
      site={site}
      strings={s}
      title={`${title} · ${s.archiveTitle} · ${site.name}`}
      canonical={`${site.url}${path(month)}`}
    >
      <p class="kicker">
        <a href="/archive">{s.archiveTitle}</a>
      </p>
      <h1>{title}</h1>
      {props.days.length === 0 ? (
        <p>{s.archiveEmpty}</p>
      ) : (
        <ul class="archive-list">
          {props.days.map(({ day, count }) => (
            <li>
              <a href={`/archive/${day.slice(0, 4)}/${day.slice(5, 7)}/${day.slice(8, 10)}`}>{formatDay(day, s)}</a>{" "}
              <span class="small">{s.archiveDayCount(count)}</span>
            </li>
          ))}
        </ul>
      )}
      {(props.previous || props.next) && (
        <nav class="pager" aria-label={s.archiveTitle}>
          {props.previous && (
            <a href={path(props.previous)} rel="prev">
              ← {formatMonth(props.previous, s)}
            </a>
          )}
          {props.next && (
            <a href={path(props.next)} rel="next">
              {formatMonth(props.next, s)} →
            </a>
          )}
        </nav>
      )}
    </Layout>
  );
}
