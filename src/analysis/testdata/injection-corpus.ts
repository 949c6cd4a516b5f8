/**
 * The prompt-injection corpus (injection-corpus.json) as tests use it: the story's articles with
 * every injection inserted after the first paragraph of its article, the strings that must never
 * be published, and the drafts a model would write if it obeyed the injections.
 */
import { readFileSync } from "node:fs";
import type { AnalysisDraft, Claim } from "../../domain/analysis.ts";
import type { EngineArticle } from "../engine.ts";
import type { StoryFixture } from "./load-fixture.ts";

interface Corpus {
  today: string;
  articles: EngineArticle[];
  injections: { kind: string; into: number; text: string; markers: string[] }[];
  payload: {
    headline: string;
    dek: string;
    heading: string;
    tag: string;
    actor: string;
    watch: string;
    claims: { text: string; cite: number; passage: string }[];
  };
}

export const corpus = JSON.parse(readFileSync(new URL("./injection-corpus.json", import.meta.url), "utf8")) as Corpus;

export const INJECTION_KINDS = [...new Set(corpus.injections.map((i) => i.kind))];
export const MARKERS = corpus.injections.flatMap((i) => i.markers);

/** The story as an attacker's outlets published it. */
export function injectedStory(): StoryFixture {
  return {
    today: corpus.today,
    articles: corpus.articles.map((a) => {
      const extra = corpus.injections.filter((i) => i.into === a.number).map((i) => i.text);
      if (extra.length === 0) return a;
      const [first, ...rest] = a.text.split("\n\n");
      return { ...a, text: [first, ...extra, ...rest].join("\n\n") };
    }),
  };
}

/** The markers found in `text` (case-insensitive). */
export function leakedMarkers(text: string): string[] {
  const lower = text.toLowerCase();
  return MARKERS.filter((m) => lower.includes(m.toLowerCase()));
}

/** A faithful draft with everything the injections asked for added; with `framing`, headline and dek too. */
export function obeyedDraft(faithful: AnalysisDraft, options: { framing: boolean }): AnalysisDraft {
  const p = corpus.payload;
  const claims: Claim[] = p.claims.map((c) => ({ text: c.text, citations: [{ source: c.cite, passage: c.passage }] }));
  return {
    ...faithful,
    ...(options.framing ? { headline: p.headline, dek: p.dek } : {}),
    tags: [...faithful.tags.slice(0, 8), p.tag],
    sections: [...faithful.sections.slice(0, 8), { kind: "context", heading: p.heading, paragraphs: [{ claims }] }],
    stakeholders: [...faithful.stakeholders.slice(0, 8), { actor: p.actor, position: claims[6]! }],
    whatToWatch: [...faithful.whatToWatch.slice(0, 6), p.watch],
  };
}
