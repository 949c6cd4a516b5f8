/**
 * An analysis engine that asks a chat model: the part shared by the OpenAI-compatible and the
 * Anthropic engines (which differ only in the model client's dialect).
 *
 * In: a story's screened articles and today's date. Out: the model's draft (validated with zod,
 * after at most one "fix the JSON" round when the answer was not valid JSON or broke the schema),
 * the model name, the prompt versions used, and a repair function the verifier may call once
 * for the claims that fail. Everything sent stays within the story's token budget: articles are
 * shortened to fit, and a repair that would not fit is not made. Throws ModelCallError,
 * ModelBudgetError or ModelOutputError when no usable draft came; never reads or writes the
 * store except through the client's usage ledger.
 *
 * The prompt (prompts/analysis-v1.md) puts the articles in numbered blocks fenced by a boundary
 * made for this request from a hash of its content, which an article's author cannot know in
 * advance, and strips anything that looks like a fence from the articles themselves.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { analysisDraftSchema, LIKELIHOODS, SECTION_KINDS } from "../../domain/analysis.ts";
import { CATEGORIES } from "../../domain/categories.ts";
import { splitSentences } from "../../lib/text.ts";
import type { AnalysisEngine, EngineArticle, EngineInput } from "../engine.ts";
import type { ChatRequest, ChatResponse } from "../model/dialect.ts";
import type { ModelClient } from "../model/model-client.ts";
import { ModelBudgetError, ModelOutputError } from "../model/model-errors.ts";
import { estimateTokens } from "../model/prices.ts";
import { fillPrompt, loadPrompt } from "../prompts/load-prompt.ts";
import type { RepairReply, RepairRequest } from "../verify.ts";

export const ANALYSIS_PROMPT = "analysis-v1";
export const FIX_JSON_PROMPT = "fix-json-v1";
export const REPAIR_PROMPT = "repair-claims-v1";

export interface ModelEngineOptions {
  name: "openai-compatible" | "anthropic";
  client: ModelClient;
  /** The language the analysis is written in, as a name or BCP 47 code ("en", "ko", "German"). */
  outputLanguage: string;
  /** Tokens (in and out, all calls) one write of one story may use. */
  maxTokensPerStory: number;
  /** The most output tokens any one call may ask for. */
  maxOutputTokens: number;
}

/** Share of the story budget the first call may use; the rest is kept for the two repair rounds. */
const DRAFT_SHARE = 0.7;
/** Below this many output tokens an analysis cannot be written: the call is not made. */
const MIN_DRAFT_OUTPUT = 1500;
const MIN_REPAIR_OUTPUT = 400;
/** Article text the model must see at least, in characters, for a draft worth the call. */
const MIN_ARTICLE_CHARS = 2000;
/** Items sent in one repair round; more than this and the draft is not worth saving by repair. */
const MAX_REPAIR_ITEMS = 40;
/** The previous answer shown in the fix-json round, in characters. */
const MAX_PREVIOUS_CHARS = 60_000;

const JSON_SCHEMA = jsonSchemaOf(analysisDraftSchema);

const repairSchema = z.object({
  repairs: z
    .array(
      z.object({
        id: z.string().min(1).max(200),
        text: z.string().min(1).max(1500),
        citations: z
          .array(z.object({ source: z.number().int().min(1), passage: z.string().min(1).max(2000) }))
          .max(6)
          .optional(),
      }),
    )
    .max(MAX_REPAIR_ITEMS),
});
const REPAIR_JSON_SCHEMA = jsonSchemaOf(repairSchema);

