/**
 * feedparser's test files carry their expectation as a Python expression in a comment
 * ("Expect: not bozo and entries[0]['title'] == u'Caf\xe9'"). This evaluates the simple forms
 * that name a field PRISM has: conjunctions of `path == literal` and `len(entries) == n`.
 *
 * Mapping (feedparser -> ParsedFeed): feed title -> title, link -> homepage, language -> language
 * (primary subtag); entry title, link, id, author, language; summary/description -> summary (or
 * the content's text when there is no summary, as feedparser does); content[0].value ->
 * contentHtml; published/updated_parsed -> publishedAt (UTC, to the second). Titles, summaries
 * and content are compared as text, markup removed and whitespace collapsed, because text is
 * what PRISM keeps. `bozo` (feedparser's own well-formedness flag) is not a field of ours and is
 * left out; an expectation with any other clause is "not mapped".
 */
import { htmlToText } from "../../src/ingest/html-to-text.ts";
import type { ParsedFeed, ParsedItem } from "../../src/ingest/parse-feed.ts";

export type Literal = string | number | null | boolean | Literal[];

interface Clause {
  kind: "compare";
  path: Array<string | number>;
  value: Literal;
}

export type Evaluation = { mapped: false; reason: string } | { mapped: true; pass: boolean; failed: string[] };

/** The expectation of a feedparser test file, or undefined when it has none. */
export function readExpectation(text: string): string | undefined {
  const match = text.match(/Expect:\s*([\s\S]*?)(?:\n\s*(?:[A-Z][a-zA-Z]+:|-->)|-->)/);
  return match?.[1]?.replace(/\s+/g, " ").trim();
}

/** The Content-Type feedparser's harness would send, from "Header: Content-type: ..." lines. */
export function readContentType(text: string): string | null {
  const match = text.match(/^Header:\s*Content-type:\s*(.+)$/im);
  return match?.[1]?.trim() ?? null;
}

/** The Content-Location header, which feedparser uses as the base of relative links. */
export function readContentLocation(text: string): string | null {
  return text.match(/^Header:\s*Content-Location:\s*(\S+)/im)?.[1] ?? null;
}

export function evaluate(expression: string, feed: ParsedFeed | undefined): Evaluation {
  const clauses: Clause[] = [];
  for (const part of splitTopLevel(expression, " and ")) {
    const clause = part
      .trim()
      .replace(/^\((.*)\)$/, "$1")
      .trim();
    if (clause === "bozo" || clause === "not bozo") continue;
    const length = clause.match(/^len\(entries\)\s*==\s*(\d+)$/);
    if (length) {
      clauses.push({ kind: "compare", path: ["#entries"], value: Number(length[1]) });
      continue;
    }
    const sides = splitTopLevel(clause, " == ");
    if (sides.length !== 2) return { mapped: false, reason: `unsupported clause: ${clause}` };
    const path = parsePath(sides[0]!.trim());
    if (!path || !mapsToOurs(path)) return { mapped: false, reason: `no field of ours: ${sides[0]}` };
    let value: Literal;
    try {
      value = parseLiteral(sides[1]!.trim());
    } catch {
      return { mapped: false, reason: `unsupported literal: ${sides[1]}` };
    }
    clauses.push({ kind: "compare", path, value });
  }
  if (clauses.length === 0) return { mapped: false, reason: "only bozo" };
  if (!feed) return { mapped: true, pass: false, failed: ["the feed was refused"] };
  const failed = clauses
    .filter((c) => !holds(c, feed))
    .map((c) => `${c.path.join(".")} == ${JSON.stringify(c.value)} (ours: ${JSON.stringify(actual(c.path, feed))})`);
  return { mapped: true, pass: failed.length === 0, failed };
}

const FEED_FIELDS = new Set(["title", "title_detail.value", "link", "language"]);
const ENTRY_FIELDS = new Set([
  "title",
  "title_detail.value",
  "link",
  "id",
  "author",
  "language",
  "summary",
  "description",
  "summary_detail.value",
  "content.0.value",
  "published_parsed",
  "updated_parsed",
]);

function mapsToOurs(path: Array<string | number>): boolean {
  if (path[0] === "#entries") return true;
  if (path[0] === "feed") return FEED_FIELDS.has(path.slice(1).join("."));
  if (path[0] === "entries" && typeof path[1] === "number") return ENTRY_FIELDS.has(path.slice(2).join("."));
  return false;
}

function actual(path: Array<string | number>, feed: ParsedFeed): unknown {
  if (path[0] === "#entries") return feed.items.length;
  if (path[0] === "feed") return { title: feed.title, homepage: feed.homepage, language: feed.language };
  return feed.items[path[1] as number];
}

function holds(clause: Clause, feed: ParsedFeed): boolean {
  const { path, value } = clause;
  if (path[0] === "#entries") return feed.items.length === value;
  if (path[0] === "feed") {
    const field = path.slice(1).join(".");
    if (field === "link") return sameUrl(feed.homepage, value);
    if (field === "language") return primary(value) === (feed.language ?? "");
    return sameText(feed.title, value);
  }
  const item = feed.items[path[1] as number];
  const field = path.slice(2).join(".");
  if (!item) return value === "" || value === null;
  return entryHolds(item, field, value);
}

