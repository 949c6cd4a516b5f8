/**
 * The page of one published analysis: the chrome around the body HTML stored with its version.
 * In order: category and "AI Analysis" label, headline, read time and dates, every source (a
 * line up top, the full list with ids the citation markers point at), dek, body, the disclaimer
 * with the verification result, Thoughts (approved comments and the form) and related analyses.
 * The stored body HTML is inserted as is: it was escaped when it was rendered.
 */
import { raw } from "hono/html";
import type { AnalysisSource } from "../../domain/analysis.ts";
import { categorySlug } from "../../domain/categories.ts";
import type { CommentRefusal } from "../../editorial/comments.ts";
import type { AnalysisSummary, PublishedAnalysis } from "../../store/analyses.ts";
import type { CommentRow } from "../../store/schema.ts";
import { AnalysisCard } from "./analysis-card.tsx";
import { DateTime } from "./date-time.tsx";
import { Layout, type SiteInfo } from "./layout.tsx";
import type { Strings } from "./strings.ts";

export interface ThoughtFormState {
  notice?: "posted" | "pending";
  refusal?: { kind: CommentRefusal; message: string };
  /** What the reader typed, shown again after a refusal. */
  values?: { name: string; text: string };
}

export interface AnalysisPageProps {
  site: SiteInfo;
  strings: Strings;
  published: PublishedAnalysis;
  comments: CommentRow[];
  related: AnalysisSummary[];
  thoughts: ThoughtFormState;
  limits: { maxChars: number };
}

export function AnalysisPage(props: AnalysisPageProps) {
  const { site, strings: s, published } = props;
  const { analysis, version, body } = published;
  const category = body.category;
  const publishedAt = analysis.published_at ?? version.created_at;
  // A later version re-published under the same address is dated by when it was written.
  const updatedAt = version.created_at > publishedAt ? version.created_at : undefined;
  return (
    <Layout
      site={site}
      strings={s}
      title={`${body.headline} · ${site.name}`}
      description={body.dek}
      canonical={`${site.url}/analysis/${analysis.slug}`}
      current={category}
      withinCurrent
    >
      <article class="article" aria-labelledby="headline">
        <p class="kicker">
          <a href={`/category/${categorySlug(category)}`}>{s.categoryName[category]}</a>
          <span class="label">{s.aiAnalysis}</span>
        </p>
        <h1 id="headline">{body.headline}</h1>
        <p class="meta">
          <span>{s.minRead(version.read_minutes)}</span>
          <span>
            {s.published} <DateTime iso={publishedAt} strings={s} />
          </span>
          {updatedAt && (
            <span>
              {s.updated} <DateTime iso={updatedAt} strings={s} />
            </span>
          )}
          <a href="#sources">{s.sourceCount(body.sources.length)}</a>
        </p>
        <p class="meta sources-line">
          {s.sourcesLine}{" "}
          {body.sources.map((source, i) => (
            <>
              {i > 0 ? ", " : ""}
              <SourceLink source={source}>{source.outlet}</SourceLink>
            </>
          ))}
        </p>
        <p class="dek">{body.dek}</p>
        <div class="body">{raw(version.html)}</div>
        <aside class="disclaimer" aria-label={s.aiAnalysis}>
          <p>{s.disclaimer}</p>
          <p class="verified">{s.claimsVerified(version.claims_verified, version.claims_total)}</p>
        </aside>
        <section id="sources" class="sources" aria-labelledby="sources-heading">
          <h2 id="sources-heading">{s.sourcesHeading}</h2>
          <ol>
            {body.sources.map((source) => (
              <li id={`source-${source.number}`} value={String(source.number)}>
                <SourceLink source={source}>{source.title}</SourceLink>
                <br />
                <span class="small">
                  {source.outlet}
                  {source.author ? `, ${source.author}` : ""} · <DateTime iso={source.publishedAt} strings={s} />
                </span>
              </li>
            ))}
          </ol>
        </section>
      </article>
      <Thoughts {...props} />
      <section class="article related" aria-labelledby="related-heading">
        <h2 id="related-heading">{s.relatedHeading}</h2>
        {props.related.length > 0 ? (
          <ul class="cards">
            {props.related.map((item) => (
              <AnalysisCard item={item} strings={s} />
            ))}
          </ul>
        ) : (
          <p>{s.relatedEmpty}</p>
        )}
      </section>
    </Layout>
  );
}

/** A link to a source article; a URL that is not http(s) is shown as text, never as a link. */
function SourceLink({ source, children }: { source: AnalysisSource; children: string }) {
  return /^https?:\/\//i.test(source.url) ? <a href={source.url}>{children}</a> : <span>{children}</span>;
}

function Thoughts({ published, comments, thoughts, limits, strings: s }: AnalysisPageProps) {
  const refusal = thoughts.refusal;
  const nameInvalid = refusal?.kind === "name-invalid";
  const textInvalid = refusal?.kind === "empty" || refusal?.kind === "too-long";
  return (
    <section id="thoughts" class="article thoughts" aria-labelledby="thoughts-heading">
      <h2 id="thoughts-heading">{s.thoughtsHeading}</h2>
      {thoughts.notice && (
        <p class="notice" role="status">
          {thoughts.notice === "posted" ? s.thoughtPosted : s.thoughtPending}
        </p>
      )}
      {refusal && (
        <p class="notice error" role="alert" id="thought-error">
          {refusal.message}
        </p>
      )}
      {comments.length > 0 ? (
        <ol>
          {comments.map((c) => (
            <li class="thought" id={`thought-${c.id}`}>
              <p class="small">
                <strong>{c.author_name}</strong> · <DateTime iso={c.created_at} strings={s} />
              </p>
              <p class="thought-text">{c.body}</p>
            </li>
          ))}
        </ol>
      ) : (
        <p>{s.thoughtsEmpty}</p>
      )}
      <form method="post" action={`/analysis/${published.analysis.slug}/thoughts`}>
        <p class="small">{s.thoughtsIntro}</p>
        <label for="thought-name">{s.thoughtName}</label>
        <input
          id="thought-name"
          name="name"
          required
          maxlength={60}
          autocomplete="nickname"
          value={thoughts.values?.name ?? ""}
          aria-invalid={nameInvalid ? "true" : undefined}
          aria-describedby={nameInvalid ? "thought-error" : undefined}
        />
        <label for="thought-text">{s.thoughtText}</label>
        <textarea
          id="thought-text"
          name="text"
          required
          maxlength={limits.maxChars}
          aria-invalid={textInvalid ? "true" : undefined}
          aria-describedby={textInvalid ? "thought-error thought-hint" : "thought-hint"}
        >
          {thoughts.values?.text ?? ""}
        </textarea>
        <p id="thought-hint" class="small">
          {s.thoughtTextHint(limits.maxChars)}
        </p>
        <div class="hp" aria-hidden="true">
          <label for="thought-website">{s.thoughtHoneypot}</label>
          <input id="thought-website" name="website" tabindex={-1} autocomplete="off" />
        </div>
        <button type="submit">{s.thoughtSubmit}</button>
      </form>
    </section>
  );
}
