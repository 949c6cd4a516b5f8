/**
 * Estimated cost of a call, from a table of list prices in US dollars per million tokens
 * (input, output). Prices change and differ by contract: the table is a starting point, checked
 * against the providers' published pages when written, and MODEL_PRICE_INPUT_PER_MTOK /
 * MODEL_PRICE_OUTPUT_PER_MTOK override it. Local servers (Ollama, llama.cpp, vLLM, LM Studio)
 * cost nothing per token; a model the table does not know is priced at zero and reported as
 * unpriced by `prism usage`, so the spend cap cannot silently rely on it.
 */

export interface Price {
  inputPerMTok: number;
  outputPerMTok: number;
}

// Longest prefix wins: "gpt-4o-mini" before "gpt-4o".
const TABLE: [prefix: string, price: Price][] = [
  ["gpt-4o-mini", { inputPerMTok: 0.15, outputPerMTok: 0.6 }],
  ["gpt-4o", { inputPerMTok: 2.5, outputPerMTok: 10 }],
  ["gpt-4.1-nano", { inputPerMTok: 0.1, outputPerMTok: 0.4 }],
  ["gpt-4.1-mini", { inputPerMTok: 0.4, outputPerMTok: 1.6 }],
  ["gpt-4.1", { inputPerMTok: 2, outputPerMTok: 8 }],
  ["claude-3-haiku", { inputPerMTok: 0.25, outputPerMTok: 1.25 }],
  ["claude-3-5-haiku", { inputPerMTok: 0.8, outputPerMTok: 4 }],
  ["claude-3-5-sonnet", { inputPerMTok: 3, outputPerMTok: 15 }],
  ["claude-3-7-sonnet", { inputPerMTok: 3, outputPerMTok: 15 }],
  ["claude-sonnet-4", { inputPerMTok: 3, outputPerMTok: 15 }],
  ["claude-opus-4", { inputPerMTok: 15, outputPerMTok: 75 }],
];

/** The price of `model`: the override when given, else the table's longest matching prefix. */
export function priceFor(model: string, override?: Partial<Price>): Price | undefined {
  if (override?.inputPerMTok !== undefined && override.outputPerMTok !== undefined) {
    return { inputPerMTok: override.inputPerMTok, outputPerMTok: override.outputPerMTok };
  }
  // "openai/gpt-4o" (OpenRouter) and "gpt-4o-2024-08-06" both price as gpt-4o.
  const name = model.toLowerCase().replace(/^[\w.-]+\//u, "");
  let best: [string, Price] | undefined;
  for (const entry of TABLE) {
    if (name.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  return best?.[1];
}

export function costUsd(price: Price | undefined, tokensIn: number, tokensOut: number): number {
  if (!price) return 0;
  return (tokensIn * price.inputPerMTok + tokensOut * price.outputPerMTok) / 1_000_000;
}

/** Rough token count of text: four characters a token, the usual rule of thumb for English. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
