/**
 * Accepting and moderating readers' comments ("Thoughts"). In: the analysis id, what the form
 * sent and the client's address as the web edge saw it. Out: approved (shown at once), pending
 * (held for a moderator because it carries a link), or refused with a reason. A refused post is
 * stored nowhere, and the client's address is never stored: only a keyed hash of it, for the
 * rate limits. Replies go one level deep: a reply to a reply joins the thread of its top-level
 * comment. Moderation (approve, reject, spam) marks the site changed, so every serving process
 * drops the cached page.
 */
import { createHash, createHmac, randomBytes } from "node:crypto";
import type { Config } from "../config.ts";
import type { Clock } from "../lib/clock.ts";
import { NotFoundError, UserInputError } from "../lib/errors.ts";
import {
  countRecentCommentsByClient,
  countRecentCommentsOnAnalysis,
  findComment,
  findDuplicateComment,
  insertComment,
  markCommentStatus,
} from "../store/comments.ts";
import type { Db } from "../store/db.ts";
import type { CommentRow, CommentStatus } from "../store/schema.ts";
import { markSiteChanged } from "../store/site-state.ts";

export type CommentRefusal =
  | "empty"
  | "too-long"
  | "too-fast"
  | "too-many"
  | "page-busy"
  | "duplicate"
  | "reply-invalid"
  | "spam"
  | "name-invalid";

export interface CommentDeps {
  db: Db;
  clock: Clock;
  config: {
    comments: Pick<Config["comments"], "maxChars" | "minIntervalSeconds"> &
      Partial<Pick<Config["comments"], "maxPerHour" | "pageMaxPerHour">>;
    secretKey: string | undefined;
  };
}

export interface CommentSubmission {
  analysisId: number;
  name: string;
  text: string;
  /** The form field humans never see; anything in it means a bot filled the form. */
  honeypot: string;
  /** The client's address (or another stable key for the poster); hashed before use. */
  clientKey: string;
  parentId?: number | null;
}

export type SubmitCommentResult =
  | { ok: true; status: "approved" | "pending"; id: number; parentId: number | null }
  | { ok: false; error: CommentRefusal; message: string };

export const NAME_MAX_CHARS = 60;
const HOUR_MS = 3_600_000;
/** The same text from the same client within this window counts as a repeat anywhere on the site. */
const DUPLICATE_WINDOW_MS = 24 * HOUR_MS;

// Without a configured secret the hashes only need to agree within one process's lifetime.
const PROCESS_KEY = randomBytes(32).toString("hex");

