/**
 * Where model calls are written down and the month's spend read back. The store-backed ledger
 * is the one the app uses; tests may pass their own.
 */
import type { Db } from "../../store/db.ts";
import { insertModelCall, type NewModelCall, sumSpendSince } from "../../store/usage.ts";

export type ModelCallRecord = NewModelCall;

export interface UsageLedger {
  record(call: ModelCallRecord): Promise<void>;
  /** Estimated USD spent on calls at or after `sinceIso`. */
  spentSince(sinceIso: string): Promise<number>;
}

export function createStoreLedger(db: Db): UsageLedger {
  return {
    record: (call) => insertModelCall(db, call),
    spentSince: (since) => sumSpendSince(db, since),
  };
}

/** The first instant of the UTC month of `now`, as an ISO string. */
export function monthStart(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
}
