/**
 * The body of an analysis as HTML: sections, stakeholders, outlook, key facts, timeline and what
 * to watch, each claim followed by citation markers, then the supporting passages. A marker
 * ("[2]") links to its passage in the list at the end (`#passage-K`), which quotes the words of
 * the source the claim was checked against, names the outlet with a link to `#source-N` in the
 * page's sources list, and links back to the claim (`#cite-M`): it works without JavaScript,
 * and `li:target` can highlight the passage opened. The same passage cited twice is listed once.
 * The marker's title keeps a short preview for pointer users.
 *
 * Called once when a version is stored (the result is kept in the version), so it takes only the
 * body and its verification report: never a request, the clock or the store. All text is escaped
 * by hono/jsx; a citation to a number the body has no source for is shown without a link rather
 * than as a broken one. The passage list carries data-reading="skip": it is not counted in the
 * read time.
 */

import type { AnalysisSource, Claim, Scenario, VerificationReport } from "../../domain/analysis.ts";
import type { AnalysisBody } from "../../store/analyses.ts";
import { type Language, type Strings, stringsFor } from "./strings.ts";

/** Longest passage kept in a marker's tooltip; the full passage is one click away in the source. */
const TOOLTIP_CHARS = 280;

interface BodyContext {
  strings: Strings;
  passageStrings: PassageStrings;
  sourceNumbers: Set<number>;
  failedPaths: Set<string>;
  /** `${claimPath}#${citationIndex}` -> the marker's number and its passage's number. */
  markers: Map<string, { marker: number; passage: number }>;
  passages: { number: number; source: number; text: string; firstMarker: number }[];
  sources: Map<number, AnalysisSource>;
}

interface PassageStrings {
  heading: string;
  backToClaim: string;
  openPassage: (n: number) => string;
}

// The two phrases the passage list adds; the page's other words come from strings.ts.
const PASSAGE_STRINGS: Record<Language, PassageStrings> = {
  en: {
    heading: "Supporting passages",
    backToClaim: "Back to the claim",
    openPassage: (n) => `Source ${n}: the supporting passage`,
  },
  ko: {
    heading: "근거 문단",
    backToClaim: "본문으로 돌아가기",
    openPassage: (n) => `출처 ${n}: 근거 문단`,
  },
};

export function renderAnalysisBody(
  body: AnalysisBody,
  verification: VerificationReport,
  language: Language = "en",
): string {
  const sourceNumbers = new Set(body.sources.map((s) => s.number));
  const ctx: BodyContext = {
    strings: stringsFor(language),
    passageStrings: PASSAGE_STRINGS[language],
    sourceNumbers,
    failedPaths: new Set(verification.checks.filter((c) => !c.ok).map((c) => c.path)),
    ...numberPassages(body, sourceNumbers),
    sources: new Map(body.sources.map((s) => [s.number, s])),
  };
  const html = (<AnalysisBodyView body={body} ctx={ctx} />).toString();
  // Every component here is synchronous; a promise would mean someone added an async one.
  if (typeof html !== "string") throw new Error("renderAnalysisBody: the body view must render synchronously");
  return html;
}

// The most probable outcome leads the outlook, the way an editor would order it.
const RANK = { "most-probable": 0, possible: 1, unlikely: 2 } as const;

/** Claim texts the sections already show: the blocks below do not repeat them. */
function sectionTexts(body: AnalysisBody): Set<string> {
  return new Set(body.sections.flatMap((s) => s.paragraphs.flatMap((p) => p.claims.map((c) => c.text))));
}

function orderedScenarios(body: AnalysisBody) {
  const shown = sectionTexts(body);
  return body.scenarios
    .map((scenario, index) => ({ scenario, index }))
    .filter(({ scenario }) => !shown.has(scenario.outcome.text) || scenario.signposts.length > 0)
    .sort((a, b) => RANK[a.scenario.likelihood] - RANK[b.scenario.likelihood] || a.index - b.index);
}

/** Stakeholders worth their own entry: a position the sections do not already state, or interests and leverage. */
function visibleStakeholders(body: AnalysisBody) {
  const shown = sectionTexts(body);
  return body.stakeholders
    .map((stakeholder, index) => ({ stakeholder, index }))
    .filter(({ stakeholder: st }) => !shown.has(st.position.text) || st.interests || st.leverage);
}

