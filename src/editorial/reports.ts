/**
 * Readers' error reports. In: what the "Report an error" form sent (a typed reason, what is
 * wrong, optionally a link to a source) and the client's address. Out: stored as an open report
 * for editors, or refused with a reason. The address is never stored, only a keyed hash for the
 * hourly limit; a link is kept only when it is an http(s) URL, and is never shown to readers.
 */
import { randomBytes } from "node:crypto";
import type { Config } from "../config.ts";
import type { Clock } from "../lib/clock.ts";
import { NotFoundError } from "../lib/errors.ts";
import type { Db } from "../store/db.ts";
import {
  countRecentErrorReportsByClient,
  findErrorReport,
  insertErrorReport,
  markErrorReportStatus,
  REPORT_REASONS,
} from "../store/reports.ts";
import type { ErrorReportReason, ErrorReportStatus } from "../store/schema.ts";
import { cleanText, hashClientKey } from "./comments.ts";

export type ReportRefusal = "reason-invalid" | "details-too-long" | "source-invalid" | "too-many" | "spam";

export const REPORT_DETAILS_MAX_CHARS = 2000;
const SOURCE_URL_MAX_CHARS = 500;

export interface ReportDeps {
  db: Db;
  clock: Clock;
  config: { reports: Config["reports"]; secretKey: string | undefined };
}

export interface ReportSubmission {
  analysisId: number;
  versionId: number | null;
  reason: string;
  details: string;
  sourceUrl: string;
  honeypot: string;
  clientKey: string;
}

export type SubmitReportResult = { ok: true; id: number } | { ok: false; error: ReportRefusal; message: string };

// Without a configured secret the hashes only need to agree within one process's lifetime.
const PROCESS_KEY = randomBytes(32).toString("hex");

export async function submitErrorReport(deps: ReportDeps, input: ReportSubmission): Promise<SubmitReportResult> {
  if (input.honeypot.trim() !== "") return refuse("spam", "the hidden field was filled in, as bots do");
  if (!(REPORT_REASONS as readonly string[]).includes(input.reason)) {
    return refuse("reason-invalid", `the reason must be one of ${REPORT_REASONS.join(", ")}`);
  }
  const details = cleanText(input.details);
  if ([...details].length > REPORT_DETAILS_MAX_CHARS) {
    return refuse("details-too-long", `the details are longer than ${REPORT_DETAILS_MAX_CHARS} characters`);
  }
  const source = input.sourceUrl.trim();
  let sourceUrl: string | null = null;
  if (source !== "") {
    sourceUrl = httpUrl(source);
    if (!sourceUrl) return refuse("source-invalid", "the source link must be an http or https address");
  }
  const now = deps.clock.now();
  const clientHash = hashClientKey(deps.config.secretKey ?? PROCESS_KEY, `report:${input.clientKey}`);
  const hourAgo = new Date(now.getTime() - 3_600_000);
  if ((await countRecentErrorReportsByClient(deps.db, clientHash, hourAgo)) >= deps.config.reports.maxPerHour) {
    return refuse("too-many", `at most ${deps.config.reports.maxPerHour} reports an hour from one address`);
  }
  const id = await insertErrorReport(
    deps.db,
    {
      analysisId: input.analysisId,
      versionId: input.versionId,
      reason: input.reason as ErrorReportReason,
      details,
      sourceUrl,
      clientHash,
    },
    now,
  );
  return { ok: true, id };
}

/** An editor's decision on a report. */
export async function closeErrorReport(
  deps: { db: Db; clock: Clock },
  id: number,
  status: Exclude<ErrorReportStatus, "open">,
  note: string | null,
): Promise<void> {
  if (!(await findErrorReport(deps.db, id))) throw new NotFoundError(`report ${id} not found`);
  await markErrorReportStatus(deps.db, id, status, note, deps.clock.now());
}

function httpUrl(value: string): string | null {
  if (value.length > SOURCE_URL_MAX_CHARS) return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : null;
  } catch {
    return null;
  }
}

function refuse(error: ReportRefusal, message: string): SubmitReportResult {
  return { ok: false, error, message };
}
