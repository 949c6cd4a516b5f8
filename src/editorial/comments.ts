/**
 * Accepting a reader's comment ("Thought"). In: the analysis id, what the form sent and the
 * client's address as the web edge saw it. Out: approved (shown at once), pending (held for a
 * moderator because it carries a link), or refused with a reason. A refused post is stored
 * nowhere, and the client's address is never stored: only a keyed hash of it, for the rate limit.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { Config } from "../config.ts";
import type { Clock } from "../lib/clock.ts";
import { countRecentCommentsByClient, insertComment } from "../store/comments.ts";
import type { Db } from "../store/db.ts";

export type CommentRefusal = "empty" | "too-long" | "too-fast" | "spam" | "name-invalid";

export interface CommentDeps {
  db: Db;
  clock: Clock;
  config: Pick<Config, "comments" | "secretKey">;
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
  | { ok: true; status: "approved" | "pending"; id: number }
  | { ok: false; error: CommentRefusal; message: string };

export const NAME_MAX_CHARS = 60;

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

  const now = deps.clock.now();
  const clientHash = hashClientKey(deps.config.secretKey ?? PROCESS_KEY, input.clientKey);
  if (comments.minIntervalSeconds > 0) {
    const since = new Date(now.getTime() - comments.minIntervalSeconds * 1000);
    if ((await countRecentCommentsByClient(deps.db, clientHash, since)) > 0) {
      return refuse("too-fast", `one post per ${comments.minIntervalSeconds} seconds`);
    }
  }

  // Links are how comment spam pays; a person reads those before anyone else sees them.
  const hasLink = LINK.test(text) || LINK.test(name);
  const status = hasLink ? "pending" : "approved";
  const id = await insertComment(
    deps.db,
    {
      analysisId: input.analysisId,
      parentId: input.parentId ?? null,
      authorName: name,
      body: text,
      status,
      statusReason: hasLink ? "contains a link" : null,
      clientHash,
    },
    now,
  );
  return { ok: true, status, id };
}

const LINK = /https?:\/\/|www\./i;

// Control characters and the invisible ones (zero-width space, direction overrides) that can
// disguise text; line feed and tab are kept here and dealt with by each cleaner.
const INVISIBLE = /[\p{Cc}\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/gu;

function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, (ch) => (ch === "\n" || ch === "\t" ? ch : ""));
}

/** One line: whitespace (line breaks included) collapsed, invisible controls removed. */
function cleanName(raw: string): string {
  return stripInvisible(raw.normalize("NFC")).replace(/\s+/g, " ").trim();
}

/** Plain text with its line breaks: CRLF folded, trailing spaces and runs of blank lines trimmed. */
function cleanText(raw: string): string {
  return stripInvisible(raw.normalize("NFC").replace(/\r\n?/g, "\n"))
    .replace(/\t/g, " ")
    .replace(/[ \u00A0]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export function hashClientKey(secret: string, clientKey: string): string {
  return createHmac("sha256", secret).update(`comment-client:${clientKey}`).digest("base64url");
}

function refuse(error: CommentRefusal, message: string): SubmitCommentResult {
  return { ok: false, error, message };
}
