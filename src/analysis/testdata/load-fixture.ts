/** Reads a story fixture of this folder: fictional outlets' articles about one real event. */
import { readFileSync } from "node:fs";
import type { EngineArticle } from "../engine.ts";

export interface StoryFixture {
  today: string;
  articles: EngineArticle[];
}

export function loadStoryFixture(name: string): StoryFixture {
  const raw = readFileSync(new URL(`./${name}.json`, import.meta.url), "utf8");
  const parsed = JSON.parse(raw) as { today: string; articles: EngineArticle[] };
  return { today: parsed.today, articles: parsed.articles };
}
