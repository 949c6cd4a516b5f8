/** `prism reports list|resolve|dismiss`: readers' error reports, for editors. */
import type { App } from "../app.ts";
import { closeErrorReport } from "../editorial/reports.ts";
import { UserInputError } from "../lib/errors.ts";
import { listErrorReports } from "../store/reports.ts";
import type { ErrorReportStatus } from "../store/schema.ts";
import { idFrom, limitFrom, oneLine } from "./comments.ts";
import type { Output } from "./output.ts";

const STATUSES: readonly ErrorReportStatus[] = ["open", "resolved", "dismissed"];

export async function reportsList(
  app: App,
  out: Output,
  options: { status?: string; limit?: string; json?: boolean },
): Promise<number> {
  const value = options.status ?? "open";
  if (value !== "all" && !(STATUSES as readonly string[]).includes(value)) {
    throw new UserInputError(`--status must be one of ${STATUSES.join(", ")} or all, not ${JSON.stringify(value)}`);
  }
  const status = value === "all" ? undefined : (value as ErrorReportStatus);
  const rows = await listErrorReports(app.db, { status, limit: limitFrom(options.limit) });
  if (options.json) {
    out.line(
      JSON.stringify(
        rows.map(({ client_hash: _, ...row }) => row),
        null,
        2,
      ),
    );
    return 0;
  }
  if (rows.length === 0) {
    out.line(status ? `no ${status} reports` : "no reports");
    return 0;
  }
  for (const r of rows) {
    out.line(`#${r.id}  ${r.status}  ${r.reason}  ${r.created_at}  ${app.config.site.url}/analysis/${r.slug}`);
    out.line(`    ${oneLine(r.headline, 100)}`);
    if (r.details) out.line(`    ${oneLine(r.details)}`);
    if (r.source_url) out.line(`    source: ${r.source_url}`);
    if (r.status_note) out.line(`    note: ${oneLine(r.status_note)}`);
  }
  return 0;
}

export async function reportsClose(
  app: App,
  out: Output,
  status: "resolved" | "dismissed",
  ids: string[],
  options: { note?: string },
): Promise<number> {
  for (const id of ids.map(idFrom)) {
    await closeErrorReport(app, id, status, options.note ?? null);
    out.line(`report ${id} ${status}`);
  }
  return 0;
}