/** Numbers markers and passages in the order a reader meets them, before anything is rendered. */
function numberPassages(body: AnalysisBody, sourceNumbers: Set<number>): Pick<BodyContext, "markers" | "passages"> {
  const markers: BodyContext["markers"] = new Map();
  const passages: BodyContext["passages"] = [];
  const byKey = new Map<string, number>();
  const visit = (path: string, claim: Claim): void => {
    for (const [ci, c] of claim.citations.entries()) {
      if (!sourceNumbers.has(c.source)) continue;
      const marker = markers.size + 1;
      const key = `${c.source}\u0000${c.passage.replace(/\s+/g, " ").trim()}`;
      let passage = byKey.get(key);
      if (passage === undefined) {
        passage = passages.length + 1;
        byKey.set(key, passage);
        passages.push({ number: passage, source: c.source, text: c.passage, firstMarker: marker });
      }
      markers.set(`${path}#${ci}`, { marker, passage });
    }
  };
  for (const [si, section] of body.sections.entries()) {
    for (const [pi, p] of section.paragraphs.entries()) {
      for (const [ci, claim] of p.claims.entries()) visit(`sections.${si}.paragraphs.${pi}.claims.${ci}`, claim);
    }
  }
  for (const { stakeholder, index } of visibleStakeholders(body)) {
    visit(`stakeholders.${index}.position`, stakeholder.position);
  }
  for (const { scenario, index } of orderedScenarios(body)) visit(`scenarios.${index}.outcome`, scenario.outcome);
  for (const [i, k] of body.keyFacts.entries()) visit(`keyFacts.${i}.claim`, k.claim);
  for (const [i, t] of body.timeline.entries()) visit(`timeline.${i}.claim`, t.claim);
  return { markers, passages };
}

function AnalysisBodyView({ body, ctx }: { body: AnalysisBody; ctx: BodyContext }) {
  const s = ctx.strings;
  const scenarios = orderedScenarios(body);
  const stakeholders = visibleStakeholders(body);
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
      {stakeholders.length > 0 && (
        <section class="block stakeholders">
          <h2>{s.stakeholdersHeading}</h2>
          {stakeholders.map(({ stakeholder: st, index: i }) => (
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
      {ctx.passages.length > 0 && <PassageList ctx={ctx} />}
    </>
  );
}

/** Every supporting passage, quoted, with its outlet and a way back to the claim that cites it. */
function PassageList({ ctx }: { ctx: BodyContext }) {
  const p = ctx.passageStrings;
  return (
    <section class="block passages" id="passages" aria-labelledby="passages-heading" data-reading="skip">
      <h2 id="passages-heading">{p.heading}</h2>
      <ol>
        {ctx.passages.map((passage) => {
          const source = ctx.sources.get(passage.source);
          return (
            <li id={`passage-${passage.number}`} value={String(passage.number)}>
              <blockquote>
                <p>{passage.text}</p>
              </blockquote>
              <p class="small">
                <a href={`#source-${passage.source}`}>
                  [{passage.source}]{source ? ` ${source.outlet}` : ""}
                </a>{" "}
                · <a href={`#cite-${passage.firstMarker}`}>{p.backToClaim}</a>
              </p>
            </li>
          );
        })}
      </ol>
    </section>
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
      {claim.citations.map((citation, ci) => {
        const numbered = ctx.markers.get(`${path}#${ci}`);
        return numbered ? (
          <sup class="cite" id={`cite-${numbered.marker}`}>
            <a
              href={`#passage-${numbered.passage}`}
              title={tooltip(citation.passage)}
              aria-label={ctx.passageStrings.openPassage(citation.source)}
            >
              [{citation.source}]
            </a>
          </sup>
        ) : (
          <sup>[{citation.source}]</sup>
        );
      })}
      {failed && <span class="unverified-mark"> ({ctx.strings.unverifiedClaim})</span>}
    </>
  );
}

function tooltip(passage: string): string {
  const flat = passage.replace(/\s+/g, " ").trim();
  return flat.length <= TOOLTIP_CHARS ? flat : `${flat.slice(0, TOOLTIP_CHARS - 1).trimEnd()}…`;
}
