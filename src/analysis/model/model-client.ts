/**
 * One chat call to a model over HTTP, made safe to run unattended: a timeout per attempt, retries
 * with exponential backoff and full jitter on 408/409/425/429/5xx, timeouts and network errors
 * (honouring Retry-After, but never waiting longer than maxRetryAfterMs), a per-process
 * concurrency limit, a cap on the response size, and the month's spend cap checked before every
 * attempt. Every attempt is written to the usage ledger with its tokens, estimated cost,
 * latency and outcome, including attempts that failed or were refused for budget.
 *
 * In: a provider-neutral ChatRequest and who the call is for. Out: the parsed response and the
 * outcome the caller's judge gave it ("ok", "invalid-json", ...). Throws ModelCallError or
 * ModelBudgetError when no usable answer came; never decides what an answer means.
 * Clock, sleep, randomness and fetch are injected so tests run without waiting.
 */
import type { Clock } from "../../lib/clock.ts";
import type { Logger } from "../../lib/logger.ts";
import type { ChatRequest, ChatResponse, Dialect, DialectState, StructuredMode } from "./dialect.ts";
import { createLimiter } from "./limiter.ts";
import { ModelBudgetError, ModelCallError } from "./model-errors.ts";
import { costUsd, estimateTokens, type Price, priceFor } from "./prices.ts";
import { backoffDelayMs, isRetryableStatus, retryAfterMs } from "./retry-policy.ts";
import { monthStart, type UsageLedger } from "./usage-ledger.ts";

export interface ModelClientOptions {
  dialect: Dialect;
  /** Base URL without a trailing slash, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1 */
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  /** A Retry-After longer than this is not waited for: the call fails and the fallback engine writes. */
  maxRetryAfterMs: number;
  concurrency: number;
  maxResponseBytes: number;
  /** USD per calendar month (UTC); undefined for no cap. */
  monthlySpendCapUsd?: number;
  price?: Partial<Price>;
  structuredMode?: StructuredMode;
  ledger: UsageLedger;
  clock: Clock;
  logger: Logger;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  fetch?: typeof fetch;
  /** Monotonic milliseconds, for latency. */
  monotonicMs?: () => number;
}

export interface CallMeta {
  storyId: number | null;
  /** What the call is for: "draft", "fix-json", "repair-claims". */
  purpose: string;
  signal?: AbortSignal;
  /** Classifies a successful response ("ok", "invalid-json", "schema-violation", "truncated", ...). */
  judge?: (response: ChatResponse) => string;
}