export function createModelEngine(options: ModelEngineOptions): AnalysisEngine {
  const { client } = options;
  const language = languageName(options.outputLanguage);

  return {
    name: options.name,
    async draft(input, callOptions) {
      const budget = createBudget(options.maxTokensPerStory);
      const boundary = boundaryFor(input);
      const prompt = loadPrompt(ANALYSIS_PROMPT);
      const values = {
        today: input.today,
        language,
        categories: CATEGORIES.join(", "),
        sectionKinds: SECTION_KINDS.join(", "),
        likelihoods: LIKELIHOODS.join(", "),
        articleCount: String(input.articles.length),
        boundary,
      };
      const system = fillPrompt(prompt.system, values);
      const frame = estimateTokens(system + fillPrompt(prompt.user, { ...values, articles: "" }));
      const share = Math.floor(budget.total * DRAFT_SHARE);
      const outputTokens = Math.min(options.maxOutputTokens, share - frame - MIN_ARTICLE_CHARS / 4);
      if (outputTokens < MIN_DRAFT_OUTPUT) {
        throw new ModelBudgetError(
          `a story budget of ${budget.total} tokens leaves ${Math.max(0, outputTokens)} for the answer; at least ${MIN_DRAFT_OUTPUT} are needed`,
          "story-token-budget",
        );
      }
      const articleChars = (share - frame - outputTokens) * 4;
      const user = fillPrompt(prompt.user, {
        ...values,
        articles: renderArticles(input.articles, boundary, articleChars),
      });
      const request: ChatRequest = {
        system,
        messages: [{ role: "user", content: user }],
        maxOutputTokens: outputTokens,
        schema: {
          name: "analysis",
          description: "The structured analysis of one news story.",
          jsonSchema: JSON_SCHEMA,
        },
      };
      const meta = { storyId: input.storyId, ...(callOptions?.signal ? { signal: callOptions.signal } : {}) };

      const first = await client.complete(request, { ...meta, purpose: "draft", judge: (r) => readDraft(r).outcome });
      budget.spend(first.tokensIn + first.tokensOut);
      let read = readDraft(first.response);
      const versions = [ANALYSIS_PROMPT];
      if (!read.ok) {
        const fix = loadPrompt(FIX_JSON_PROMPT);
        const fixUser = fillPrompt(fix.user, {
          problems: read.problems.map((p) => `- ${p}`).join("\n"),
          previous: first.response.text.slice(0, MAX_PREVIOUS_CHARS),
        });
        const fixOutput = Math.min(options.maxOutputTokens, budget.remaining() - estimateTokens(fix.system + fixUser));
        if (fixOutput < MIN_DRAFT_OUTPUT) {
          throw new ModelOutputError(
            `the model's draft was unusable (${read.outcome}) and no budget is left to fix it`,
            read.outcome,
          );
        }
        const second = await client.complete(
          {
            system: fix.system,
            messages: [{ role: "user", content: fixUser }],
            maxOutputTokens: fixOutput,
            schema: request.schema!,
          },
          { ...meta, purpose: "fix-json", judge: (r) => readDraft(r).outcome },
        );
        budget.spend(second.tokensIn + second.tokensOut);
        read = readDraft(second.response);
        if (!read.ok) {
          throw new ModelOutputError(
            `the model's draft was unusable twice (${read.outcome}: ${read.problems.slice(0, 3).join("; ")})`,
            read.outcome,
          );
        }
        versions.push(FIX_JSON_PROMPT);
      }

      const repair = async (requests: RepairRequest[]): Promise<RepairReply[]> => {
        const items = requests.slice(0, MAX_REPAIR_ITEMS);
        const repairPrompt = loadPrompt(REPAIR_PROMPT);
        const itemsText = JSON.stringify(
          items.map((r) => ({
            id: r.path,
            kind: r.kind,
            text: r.text,
            ...(r.kind === "claim" ? { citations: r.citations } : {}),
            problems: r.problems.map((p) => p.detail),
          })),
          null,
          1,
        );
        const repairValues = { today: input.today, language, items: itemsText, boundary };
        const repairSystem = fillPrompt(repairPrompt.system, repairValues);
        const frameTokens = estimateTokens(
          repairSystem + fillPrompt(repairPrompt.user, { ...repairValues, articles: "" }),
        );
        const repairOutput = Math.min(options.maxOutputTokens, 150 * items.length + 300);
        const room = budget.remaining() - frameTokens - repairOutput;
        if (repairOutput < MIN_REPAIR_OUTPUT || room * 4 < MIN_ARTICLE_CHARS / 2) {
          throw new ModelBudgetError("no story budget left for a repair round", "story-token-budget");
        }
        // Only the articles the failing claims cite; a failing headline or dek may use any.
        const cited = new Set(items.flatMap((r) => (r.kind === "claim" ? r.citations.map((c) => c.source) : [])));
        const framing = items.some((r) => r.kind !== "claim");
        const articles = input.articles.filter((a) => framing || cited.has(a.number));
        const repairUser = fillPrompt(repairPrompt.user, {
          ...repairValues,
          articles: renderArticles(articles, boundary, room * 4),
        });
        let parsed: z.infer<typeof repairSchema> | undefined;
        const judge = (r: ChatResponse) => {
          const json = readJson(r.text);
          if (json === undefined) return r.truncated ? "truncated" : "invalid-json";
          const result = repairSchema.safeParse(json);
          if (!result.success) return "schema-violation";
          parsed = result.data;
          return "ok";
        };
        const reply = await client.complete(
          {
            system: repairSystem,
            messages: [{ role: "user", content: repairUser }],
            maxOutputTokens: repairOutput,
            schema: { name: "repairs", description: "Rewritten claims.", jsonSchema: REPAIR_JSON_SCHEMA },
          },
          { ...meta, purpose: "repair-claims", judge },
        );
        budget.spend(reply.tokensIn + reply.tokensOut);
        if (reply.outcome !== "ok" || !parsed) {
          throw new ModelOutputError(`the model's repairs were unusable (${reply.outcome})`, reply.outcome);
        }
        return parsed.repairs.map((r) => ({
          path: r.id,
          text: r.text,
          ...(r.citations ? { citations: r.citations } : {}),
        }));
      };

      return {
        draft: read.draft,
        model: client.model,
        promptVersion: versions.join("+"),
        repair,
        repairPromptVersion: REPAIR_PROMPT,
      };
    },
  };
}

type DraftRead =
  | { ok: true; outcome: "ok"; draft: unknown; problems: [] }
  | { ok: false; outcome: string; problems: string[] };

