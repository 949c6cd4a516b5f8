/**
 * The page of one published analysis: the chrome around the body HTML stored with its version.
 * In order: section and "AI Analysis" label, headline, read time and dates, the verification
 * line, every source (a line up top, the full panel with the ids the citation markers point at),
 * dek, body, the disclaimer with the verification result, tags, version history, "Report an
 * error", Thoughts (threads one level deep and the form) and related analyses. The head carries
 * the canonical URL, OpenGraph and Twitter metadata and a JSON-LD NewsArticle whose isBasedOn
 * lists the sources.
 *
 * The stored body HTML is inserted as is: it was escaped when it was rendered. Everything else a
 * reader or a source wrote is text, escaped by hono/jsx; links in comments are made only from
 * http(s) URLs, with rel="ugc nofollow noopener".
 */
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { AnalysisSource, VersionChanges } from "../../domain/analysis.ts";
import { categorySlug } from "../../domain/categories.ts";
import type { CommentRefusal } from "../../editorial/comments.ts";
import { REPORT_DETAILS_MAX_CHARS, type ReportRefusal } from "../../editorial/reports.ts";
import type { AnalysisBody, PublishedAnalysis } from "../../store/analyses.ts";
import type { VersionHistoryEntry } from "../../store/listings.ts";
import { REPORT_REASONS } from "../../store/reports.ts";
import type { AnalysisVersionRow, CommentRow } from "../../store/schema.ts";
import { tagSlug } from "../../store/search.ts";
import { AnalysisCard, type CardItem } from "./analysis-card.tsx";
import { DateTime } from "./date-time.tsx";
import { Layout, type SiteInfo } from "./layout.tsx";
import type { Strings } from "./strings.ts";

export interface ThoughtFormState {
  notice?: "posted" | "pending";
  refusal?: { kind: CommentRefusal; message: string };
  /** What the reader typed, shown again after a refusal. */
  values?: { name: string; text: string };
}

export interface ReportFormState {
  notice?: "received";
  refusal?: { kind: ReportRefusal; message: string };
  values?: { reason: string; details: string; source: string };
}

export interface AnalysisPageProps {
  site: SiteInfo;
  strings: Strings;
  published: PublishedAnalysis;
  comments: CommentRow[];
  related: CardItem[];
  history: VersionHistoryEntry[];
  thoughts: ThoughtFormState;
  report: ReportFormState;
  limits: { maxChars: number };
  /** Set when the page shows an earlier version instead of the published one. */
  archived?: { version: AnalysisVersionRow; body: AnalysisBody };
}

/** What the version readers see changed since the one before it (absent for a first version). */
function WhatChanged({ changes, strings: s }: { changes: VersionChanges; strings: Strings }) {
  const lines: Child[] = [];
  if (changes.headline) lines.push(`${s.changeHeadline}: ${changes.headline.to}`);
  if (changes.addedSources.length > 0) {
    lines.push(s.changeNewSources(changes.addedSources.map((x) => x.outlet)));
  }
  if (changes.removedSources.length > 0) {
    lines.push(s.changeRemovedSources(changes.removedSources.map((x) => x.outlet)));
  }
  for (const k of changes.changedKeyFacts) lines.push(s.changeKeyFact(k.label, k.from, k.to));
  if (changes.addedKeyFacts.length > 0) lines.push(s.changeNewKeyFacts(changes.addedKeyFacts.map((k) => k.label)));
  if (changes.claimsAddedCount + changes.claimsRemovedCount > 0) {
    lines.push(s.changeClaims(changes.claimsAddedCount, changes.claimsRemovedCount));
  }
  if (lines.length === 0) return null;
  return (
    <aside class="what-changed" aria-labelledby="what-changed">
      <h2 id="what-changed">
        {s.whatChanged} <small>({s.changeSince(changes.sinceVersion)})</small>
      </h2>
      <ul>
        {lines.map((line) => (
          <li>{line}</li>
        ))}
      </ul>
    </aside>
  );
}

