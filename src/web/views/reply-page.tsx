/** Replying to one Thought without JavaScript: the Thought, then the form that posts the reply to the analysis. */
import type { CommentRow } from "../../store/schema.ts";
import { ThoughtForm, type ThoughtFormState, ThoughtView } from "./analysis-page.tsx";
import { Layout, type SiteInfo } from "./layout.tsx";
import type { Strings } from "./strings.ts";

export interface ReplyPageProps {
  site: SiteInfo;
  strings: Strings;
  slug: string;
  headline: string;
  parent: CommentRow;
  state: ThoughtFormState;
  maxChars: number;
}

export function ReplyPage({ site, strings: s, slug, headline, parent, state, maxChars }: ReplyPageProps) {
  const title = s.replyTitle(parent.author_name);
  return (
    <Layout site={site} strings={s} title={`${title} · ${site.name}`} noindex>
      <div class="article thoughts">
        <p class="kicker">
          <a href={`/analysis/${slug}#thought-${parent.id}`}>{headline}</a>
        </p>
        <h1>{title}</h1>
        <blockquote class="thought">
          <ThoughtView comment={parent} strings={s} />
        </blockquote>
        <ThoughtForm
          action={`/analysis/${slug}/thoughts`}
          strings={s}
          state={state}
          maxChars={maxChars}
          submit={s.replySubmit}
          parentId={parent.id}
        />
        <p>
          <a href={`/analysis/${slug}#thoughts`}>{s.backToAnalysis}</a>
        </p>
      </div>
    </Layout>
  );
}