/** The model's answer as a draft, or why it is not one. */
export function readDraft(response: ChatResponse): DraftRead {
  if (response.refusal) return { ok: false, outcome: "refused", problems: [`the model declined: ${response.refusal}`] };
  const json = readJson(response.text);
  if (json === undefined) {
    return response.truncated
      ? {
          ok: false,
          outcome: "truncated",
          problems: ["the answer was cut off at the output limit before the JSON ended"],
        }
      : { ok: false, outcome: "invalid-json", problems: ["the answer is not a JSON object"] };
  }
  const parsed = analysisDraftSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      outcome: "schema-violation",
      problems: parsed.error.issues.slice(0, 25).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`),
    };
  }
  return { ok: true, outcome: "ok", draft: parsed.data, problems: [] };
}

/** The JSON object in a model's answer: the whole text, or inside a code fence, or from the first { to the last }. */
export function readJson(text: string): unknown {
  const candidates = [text.trim()];
  const fenced = /```(?:json)?\s*([\s\S]*?)```/u.exec(text)?.[1];
  if (fenced) candidates.push(fenced.trim());
  const first = text.indexOf("{");
  const last = text.lastIndexOf("}");
  if (first >= 0 && last > first) candidates.push(text.slice(first, last + 1));
  for (const c of candidates) {
    if (!c.startsWith("{")) continue;
    try {
      const value: unknown = JSON.parse(c);
      if (value && typeof value === "object" && !Array.isArray(value)) return value;
    } catch {
      // the next candidate may parse
    }
  }
  return undefined;
}

/**
 * The articles as fenced blocks, shortened (at sentence ends) to `maxChars` in all: short
 * articles whole, the rest sharing what is left equally.
 */
export function renderArticles(articles: readonly EngineArticle[], boundary: string, maxChars: number): string {
  const texts = articles.map((a) => scrub(a.text, boundary));
  const allowance = shareOut(
    texts.map((t) => t.length),
    Math.max(0, maxChars - articles.length * 200),
  );
  return articles
    .map((a, i) => {
      const text = texts[i]!;
      const kept = text.length <= allowance[i]! ? text : cutAtSentence(text, allowance[i]!);
      return [
        `<<<ARTICLE ${a.number} ${boundary}>>>`,
        `outlet: ${oneLine(a.outlet, boundary)}`,
        `title: ${oneLine(a.title, boundary)}`,
        `published: ${a.publishedAt}`,
        ...(a.author ? [`author: ${oneLine(a.author, boundary)}`] : []),
        ...(kept.length < text.length ? ["shortened: yes (the article continues)"] : []),
        "",
        kept,
        `<<<END ARTICLE ${a.number} ${boundary}>>>`,
      ].join("\n");
    })
    .join("\n\n");
}

/** Water-filling: every length gets what it needs up to an equal share of what remains. */
function shareOut(lengths: readonly number[], total: number): number[] {
  const out = new Array<number>(lengths.length).fill(0);
  let left = total;
  const order = [...lengths.keys()].sort((a, b) => lengths[a]! - lengths[b]!);
  order.forEach((index, k) => {
    const share = Math.floor(left / (order.length - k));
    out[index] = Math.min(lengths[index]!, share);
    left -= out[index]!;
  });
  return out;
}

function cutAtSentence(text: string, maxChars: number): string {
  let out = "";
  for (const paragraph of text.split(/\n\s*\n/u)) {
    for (const sentence of splitSentences(paragraph)) {
      const next = out ? `${out}${out.endsWith("\n\n") ? "" : " "}${sentence}` : sentence;
      if (next.length > maxChars) return out;
      out = next;
    }
    out += "\n\n";
  }
  return out.trim();
}

/** Article text never carries anything that looks like our fences. */
function scrub(text: string, boundary: string): string {
  return text
    .split(boundary)
    .join("")
    .replace(/<{3,}|>{3,}/gu, "");
}

function oneLine(text: string, boundary: string): string {
  return scrub(text, boundary).replace(/\s+/gu, " ").trim();
}

/** A fence no article can contain: a hash of the request's own content. */
function boundaryFor(input: EngineInput): string {
  const hash = createHash("sha256").update(input.today);
  for (const a of input.articles) hash.update(`\u0000${a.number}\u0000${a.title}\u0000${a.text}`);
  return `b${hash.digest("hex").slice(0, 16)}`;
}

const LANGUAGE_NAMES: Record<string, string> = {
  en: "English",
  ko: "Korean",
  de: "German",
  fr: "French",
  es: "Spanish",
  it: "Italian",
  pt: "Portuguese",
  nl: "Dutch",
  ja: "Japanese",
  zh: "Chinese",
};

export function languageName(code: string): string {
  return LANGUAGE_NAMES[code.toLowerCase().split("-")[0] ?? ""] ?? code;
}

interface Budget {
  total: number;
  remaining(): number;
  spend(tokens: number): void;
}

function createBudget(total: number): Budget {
  let used = 0;
  return {
    total,
    remaining: () => total - used,
    spend: (tokens) => {
      used += tokens;
    },
  };
}

function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: "input", target: "draft-7" }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}
