/**
 * A forgiving second reading of a feed that the strict parser refused: unclosed tags, stray
 * markup inside titles, undeclared entities, a truncated end. In: the text; out: the raw fields
 * of the feed and its items (still markup where the feed had markup), or undefined when the
 * document is not RSS, RDF or Atom at all. It reads what a lenient XML tokenizer recovers and
 * never throws on input; parse-feed.ts turns the raw fields into a ParsedFeed.
 */
import { DOMParser } from "linkedom";

export interface LooseItem {
  id: string | null;
  /** RSS guid marked isPermaLink="false". */
  idIsNotLink: boolean;
  link: string | null;
  title: string | null;
  author: string | null;
  /** HTML (or text) as the feed gave it. */
  summary: string | null;
  content: string | null;
  /** True when `content` is plain text (Atom type="text"), not HTML. */
  contentIsText: boolean;
  date: string | null;
  language: string | null;
}

export interface LooseFeed {
  /** False when the document ends before its root element does (a dropped connection). */
  complete: boolean;
  title: string | null;
  link: string | null;
  language: string | null;
  ttl: string | null;
  items: LooseItem[];
}

interface Node {
  localName: string;
  tagName: string;
  textContent: string | null;
  innerHTML: string;
  children: ArrayLike<Node>;
  getAttribute(name: string): string | null;
}

export function readLooseFeed(text: string): LooseFeed | undefined {
  let root: Node | null;
  try {
    const document = new DOMParser().parseFromString(text, "text/xml") as unknown as { documentElement: Node | null };
    root = document.documentElement;
  } catch {
    return undefined;
  }
  if (!root) return undefined;
  const rootName = local(root);
  const feed =
    rootName === "feed"
      ? readAtom(root)
      : rootName === "rss" || rootName === "rdf" || rootName === "channel"
        ? readRss(root)
        : undefined;
  // A document cut off before its closing tag (a dropped connection) may have cut its last
  // item too, mid-link or mid-title: that item is left for the next, complete poll.
  if (!feed) return undefined;
  // The closing tag itself may lack its final ">": the content before it is whole.
  feed.complete = new RegExp(`</${escapeRegExp(root.tagName)}\\s*>?\\s*$`, "i").test(text.trimEnd());
  if (!feed.complete) feed.items.pop();
  return feed;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function readRss(root: Node): LooseFeed {
  const channel = local(root) === "channel" ? root : (child(root, "channel") ?? root);
  // RSS 1.0 puts items beside the channel, RSS 2.0 inside it, and a tag left open by mistake
  // can put them anywhere below: they are looked for in the whole document.
  const items = descendants(root, "item");
  return {
    complete: true,
    title: textOf(child(channel, "title")),
    link: firstText(channel, "link"),
    language: textOf(child(channel, "language")) ?? root.getAttribute("xml:lang"),
    ttl: textOf(child(channel, "ttl")),
    items: items.map((item) => {
      const guid = child(item, "guid");
      const content = children(item, "encoded")[0] ?? null;
      return {
        id: textOf(guid) ?? item.getAttribute("rdf:about"),
        idIsNotLink: guid?.getAttribute("isPermaLink")?.toLowerCase() === "false",
        link: firstText(item, "link"),
        title: markupOf(child(item, "title")),
        author: textOf(child(item, "author")) ?? textOf(child(item, "creator")),
        summary: markupOf(child(item, "description")),
        content: markupOf(content),
        contentIsText: false,
        date:
          textOf(child(item, "pubDate")) ??
          textOf(child(item, "date")) ??
          textOf(child(item, "issued")) ??
          textOf(child(item, "modified")),
        language: textOf(child(item, "language")) ?? item.getAttribute("xml:lang"),
      };
    }),
  };
}

function readAtom(root: Node): LooseFeed {
  return {
    complete: true,
    title: atomText(child(root, "title")),
    link: atomLink(root),
    language: root.getAttribute("xml:lang"),
    ttl: null,
    items: descendants(root, "entry").map((entry) => {
      const author = child(entry, "author");
      const content = child(entry, "content");
      const contentIsText = !content?.getAttribute("type") || content.getAttribute("type") === "text";
      return {
        id: textOf(child(entry, "id")),
        idIsNotLink: false,
        link: atomLink(entry),
        title: atomText(child(entry, "title")),
        author: textOf(child(author ?? entry, "name")) ?? textOf(child(author ?? entry, "email")),
        summary: atomText(child(entry, "summary")),
        content: content && !content.getAttribute("src") ? atomText(content) : null,
        contentIsText: contentIsText && content?.children.length === 0,
        date:
          textOf(child(entry, "published")) ??
          textOf(child(entry, "issued")) ??
          textOf(child(entry, "updated")) ??
          textOf(child(entry, "modified")),
        language: entry.getAttribute("xml:lang"),
      };
    }),
  };
}

function atomLink(node: Node): string | null {
  const links = children(node, "link").filter((l) => l.getAttribute("href"));
  const alternate = links.find((l) => !l.getAttribute("rel") || l.getAttribute("rel") === "alternate");
  return (alternate ?? links[0])?.getAttribute("href")?.trim() || null;
}

/** Atom text constructs: xhtml as its markup, html as the (already unescaped) markup, text as text. */
function atomText(node: Node | null): string | null {
  if (!node) return null;
  if (node.getAttribute("type") === "xhtml" || node.children.length > 0) return nonEmpty(node.innerHTML);
  return textOf(node);
}

/** An element's markup when it holds elements (markup written without escaping), else its text. */
function markupOf(node: Node | null): string | null {
  if (!node) return null;
  return node.children.length > 0 ? nonEmpty(node.innerHTML) : textOf(node);
}

/** The first such child with text: an RSS <link> may sit beside an empty <atom:link href="...">. */
function firstText(node: Node, name: string): string | null {
  for (const c of children(node, name)) {
    const text = textOf(c);
    if (text) return text;
  }
  return null;
}

function textOf(node: Node | null): string | null {
  return nonEmpty(node?.textContent);
}

function nonEmpty(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** The name without its namespace prefix, lowercased: feeds disagree on prefixes, not on names. */
function local(node: Node): string {
  const name = (node.localName || node.tagName || "").toLowerCase();
  return name.slice(name.indexOf(":") + 1);
}

function children(node: Node, name: string): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < node.children.length; i++) {
    const c = node.children[i]!;
    if (local(c) === name.toLowerCase()) out.push(c);
  }
  return out;
}

/** Elements of that name anywhere below `node`, in document order, not looking inside a match. */
function descendants(node: Node, name: string): Node[] {
  const out: Node[] = [];
  const stack: Node[] = [];
  for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (local(current) === name) {
      out.push(current);
      continue;
    }
    for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i]!);
  }
  return out;
}

function child(node: Node, name: string): Node | null {
  return children(node, name)[0] ?? null;
}
