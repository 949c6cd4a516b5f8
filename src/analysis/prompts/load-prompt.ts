/**
 * Prompts are files in this folder, one per version ("analysis-v1.md"), each opening with a
 * comment that says what the model gets and what it must return, then a "## system" and a
 * "## user" section with {{placeholders}}. This reads one, checks its header names the version
 * its file name does, and fills it. Filling fails loudly on a placeholder left without a value.
 */
import { readFileSync } from "node:fs";

export interface Prompt {
  version: string;
  system: string;
  user: string;
}

const cache = new Map<string, Prompt>();

export function loadPrompt(version: string): Prompt {
  const cached = cache.get(version);
  if (cached) return cached;
  const raw = readFileSync(new URL(`./${version}.md`, import.meta.url), "utf8");
  const header = /^<!--([\s\S]*?)-->/u.exec(raw)?.[1] ?? "";
  const declared = /^\s*prompt:\s*(\S+)\s*$/mu.exec(header)?.[1];
  if (declared !== version) throw new Error(`prompt file ${version}.md declares version ${declared ?? "(none)"}`);
  const system = /^## system\s*$([\s\S]*?)^## user\s*$/mu.exec(raw)?.[1]?.trim();
  const user = /^## user\s*$([\s\S]*)/mu.exec(raw)?.[1]?.trim();
  if (!system || !user) throw new Error(`prompt file ${version}.md needs a "## system" and a "## user" section`);
  const prompt = { version, system, user };
  cache.set(version, prompt);
  return prompt;
}

/** Replaces every {{name}} with its value; a placeholder without a value is a bug. */
export function fillPrompt(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/gu, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`prompt placeholder {{${name}}} has no value`);
    return value;
  });
}
