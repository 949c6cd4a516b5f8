/**
 * The model usage ledger: one row per HTTP call to a model, retries included, written whatever
 * the outcome (a call that failed may still have cost money, and the ledger is how an operator
 * sees a provider misbehaving). Read by the monthly spend cap and by `prism usage`.
 */
import { sql } from "kysely";
import type { Db } from "./db.ts";
import type { ModelCallRow } from "./schema.ts";

export interface NewModelCall {
  calledAt: string;
  storyId: number | null;
  provider: string;
  model: string;
  purpose: string;
  /** 1 for the first try, 2 for the first retry, ... */
  attempt: number;
  outcome: string;
  statusCode: number | null;
  tokensIn: number;
  tokensOut: number;
  /** The provider reported no usage; the counts are estimated from characters. */
  tokensEstimated: boolean;
  costUsd: number;
  latencyMs: number;
  error: string | null;
}

export async function insertModelCall(db: Db, call: NewModelCall): Promise<void> {
  await db
    .insertInto("model_calls")
    .values({
      called_at: call.calledAt,
      story_id: call.storyId,
      provider: call.provider,
      model: call.model,
      purpose: call.purpose,
      attempt: call.attempt,
      outcome: call.outcome,
      status_code: call.statusCode,
      tokens_in: Math.max(0, Math.round(call.tokensIn)),
      tokens_out: Math.max(0, Math.round(call.tokensOut)),
      tokens_estimated: call.tokensEstimated ? 1 : 0,
      cost_usd: call.costUsd,
      latency_ms: Math.max(0, Math.round(call.latencyMs)),
      error: call.error === null ? null : call.error.slice(0, 500),
    })
    .execute();
}

/** Estimated spend (USD) of calls made at or after `sinceIso`. */
export async function sumSpendSince(db: Db, sinceIso: string): Promise<number> {
  const row = await db
    .selectFrom("model_calls")
    .select((eb) => eb.fn.sum<number | string | null>("cost_usd").as("spent"))
    .where("called_at", ">=", sinceIso)
    .executeTakeFirst();
  return Number(row?.spent ?? 0);
}

export interface UsageLine {
  /** YYYY-MM (UTC). */
  month: string;
  provider: string;
  model: string;
  outcome: string;
  calls: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  /** Mean latency of the calls, milliseconds. */
  latencyMs: number;
  estimatedCalls: number;
}

/** Calls grouped by month, provider, model and outcome, newest month first. */
export async function listUsageByMonth(db: Db, options: { sinceIso?: string } = {}): Promise<UsageLine[]> {
  const month = sql<string>`substr(called_at, 1, 7)`;
  let q = db
    .selectFrom("model_calls")
    .select((eb) => [
      month.as("month"),
      "provider",
      "model",
      "outcome",
      eb.fn.countAll<number | string>().as("calls"),
      eb.fn.sum<number | string>("tokens_in").as("tokens_in"),
      eb.fn.sum<number | string>("tokens_out").as("tokens_out"),
      eb.fn.sum<number | string>("cost_usd").as("cost_usd"),
      eb.fn.avg<number | string>("latency_ms").as("latency_ms"),
      eb.fn.sum<number | string>("tokens_estimated").as("estimated"),
    ])
    .groupBy([month, "provider", "model", "outcome"])
    .orderBy(month, "desc")
    .orderBy("provider")
    .orderBy("model")
    .orderBy("outcome");
  if (options.sinceIso) q = q.where("called_at", ">=", options.sinceIso);
  const rows = await q.execute();
  return rows.map((r) => ({
    month: r.month,
    provider: r.provider,
    model: r.model,
    outcome: r.outcome,
    calls: Number(r.calls),
    tokensIn: Number(r.tokens_in),
    tokensOut: Number(r.tokens_out),
    costUsd: Number(r.cost_usd),
    latencyMs: Number(r.latency_ms),
    estimatedCalls: Number(r.estimated),
  }));
}

/** The calls made for one story, oldest first. */
export async function listModelCallsForStory(db: Db, storyId: number): Promise<ModelCallRow[]> {
  return db.selectFrom("model_calls").selectAll().where("story_id", "=", storyId).orderBy("id").execute();
}

/** The most recent calls, newest first. */
export async function listRecentModelCalls(db: Db, limit: number): Promise<ModelCallRow[]> {
  return db.selectFrom("model_calls").selectAll().orderBy("id", "desc").limit(limit).execute();
}