export function AnalysisPage(props: AnalysisPageProps) {
  const { site, strings: s, published, archived } = props;
  const { analysis } = published;
  const version = archived?.version ?? published.version;
  const body = archived?.body ?? published.body;
  const category = body.category;
  const publishedAt = analysis.published_at ?? version.created_at;
  // A later version re-published under the same address is dated by when it was written.
  const updatedAt = version.created_at > publishedAt ? version.created_at : undefined;
  const canonical = `${site.url}/analysis/${analysis.slug}`;
  return (
    <Layout
      site={site}
      strings={s}
      title={`${body.headline} · ${site.name}`}
      description={body.dek}
      canonical={canonical}
      noindex={archived !== undefined}
      current={category}
      withinCurrent
      openGraph={{
        type: "article",
        title: body.headline,
        description: body.dek,
        publishedTime: publishedAt,
        modifiedTime: updatedAt ?? publishedAt,
        section: s.categoryName[category],
        tags: body.tags,
      }}
      jsonLd={archived ? undefined : newsArticle(site, s, body, canonical, publishedAt, updatedAt ?? publishedAt)}
    >
      <article class="article" aria-labelledby="headline">
        {archived && (
          <p class="notice" role="note">
            {s.versionBanner(archived.version.version, published.version.version)}{" "}
            <a href={`/analysis/${analysis.slug}`}>{s.versionLatestLink}</a>
          </p>
        )}
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
        <p class="meta verification-line">
          <a href="#verification">{s.claimsVerified(version.claims_verified, version.claims_total)}</a>
          <a href="/about#verification">{s.howWeCheck}</a>
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
        {!archived && published.changes && <WhatChanged changes={published.changes} strings={s} />}
        <p class="dek">{body.dek}</p>
        <div class="body">{raw(version.html)}</div>
        <aside id="verification" class="disclaimer" aria-label={s.aiAnalysis}>
          <p>{s.disclaimer}</p>
          <p class="verified">{s.claimsVerified(version.claims_verified, version.claims_total)}</p>
        </aside>
        {body.tags.length > 0 && (
          <p class="tags small">
            {s.tagsLabel}:{" "}
            {body.tags.map((tag, i) => (
              <>
                {i > 0 ? ", " : ""}
                <TagLink tag={tag} />
              </>
            ))}
          </p>
        )}
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
        <VersionHistory slug={analysis.slug} history={props.history} strings={s} shown={version.version} />
        {!archived && <ReportForm {...props} />}
      </article>
      {!archived && <Thoughts {...props} />}
      {!archived && (
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
      )}
    </Layout>
  );
}

function newsArticle(
  site: SiteInfo,
  s: Strings,
  body: AnalysisBody,
  url: string,
  publishedAt: string,
  modifiedAt: string,
) {
  const organization = { "@type": "Organization", name: site.name, url: `${site.url}/` };
  return {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: body.headline.length <= 110 ? body.headline : `${body.headline.slice(0, 109)}…`,
    description: body.dek,
    url,
    mainEntityOfPage: url,
    datePublished: publishedAt,
    dateModified: modifiedAt,
    inLanguage: site.language,
    articleSection: s.categoryName[body.category],
    keywords: body.tags,
    author: { ...organization, url: `${site.url}/about` },
    publisher: organization,
    isBasedOn: body.sources.map((source) => ({
      "@type": "NewsArticle",
      headline: source.title,
      url: source.url,
      datePublished: source.publishedAt,
      publisher: { "@type": "Organization", name: source.outlet },
      ...(source.author ? { author: { "@type": "Person", name: source.author } } : {}),
    })),
  };
}

/** A link to a source article; a URL that is not http(s) is shown as text, never as a link. */
function SourceLink({ source, children }: { source: AnalysisSource; children: string }) {
  return /^https?:\/\//i.test(source.url) ? <a href={source.url}>{children}</a> : <span>{children}</span>;
}

function TagLink({ tag }: { tag: string }) {
  const slug = tagSlug(tag);
  return slug ? <a href={`/tag/${encodeURIComponent(slug)}`}>{tag}</a> : <span>{tag}</span>;
}