export async function submitComment(deps: CommentDeps, input: CommentSubmission): Promise<SubmitCommentResult> {
  const { comments } = deps.config;
  if (input.honeypot.trim() !== "") {
    return refuse("spam", "the hidden field was filled in, as bots do");
  }
  const name = cleanName(input.name);
  const nameLength = [...name].length;
  if (nameLength < 1 || nameLength > NAME_MAX_CHARS) {
    return refuse("name-invalid", `a name needs 1 to ${NAME_MAX_CHARS} characters`);
  }
  const text = cleanText(input.text);
  if (text === "") return refuse("empty", "the text is empty");
  if ([...text].length > comments.maxChars) {
    return refuse("too-long", `the text is longer than ${comments.maxChars} characters`);
  }

  let parentId: number | null = null;
  if (input.parentId !== undefined && input.parentId !== null) {
    const parent = await findComment(deps.db, input.parentId);
    if (!parent || parent.analysis_id !== input.analysisId || parent.status !== "approved") {
      return refuse("reply-invalid", "the comment replied to is not shown on this page");
    }
    // One level deep: a reply to a reply belongs to the thread of its top-level comment.
    parentId = parent.parent_id ?? parent.id;
  }

  const now = deps.clock.now();
  const clientHash = hashClientKey(deps.config.secretKey ?? PROCESS_KEY, input.clientKey);
  if (comments.minIntervalSeconds > 0) {
    const since = new Date(now.getTime() - comments.minIntervalSeconds * 1000);
    if ((await countRecentCommentsByClient(deps.db, clientHash, since)) > 0) {
      return refuse("too-fast", `one post per ${comments.minIntervalSeconds} seconds`);
    }
  }
  const hourAgo = new Date(now.getTime() - HOUR_MS);
  if (comments.maxPerHour !== undefined) {
    if ((await countRecentCommentsByClient(deps.db, clientHash, hourAgo)) >= comments.maxPerHour) {
      return refuse("too-many", `at most ${comments.maxPerHour} posts an hour from one address`);
    }
  }
  if (comments.pageMaxPerHour !== undefined) {
    if ((await countRecentCommentsOnAnalysis(deps.db, input.analysisId, hourAgo)) >= comments.pageMaxPerHour) {
      return refuse("page-busy", `at most ${comments.pageMaxPerHour} posts an hour on one page`);
    }
  }
  const bodyHash = hashBody(text);
  const duplicate = await findDuplicateComment(deps.db, {
    analysisId: input.analysisId,
    clientHash,
    bodyHash,
    since: new Date(now.getTime() - DUPLICATE_WINDOW_MS),
  });
  if (duplicate) return refuse("duplicate", `the same text was already posted (comment ${duplicate.id})`);

  // Links are how comment spam pays; a person reads those before anyone else sees them.
  const hasLink = LINK.test(text) || LINK.test(name);
  const status = hasLink ? "pending" : "approved";
  const id = await insertComment(
    deps.db,
    {
      analysisId: input.analysisId,
      parentId,
      authorName: name,
      body: text,
      status,
      statusReason: hasLink ? "contains a link" : null,
      clientHash,
      bodyHash,
    },
    now,
  );
  if (status === "approved") await markSiteChanged(deps.db, now.toISOString());
  return { ok: true, status, id, parentId };
}

export interface ModerationDeps {
  db: Db;
  clock: Clock;
}

/** Sets a comment's state; approving shows it, rejecting or marking spam hides it. */
export async function moderateComment(
  deps: ModerationDeps,
  id: number,
  status: Exclude<CommentStatus, "pending">,
  reason: string | null = null,
): Promise<CommentRow> {
  const comment = await findComment(deps.db, id);
  if (!comment) throw new NotFoundError(`comment ${id} not found`);
  if (status === "approved" && comment.parent_id !== null) {
    const parent = await findComment(deps.db, comment.parent_id);
    if (parent?.status !== "approved") {
      throw new UserInputError(`comment ${id} replies to comment ${comment.parent_id}, which is not approved`);
    }
  }
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await markCommentStatus(trx, id, status, reason ?? (status === "approved" ? null : `marked ${status}`));
    await markSiteChanged(trx, now);
  });
  return { ...comment, status };
}

const LINK = /https?:\/\/|www\./i;

// Control characters and the invisible ones (zero-width space, direction overrides) that can
// disguise text; line feed and tab are kept here and dealt with by each cleaner.
const INVISIBLE = /[\p{Cc}\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/gu;

function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, (ch) => (ch === "\n" || ch === "\t" ? ch : ""));
}

/** One line: whitespace (line breaks included) collapsed, invisible controls removed. */
export function cleanName(raw: string): string {
  return stripInvisible(raw.normalize("NFC")).replace(/\s+/g, " ").trim();
}

/** Plain text with its line breaks: CRLF folded, trailing spaces and runs of blank lines trimmed. */
export function cleanText(raw: string): string {
  return stripInvisible(raw.normalize("NFC").replace(/\r\n?/g, "\n"))
    .replace(/\t/g, " ")
    .replace(/[ \u00A0]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Case and spacing do not make a repeat a new comment. */
function hashBody(text: string): string {
  const normalized = text.toLowerCase().replace(/\s+/g, " ").trim();
  return createHash("sha256").update(normalized).digest("base64url").slice(0, 32);
}

export function hashClientKey(secret: string, clientKey: string): string {
  return createHmac("sha256", secret).update(`comment-client:${clientKey}`).digest("base64url");
}

function refuse(error: CommentRefusal, message: string): SubmitCommentResult {
  return { ok: false, error, message };
}
