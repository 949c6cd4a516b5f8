/**
 * A listing of analyses, newest first, with a link to older ones (keyset cursor in ?before=):
 * a section (category), a tag, or one day of the archive. Section pages also offer their feeds.
 */
import type { Child } from "hono/jsx";
import type { Category } from "../../domain/categories.ts";
import { AnalysisCard, type CardItem } from "./analysis-card.tsx";
import { type FeedLinks, FeedLinksView, Layout, type SiteInfo } from "./layout.tsx";
import type { Strings } from "./strings.ts";

export interface ListPageProps {
  site: SiteInfo;
  strings: Strings;
  title: string;
  intro?: string;
  /** The page's own path, e.g. "/category/politics". */
  path: string;
  items: CardItem[];
  empty: string;
  /** Cursor of the next (older) page, when there is one. */
  olderCursor: string | undefined;
  isFirstPage: boolean;
  category?: Category;
  feeds?: FeedLinks;
  /** Extra navigation below the list (the archive's previous and next day). */
  footer?: Child;
}

export function ListPage(props: ListPageProps) {
  const { site, strings: s, items, olderCursor, isFirstPage, path } = props;
  return (
    <Layout
      site={site}
      strings={s}
      title={`${props.title} · ${site.name}`}
      description={props.intro}
      canonical={isFirstPage ? `${site.url}${path}` : undefined}
      noindex={!isFirstPage}
      current={props.category}
      openGraph={{ type: "website", title: props.title, description: props.intro }}
      feeds={props.feeds}
    >
      <h1>{props.title}</h1>
      {props.intro && <p class="intro">{props.intro}</p>}
      {items.length === 0 ? (
        <p>{props.empty}</p>
      ) : (
        <ul class="cards">
          {items.map((item) => (
            <AnalysisCard item={item} strings={s} hideCategory={props.category !== undefined} />
          ))}
        </ul>
      )}
      {(olderCursor || !isFirstPage) && (
        <nav class="pager" aria-label={props.title}>
          {!isFirstPage && <a href={path}>{s.newestLink}</a>}
          {olderCursor && (
            <a href={`${path}?before=${olderCursor}`} rel="next">
              {s.olderLink}
            </a>
          )}
        </nav>
      )}
      {props.footer}
      {props.feeds && <FeedLinksView feeds={props.feeds} strings={s} />}
    </Layout>
  );
}