function entryHolds(item: ParsedItem, field: string, value: Literal): boolean {
  switch (field) {
    case "title":
    case "title_detail.value":
      return sameText(item.title, value);
    case "link":
      return sameUrl(item.url, value);
    case "id":
      return item.guid === value || (value === "" && item.guid.startsWith("sha256:"));
    case "author":
      return sameText(item.author, value);
    case "language":
      return primary(value) === (item.language ?? "");
    case "content.0.value":
      return sameText(htmlText(item.contentHtml), value);
    case "published_parsed":
    case "updated_parsed":
      return sameTime(item.publishedAt, value);
    default:
      // summary, description, summary_detail.value
      return sameText(item.summary ?? htmlText(item.contentHtml), value);
  }
}

/** `ours` is plain text already (PRISM's titles, summaries, authors); `expected` may be markup. */
function sameText(ours: string | null, expected: Literal): boolean {
  if (typeof expected !== "string" && expected !== null) return false;
  return (ours ?? "").replace(/\s+/g, " ").trim() === toText(expected);
}

function htmlText(html: string | null): string | null {
  return html ? htmlToText(html) : null;
}

function toText(value: string | null): string {
  if (!value) return "";
  const text = /<[a-z!/][^>]*>|&[a-z#0-9]+;/i.test(value) ? htmlToText(value) : value;
  return text.replace(/\s+/g, " ").trim();
}

/** Equal as URLs: "http://example.org" and "http://example.org/" name the same resource. */
function sameUrl(ours: string | null, expected: Literal): boolean {
  if (typeof expected !== "string" || !expected) return !ours && !expected;
  if (ours === expected) return true;
  try {
    return new URL(expected).href === ours;
  } catch {
    return false;
  }
}

function primary(value: Literal): string {
  return typeof value === "string" ? (value.toLowerCase().split(/[-_]/)[0] ?? "") : "";
}

function sameTime(ours: string | null, expected: Literal): boolean {
  if (!Array.isArray(expected)) return ours === null && expected === null;
  if (!ours) return false;
  const d = new Date(ours);
  const actual = [
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  ];
  return actual.every((n, i) => n === expected[i]);
}

/** feed['a']['b'], entries[0]['c'][0]['d'], feed.a, entries[0].get('x') -> path parts. */
function parsePath(text: string): Array<string | number> | undefined {
  const head = text.match(/^(feed|entries)/);
  if (!head) return undefined;
  const path: Array<string | number> = [head[1]!];
  let rest = text.slice(head[1]!.length);
  while (rest.length > 0) {
    const m =
      rest.match(/^\[\s*(\d+)\s*\]/) ??
      rest.match(/^\[\s*u?'([^']*)'\s*\]/) ??
      rest.match(/^\[\s*u?"([^"]*)"\s*\]/) ??
      rest.match(/^\.([a-z_]+)(?!\()/i);
    if (!m) return undefined;
    path.push(/^\d+$/.test(m[1]!) && m[0].startsWith("[") && !m[0].includes("'") ? Number(m[1]) : m[1]!);
    rest = rest.slice(m[0].length);
  }
  return path;
}

/** Python literals: strings (u/r prefixes, escapes, + concatenation), numbers, None, True/False, tuples. */
export function parseLiteral(text: string): Literal {
  const parts = splitTopLevel(text, "+");
  if (parts.length > 1) return parts.map((p) => parseLiteral(p.trim())).join("");
  if (text === "None") return null;
  if (text === "True") return true;
  if (text === "False") return false;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (/^[([]/.test(text)) {
    const inner = text.slice(1, -1).trim();
    if (!inner) return [];
    return splitTopLevel(inner, ",")
      .map((p) => p.trim())
      .filter(Boolean)
      .map(parseLiteral);
  }
  const str = text.match(/^([uUrRbB]*)(['"])([\s\S]*)\2$/);
  if (!str) throw new Error(`not a literal: ${text}`);
  return /r/i.test(str[1]!) ? str[3]! : unescapePython(str[3]!);
}

function unescapePython(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|.)/g, (_, e: string) => {
    const c = e[0]!;
    if (c === "x" || c === "u" || c === "U") return String.fromCodePoint(Number.parseInt(e.slice(1), 16));
    if (/[0-7]/.test(c)) return String.fromCharCode(Number.parseInt(e, 8));
    return (
      (
        { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", v: "\v" } as Record<
          string,
          string
        >
      )[c] ?? `\\${e}`
    );
  });
}

/** Splits at `separator` outside quotes and brackets. */
function splitTopLevel(text: string, separator: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (depth === 0 && text.startsWith(separator, i)) {
      out.push(text.slice(start, i));
      start = i + separator.length;
      i += separator.length - 1;
    }
  }
  out.push(text.slice(start));
  return out;
}
