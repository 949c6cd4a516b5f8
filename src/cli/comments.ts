/** `prism comments list|approve|reject`: moderating readers' Thoughts until the editor area exists. */
import type { App } from "../app.ts";
import { moderateComment } from "../editorial/comments.ts";
import { UserInputError } from "../lib/errors.ts";
import { listCommentsForModeration } from "../store/comments.ts";
import type { CommentStatus } from "../store/schema.ts";
import type { Output } from "./output.ts";

const STATUSES: readonly CommentStatus[] = ["pending", "approved", "rejected", "spam"];

export async function commentsList(
  app: App,
  out: Output,
  options: { status?: string; limit?: string; json?: boolean },
): Promise<number> {
  const status = statusFrom(options.status ?? "pending");
  const limit = limitFrom(options.limit);
  const rows = await listCommentsForModeration(app.db, { status, limit });
  if (options.json) {
    out.line(
      JSON.stringify(
        rows.map(({ client_hash: _, body_hash: __, ...row }) => row),
        null,
        2,
      ),
    );
    return 0;
  }
  if (rows.length === 0) {
    out.line(status ? `no ${status} comments` : "no comments");
    return 0;
  }
  for (const c of rows) {
    out.line(
      `#${c.id}  ${c.status}${c.status_reason ? ` (${c.status_reason})` : ""}  ${c.created_at}  on /analysis/${c.slug}${c.parent_id ? `  reply to #${c.parent_id}` : ""}`,
    );
    out.line(`    ${JSON.stringify(c.author_name)}: ${oneLine(c.body)}`);
  }
  return 0;
}

export async function commentsApprove(app: App, out: Output, ids: string[]): Promise<number> {
  for (const id of ids.map(idFrom)) {
    await moderateComment(app, id, "approved");
    out.line(`comment ${id} approved: it is shown on its page`);
  }
  return 0;
}

export async function commentsReject(
  app: App,
  out: Output,
  ids: string[],
  options: { spam?: boolean; reason?: string },
): Promise<number> {
  const status = options.spam ? "spam" : "rejected";
  for (const id of ids.map(idFrom)) {
    await moderateComment(app, id, status, options.reason ?? null);
    out.line(`comment ${id} marked ${status}: it is not shown`);
  }
  return 0;
}

function statusFrom(value: string): CommentStatus | undefined {
  if (value === "all") return undefined;
  if ((STATUSES as readonly string[]).includes(value)) return value as CommentStatus;
  throw new UserInputError(`--status must be one of ${STATUSES.join(", ")} or all, not ${JSON.stringify(value)}`);
}

export function limitFrom(value: string | undefined): number {
  if (value === undefined) return 50;
  if (!/^\d{1,4}$/.test(value) || Number(value) < 1)
    throw new UserInputError(`--limit must be a whole number from 1 to 9999`);
  return Number(value);
}

export function idFrom(value: string): number {
  if (!/^[1-9]\d{0,12}$/.test(value)) throw new UserInputError(`not an id: ${JSON.stringify(value)}`);
  return Number(value);
}

export function oneLine(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
