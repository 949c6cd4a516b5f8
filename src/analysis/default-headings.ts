/**
 * The heading each section kind gets when an engine's own heading cannot be shown (it failed
 * the lint or named something no article names). Plain words in the site's languages.
 */
import type { SectionKind } from "../domain/analysis.ts";

const HEADINGS: Record<"en" | "ko", Record<SectionKind, string>> = {
  en: {
    hook: "What happened",
    background: "How we got here",
    framework: "The rules in play",
    stakeholders: "Where each side stands",
    outlook: "What happens next",
    implications: "The broader implications",
    context: "More context",
  },
  ko: {
    hook: "무슨 일이 있었나",
    background: "지금까지의 경과",
    framework: "적용되는 규칙",
    stakeholders: "당사자별 입장",
    outlook: "앞으로의 전개",
    implications: "더 넓은 함의",
    context: "더 알아볼 맥락",
  },
};

export function defaultHeading(kind: SectionKind, language: "en" | "ko" = "en"): string {
  return HEADINGS[language][kind];
}