function VersionHistory(props: { slug: string; history: VersionHistoryEntry[]; strings: Strings; shown: number }) {
  const s = props.strings;
  if (props.history.length === 0) return null;
  return (
    <section id="versions" class="versions" aria-labelledby="versions-heading">
      <h2 id="versions-heading">{s.versionsHeading}</h2>
      <ol reversed>
        {props.history.map((h) => {
          const label = s.versionLabel(h.version);
          return (
            <li>
              {h.current ? (
                <a href={`/analysis/${props.slug}`} aria-current={h.version === props.shown ? "page" : undefined}>
                  {label}
                </a>
              ) : (
                <a
                  href={`/analysis/${props.slug}/versions/${h.version}`}
                  aria-current={h.version === props.shown ? "page" : undefined}
                >
                  {label}
                </a>
              )}
              {h.current && <> ({s.versionCurrent})</>} · <DateTime iso={h.publishedAt} strings={s} /> ·{" "}
              {s.claimsVerified(h.claimsVerified, h.claimsTotal)} · {s.sourceCount(h.sourceCount)}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function ReportForm({ published, report, strings: s }: AnalysisPageProps) {
  const refusal = report.refusal;
  const open = report.notice !== undefined || refusal !== undefined;
  const chosen = report.values?.reason;
  return (
    <details id="report" class="report" open={open}>
      <summary>
        <h2>{s.reportHeading}</h2>
      </summary>
      {report.notice && (
        <p class="notice" role="status">
          {s.reportReceived}
        </p>
      )}
      {refusal && (
        <p class="notice error" role="alert" id="report-error">
          {refusal.message}
        </p>
      )}
      <form method="post" action={`/analysis/${published.analysis.slug}/report`}>
        <p class="small">{s.reportIntro}</p>
        <input type="hidden" name="version" value={String(published.version.version)} />
        <fieldset>
          <legend>{s.reportReasonLegend}</legend>
          {REPORT_REASONS.map((reason) => (
            <label class="choice">
              <input type="radio" name="reason" value={reason} required checked={chosen === reason} />{" "}
              {s.reportReasons[reason]}
            </label>
          ))}
        </fieldset>
        <label for="report-details">{s.reportDetails}</label>
        <textarea
          id="report-details"
          name="details"
          maxlength={REPORT_DETAILS_MAX_CHARS}
          aria-describedby="report-hint"
        >
          {report.values?.details ?? ""}
        </textarea>
        <p id="report-hint" class="small">
          {s.reportDetailsHint(REPORT_DETAILS_MAX_CHARS)}
        </p>
        <label for="report-source">{s.reportSource}</label>
        <input
          id="report-source"
          name="source"
          type="url"
          maxlength={500}
          value={report.values?.source ?? ""}
          aria-describedby="report-source-hint"
          aria-invalid={refusal?.kind === "source-invalid" ? "true" : undefined}
        />
        <p id="report-source-hint" class="small">
          {s.reportSourceHint}
        </p>
        <div class="hp" aria-hidden="true">
          <label for="report-homepage">{s.thoughtHoneypot}</label>
          <input id="report-homepage" name="homepage" tabindex={-1} autocomplete="off" />
        </div>
        <button type="submit">{s.reportSubmit}</button>
      </form>
    </details>
  );
}

function Thoughts(props: AnalysisPageProps) {
  const { published, comments, thoughts, strings: s } = props;
  const slug = published.analysis.slug;
  const topLevel = comments.filter((c) => c.parent_id === null);
  const replies = new Map<number, CommentRow[]>();
  for (const c of comments) {
    if (c.parent_id !== null) replies.set(c.parent_id, [...(replies.get(c.parent_id) ?? []), c]);
  }
  return (
    <section id="thoughts" class="article thoughts" aria-labelledby="thoughts-heading">
      <h2 id="thoughts-heading">{s.thoughtsHeading}</h2>
      {thoughts.notice && (
        <p class="notice" role="status">
          {thoughts.notice === "posted" ? s.thoughtPosted : s.thoughtPending}
        </p>
      )}
      {topLevel.length > 0 ? (
        <ol class="thread-list">
          {topLevel.map((c) => {
            const children = replies.get(c.id) ?? [];
            return (
              <li class="thought" id={`thought-${c.id}`}>
                <ThoughtView comment={c} strings={s} />
                <p class="small">
                  <a href={`/analysis/${slug}/thoughts/${c.id}/reply`} aria-label={s.replyTitle(c.author_name)}>
                    {s.reply}
                  </a>
                  {children.length > 0 && <> · {s.repliesLabel(children.length)}</>}
                </p>
                {children.length > 0 && (
                  <ol class="replies">
                    {children.map((r) => (
                      <li class="thought reply" id={`thought-${r.id}`}>
                        <ThoughtView comment={r} strings={s} />
                      </li>
                    ))}
                  </ol>
                )}
              </li>
            );
          })}
        </ol>
      ) : (
        <p>{s.thoughtsEmpty}</p>
      )}
      <ThoughtForm
        action={`/analysis/${slug}/thoughts`}
        strings={s}
        state={thoughts}
        maxChars={props.limits.maxChars}
        submit={s.thoughtSubmit}
      />
    </section>
  );
}

export function ThoughtView({ comment, strings: s }: { comment: CommentRow; strings: Strings }) {
  return (
    <>
      <p class="small">
        <strong>{comment.author_name}</strong> · <DateTime iso={comment.created_at} strings={s} />
      </p>
      <p class="thought-text">{linkify(comment.body)}</p>
    </>
  );
}

export function ThoughtForm(props: {
  action: string;
  strings: Strings;
  state: ThoughtFormState;
  maxChars: number;
  submit: string;
  parentId?: number;
}) {
  const { strings: s, state } = props;
  const refusal = state.refusal;
  const nameInvalid = refusal?.kind === "name-invalid";
  const textInvalid = refusal?.kind === "empty" || refusal?.kind === "too-long" || refusal?.kind === "duplicate";
  return (
    <>
      {refusal && (
        <p class="notice error" role="alert" id="thought-error">
          {refusal.message}
        </p>
      )}
      <form method="post" action={props.action}>
        <p class="small">{s.thoughtsIntro}</p>
        {props.parentId !== undefined && <input type="hidden" name="parent" value={String(props.parentId)} />}
        <label for="thought-name">{s.thoughtName}</label>
        <input
          id="thought-name"
          name="name"
          required
          maxlength={60}
          autocomplete="nickname"
          value={state.values?.name ?? ""}
          aria-invalid={nameInvalid ? "true" : undefined}
          aria-describedby={nameInvalid ? "thought-error" : undefined}
        />
        <label for="thought-text">{s.thoughtText}</label>
        <textarea
          id="thought-text"
          name="text"
          required
          maxlength={props.maxChars}
          aria-invalid={textInvalid ? "true" : undefined}
          aria-describedby={textInvalid ? "thought-error thought-hint" : "thought-hint"}
        >
          {state.values?.text ?? ""}
        </textarea>
        <p id="thought-hint" class="small">
          {s.thoughtTextHint(props.maxChars)}
        </p>
        <div class="hp" aria-hidden="true">
          <label for="thought-website">{s.thoughtHoneypot}</label>
          <input id="thought-website" name="website" tabindex={-1} autocomplete="off" />
        </div>
        <button type="submit">{props.submit}</button>
      </form>
    </>
  );
}

const URL_IN_TEXT = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"]+$/;

/**
 * A comment's text with its http(s) URLs as links. Everything else stays text; a candidate that
 * does not parse as an http(s) URL stays text too.
 */
export function linkify(text: string): Child[] {
  const out: Child[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const start = match.index ?? 0;
    const candidate = match[0].replace(TRAILING_PUNCTUATION, "");
    const href = safeHref(candidate.startsWith("www.") ? `https://${candidate}` : candidate);
    if (!href) continue;
    out.push(text.slice(last, start));
    out.push(
      <a href={href} rel="ugc nofollow noopener">
        {candidate}
      </a>,
    );
    last = start + candidate.length;
  }
  out.push(text.slice(last));
  return out;
}

function safeHref(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}
