/**
 * The body of an analysis as HTML: sections, stakeholders, outlook, key facts, timeline and what
 * to watch, each claim followed by citation markers that link to `#source-N` in the page's
 * sources list. Called once when a version is stored (the result is kept in the version), so it
 * takes only the body and its verification report: never a request, the clock or the store.
 * All text is escaped by hono/jsx; a citation to a number the body has no source for is shown
 * without a link rather than as a broken one.
 */

import type { Claim, Scenario, VerificationReport } from "../../domain/analysis.ts";
import type { AnalysisBody } from "../../store/analyses.ts";
import { type Language, type Strings, stringsFor } from "./strings.ts";

/** Longest passage kept in a marker's tooltip; the full passage is one click away in the source. */
const TOOLTIP_CHARS = 280;

interface BodyContext {
  strings: Strings;
  sourceNumbers: Set<number>;
  failedPaths: Set<string>;
}

export function renderAnalysisBody(
  body: AnalysisBody,
  verification: VerificationReport,
  language: Language = "en",
): string {
  const ctx: BodyContext = {
    strings: stringsFor(language),
    sourceNumbers: new Set(body.sources.map((s) => s.number)),
    failedPaths: new Set(verification.checks.filter((c) => !c.ok).map((c) => c.path)),
  };
  const html = (<AnalysisBodyView body={body} ctx={ctx} />).toString();
  // Every component here is synchronous; a promise would mean someone added an async one.
  if (typeof html !== "string") throw new Error("renderAnalysisBody: the body view must render synchronously");
  return html;
}

function AnalysisBodyView({ body, ctx }: { body: AnalysisBody; ctx: BodyContext }) {
  const s = ctx.strings;
  // The most probable outcome leads the outlook, the way an editor would order it.
  const rank = { "most-probable": 0, possible: 1, unlikely: 2 } as const;
  const scenarios = body.scenarios
    .map((scenario, index) => ({ scenario, index }))
    .sort((a, b) => rank[a.scenario.likelihood] - rank[b.scenario.likelihood] || a.index - b.index);
  return (
    <>
      {body.sections.map((section, si) => (
        <section class={`section section-${section.kind}`}>
          <h2>{section.heading}</h2>
          {section.paragraphs.map((paragraph, pi) => (
            <p>
              {paragraph.claims.map((claim, ci) => (
                <>
                  {ci > 0 ? " " : ""}
                  <ClaimView claim={claim} path={`sections.${si}.paragraphs.${pi}.claims.${ci}`} ctx={ctx} />
                </>
              ))}
            </p>
          ))}
        </section>
      ))}
      {body.stakeholders.length > 0 && (
        <section class="block stakeholders">
          <h2>{s.stakeholdersHeading}</h2>
          {body.stakeholders.map((st, i) => (
            <div class="stakeholder">
              <h3>{st.actor}</h3>
              <p>
                <ClaimView claim={st.position} path={`stakeholders.${i}.position`} ctx={ctx} />
              </p>
              {st.interests && (
                <p>
                  <strong>{s.interests}:</strong> {st.interests}
                </p>
              )}
              {st.leverage && (
                <p>
                  <strong>{s.leverage}:</strong> {st.leverage}
                </p>
              )}
            </div>
          ))}
        </section>
      )}
      {scenarios.length > 0 && (
        <section class="block outlook">
          <h2>{s.outlookHeading}</h2>
          {scenarios.map(({ scenario, index }) => (
            <ScenarioView scenario={scenario} path={`scenarios.${index}.outcome`} ctx={ctx} />
          ))}
        </section>
      )}
      {body.keyFacts.length > 0 && (
        <section class="block key-facts">
          <h2>{s.keyFactsHeading}</h2>
          <dl class="facts">
            {body.keyFacts.map((fact, i) => (
              <>
                <dt>{fact.label}</dt>
                <dd>
                  <strong>{fact.value}</strong>
                  <br />
                  <ClaimView claim={fact.claim} path={`keyFacts.${i}.claim`} ctx={ctx} />
                </dd>
              </>
            ))}
          </dl>
        </section>
      )}
      {body.timeline.length > 0 && (
        <section class="block timeline">
          <h2>{s.timelineHeading}</h2>
          <ol>
            {body.timeline.map((entry, i) => (
              <li>
                <strong>
                  {/^\d{4}-\d{2}(-\d{2})?$/.test(entry.date) ? (
                    <time datetime={entry.date}>{entry.date}</time>
                  ) : (
                    entry.date
                  )}
                </strong>{" "}
                <ClaimView claim={entry.claim} path={`timeline.${i}.claim`} ctx={ctx} />
              </li>
            ))}
          </ol>
        </section>
      )}
      {body.whatToWatch.length > 0 && (
        <section class="block what-to-watch">
          <h2>{s.whatToWatchHeading}</h2>
          <ul>
            {body.whatToWatch.map((item) => (
              <li>{item}</li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function ScenarioView({ scenario, path, ctx }: { scenario: Scenario; path: string; ctx: BodyContext }) {
  const s = ctx.strings;
  return (
    <div class={`scenario ${scenario.likelihood}`}>
      <h3>{s.likelihood[scenario.likelihood]}</h3>
      <p>
        <ClaimView claim={scenario.outcome} path={path} ctx={ctx} />
      </p>
      {scenario.rationale && <p>{scenario.rationale}</p>}
      {scenario.signposts.length > 0 && (
        <>
          <p>{s.signposts}:</p>
          <ul>
            {scenario.signposts.map((sign) => (
              <li>{sign}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** One claim and its markers. A claim that failed verification is marked, never silently shown as checked. */
function ClaimView({ claim, path, ctx }: { claim: Claim; path: string; ctx: BodyContext }) {
  const failed = ctx.failedPaths.has(path);
  return (
    <>
      <span class={failed ? "claim unverified" : "claim"}>{claim.text}</span>
      {claim.citations.map((citation) =>
        ctx.sourceNumbers.has(citation.source) ? (
          <sup>
            <a
              href={`#source-${citation.source}`}
              title={tooltip(citation.passage)}
              aria-label={ctx.strings.citationLabel(citation.source)}
            >
              [{citation.source}]
            </a>
          </sup>
        ) : (
          <sup>[{citation.source}]</sup>
        ),
      )}
      {failed && <span class="unverified-mark"> ({ctx.strings.unverifiedClaim})</span>}
    </>
  );
}

function tooltip(passage: string): string {
  const flat = passage.replace(/\s+/g, " ").trim();
  return flat.length <= TOOLTIP_CHARS ? flat : `${flat.slice(0, TOOLTIP_CHARS - 1).trimEnd()}…`;
}