export interface CallResult {
  response: ChatResponse;
  outcome: string;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

export interface ModelClient {
  readonly provider: string;
  readonly model: string;
  complete(request: ChatRequest, meta: CallMeta): Promise<CallResult>;
}

export function createModelClient(options: ModelClientOptions): ModelClient {
  const { dialect, ledger, clock, logger } = options;
  const limiter = createLimiter(options.concurrency);
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const doFetch = options.fetch ?? fetch;
  const monotonic = options.monotonicMs ?? (() => performance.now());
  const price = priceFor(options.model, options.price);
  const url = `${options.baseUrl.replace(/\/+$/u, "")}${dialect.path}`;
  // Learned from a server's 400s and kept: a server that rejects json_schema once will again.
  let state: DialectState = { mode: options.structuredMode ?? "json_schema", tokenParameter: "max_tokens" };

  async function record(
    meta: CallMeta,
    attempt: number,
    outcome: string,
    fields: Partial<{
      statusCode: number;
      tokensIn: number;
      tokensOut: number;
      estimated: boolean;
      latencyMs: number;
      error: string;
    }>,
  ): Promise<number> {
    const tokensIn = fields.tokensIn ?? 0;
    const tokensOut = fields.tokensOut ?? 0;
    const cost = costUsd(price, tokensIn, tokensOut);
    await ledger.record({
      calledAt: clock.now().toISOString(),
      storyId: meta.storyId,
      provider: dialect.provider,
      model: options.model,
      purpose: meta.purpose,
      attempt,
      outcome,
      statusCode: fields.statusCode ?? null,
      tokensIn,
      tokensOut,
      tokensEstimated: fields.estimated ?? false,
      costUsd: cost,
      latencyMs: fields.latencyMs ?? 0,
      error: fields.error ?? null,
    });
    return cost;
  }

  async function checkSpendCap(request: ChatRequest, meta: CallMeta, attempt: number): Promise<void> {
    const cap = options.monthlySpendCapUsd;
    if (cap === undefined) return;
    const spent = await ledger.spentSince(monthStart(clock.now()));
    // The most this call could cost: its prompt and its whole output allowance.
    const worst = costUsd(price, estimateTokens(promptText(request)), request.maxOutputTokens);
    if (spent + worst <= cap) return;
    const message = `monthly spend cap of $${cap.toFixed(2)} reached ($${spent.toFixed(4)} spent this month)`;
    await record(meta, attempt, "spend-cap", { error: message });
    throw new ModelBudgetError(message, "spend-cap");
  }

  async function complete(request: ChatRequest, meta: CallMeta): Promise<CallResult> {
    let retries = 0;
    for (let attempt = 1; ; attempt++) {
      meta.signal?.throwIfAborted();
      await checkSpendCap(request, meta, attempt);
      const sent = state;
      const started = monotonic();
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(), options.timeoutMs);
      const signal = meta.signal ? AbortSignal.any([meta.signal, timeout.signal]) : timeout.signal;
      let failure: { outcome: string; statusCode?: number; error: string; retryable: boolean; waitMs?: number };
      let adaptedNow = false;
      try {
        const reply = await limiter.run(async () => {
          const res = await doFetch(url, {
            method: "POST",
            headers: dialect.headers(options.apiKey),
            body: JSON.stringify(dialect.body(options.model, request, sent)),
            signal,
          });
          const declared = Number(res.headers.get("content-length") ?? "0");
          if (declared > options.maxResponseBytes) {
            await res.body?.cancel().catch(() => {});
            return { res, text: undefined };
          }
          return { res, text: await readLimited(res, options.maxResponseBytes) };
        });
        const latencyMs = monotonic() - started;
        const { res, text } = reply;
        if (text === undefined) {
          await record(meta, attempt, "oversized", {
            statusCode: res.status,
            latencyMs,
            error: `response larger than ${options.maxResponseBytes} bytes`,
          });
          throw new ModelCallError(
            `model response larger than ${options.maxResponseBytes} bytes`,
            "oversized",
            res.status,
          );
        }
        if (res.ok) {
          let response: ChatResponse;
          try {
            response = dialect.parse(JSON.parse(text));
          } catch (error) {
            const message = `not a ${dialect.provider} response: ${(error as Error).message}`;
            await record(meta, attempt, "bad-response", { statusCode: res.status, latencyMs, error: message });
            throw new ModelCallError(message, "bad-response", res.status);
          }
          const estimated = response.tokensIn === undefined || response.tokensOut === undefined;
          const tokensIn = response.tokensIn ?? estimateTokens(promptText(request));
          const tokensOut = response.tokensOut ?? estimateTokens(response.text);
          const outcome = response.refusal
            ? "refused"
            : (meta.judge?.(response) ?? (response.truncated ? "truncated" : "ok"));
          const cost = await record(meta, attempt, outcome, {
            statusCode: res.status,
            tokensIn,
            tokensOut,
            estimated,
            latencyMs,
            ...(outcome === "ok" ? {} : { error: response.refusal ?? outcome }),
          });
          return { response, outcome, tokensIn, tokensOut, costUsd: cost };
        }
        const adapted = dialect.adapt(res.status, text, sent);
        failure = {
          outcome: `http-${res.status}`,
          statusCode: res.status,
          error: text.slice(0, 300),
          retryable: isRetryableStatus(res.status),
        };
        const wait = retryAfterMs(res.headers, clock.now());
        if (wait !== undefined) failure.waitMs = wait;
        if (adapted) {
          state = adapted;
          adaptedNow = true;
          logger.info("model server refused a request setting; adapting", { status: res.status, mode: adapted.mode });
        }
        await record(meta, attempt, failure.outcome, { statusCode: res.status, latencyMs, error: failure.error });
      } catch (error) {
        if (error instanceof ModelCallError || error instanceof ModelBudgetError) throw error;
        const latencyMs = monotonic() - started;
        if (meta.signal?.aborted) {
          await record(meta, attempt, "cancelled", { latencyMs });
          throw meta.signal.reason ?? error;
        }
        const timedOut = timeout.signal.aborted;
        failure = {
          outcome: timedOut ? "timeout" : "network",
          error: timedOut ? `no answer within ${options.timeoutMs} ms` : describe(error),
          retryable: true,
        };
        await record(meta, attempt, failure.outcome, { latencyMs, error: failure.error });
      } finally {
        clearTimeout(timer);
      }

      // A settings change is tried at once and does not use up a retry (there are only a few to make).
      if (adaptedNow) continue;
      if (!failure.retryable || retries >= options.maxRetries) {
        throw new ModelCallError(
          `model call failed after ${attempt} attempt${attempt === 1 ? "" : "s"}: ${failure.outcome}${failure.error ? ` (${failure.error})` : ""}`,
          failure.outcome,
          failure.statusCode ?? null,
        );
      }
      if (failure.waitMs !== undefined && failure.waitMs > options.maxRetryAfterMs) {
        throw new ModelCallError(
          `model server asked to wait ${Math.ceil(failure.waitMs / 1000)} s, longer than ${Math.ceil(options.maxRetryAfterMs / 1000)} s`,
          failure.outcome,
          failure.statusCode ?? null,
        );
      }
      retries++;
      const delay = failure.waitMs ?? backoffDelayMs(retries, random);
      logger.debug("model call will retry", { outcome: failure.outcome, retry: retries, delayMs: delay });
      await sleep(delay, meta.signal);
    }
  }

  return { provider: dialect.provider, model: options.model, complete };
}

function promptText(request: ChatRequest): string {
  return [request.system, ...request.messages.map((m) => m.content)].join("\n");
}

async function readLimited(res: Response, max: number): Promise<string | undefined> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}

function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
