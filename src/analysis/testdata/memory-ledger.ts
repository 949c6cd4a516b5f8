/** A usage ledger kept in an array, for model tests that need no database. */
import type { ModelCallRecord, UsageLedger } from "../model/usage-ledger.ts";

export function createMemoryLedger(): UsageLedger & { calls: ModelCallRecord[] } {
  const calls: ModelCallRecord[] = [];
  return {
    calls,
    async record(call) {
      calls.push(call);
    },
    async spentSince(since) {
      return calls.filter((c) => c.calledAt >= since).reduce((sum, c) => sum + c.costUsd, 0);
    },
  };
}
