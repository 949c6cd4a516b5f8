/**
 * `prism usage [--months n] [--json]`: what the model engines cost, from the usage ledger: per
 * month, provider, model and outcome, the calls, tokens in and out, estimated cost and mean
 * latency, then the month's total against the spend cap. Exit code 0.
 */

import { priceFor } from "../analysis/model/prices.ts";
import { monthStart } from "../analysis/model/usage-ledger.ts";
import type { App } from "../app.ts";
import { UserInputError } from "../lib/errors.ts";
import { listUsageByMonth } from "../store/usage.ts";
import type { Output } from "./output.ts";

export async function usageCommand(
  app: App,
  out: Output,
  options: { months?: string; json?: boolean },
): Promise<number> {
  const months = options.months === undefined ? 3 : Number(options.months);
  if (!Number.isInteger(months) || months < 1 || months > 120)
    throw new UserInputError("--months must be a whole number from 1 to 120");
  const now = app.clock.now();
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1)).toISOString();
  const lines = await listUsageByMonth(app.db, { sinceIso: since });
  const thisMonth = monthStart(now).slice(0, 7);
  const spent = lines.filter((l) => l.month === thisMonth).reduce((s, l) => s + l.costUsd, 0);
  const cap = app.config.model.monthlySpendCapUsd;
  if (options.json) {
    out.line(
      JSON.stringify({ since, lines, thisMonth: { month: thisMonth, costUsd: spent, capUsd: cap ?? null } }, null, 2),
    );
    return 0;
  }
  if (lines.length === 0) {
    out.line(`no model calls since ${since.slice(0, 10)} (engine: ${app.config.engine})`);
    return 0;
  }
  out.line(
    "month    provider           model                        outcome            calls   tokens in  tokens out   cost USD  mean ms",
  );
  for (const l of lines) {
    out.line(
      [
        l.month.padEnd(8),
        l.provider.padEnd(18),
        l.model.slice(0, 28).padEnd(28),
        l.outcome.padEnd(18),
        String(l.calls).padStart(5),
        String(l.tokensIn).padStart(11),
        String(l.tokensOut).padStart(11),
        l.costUsd.toFixed(4).padStart(10),
        String(Math.round(l.latencyMs)).padStart(8),
      ].join(" "),
    );
  }
  out.line("");
  out.line(
    `${thisMonth}: $${spent.toFixed(4)} estimated${cap !== undefined ? ` of a $${cap.toFixed(2)} cap` : " (no cap set: MODEL_MONTHLY_SPEND_CAP_USD)"}`,
  );
  const unpriced = [...new Set(lines.filter((l) => !priceFor(l.model, app.config.model.price)).map((l) => l.model))];
  if (unpriced.length > 0) {
    out.line(
      `no price known for ${unpriced.join(", ")}: counted as $0 (set MODEL_PRICE_INPUT_PER_MTOK and MODEL_PRICE_OUTPUT_PER_MTOK)`,
    );
  }
  const estimated = lines.reduce((s, l) => s + l.estimatedCalls, 0);
  if (estimated > 0)
    out.line(`${estimated} call(s) reported no token counts; their tokens are estimated from characters`);
  return 0;
}
