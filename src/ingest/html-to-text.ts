/**
 * HTML (a feed's content, a summary, readability's output) to plain text. In: an HTML document
 * or fragment; out: paragraphs separated by one blank line, whitespace collapsed inside each.
 * Never keeps scripts, styles, navigation or form controls: they are not what the author wrote.
 */
import { parseHTML } from "linkedom";

const SKIP = new Set([
  "SCRIPT",
  "STYLE",
  "NAV",
  "NOSCRIPT",
  "TEMPLATE",
  "IFRAME",
  "SVG",
  "CANVAS",
  "FORM",
  "BUTTON",
  "SELECT",
  "TEXTAREA",
  "OBJECT",
  "EMBED",
  "HEAD",
]);

// Elements that start and end a paragraph of their own.
const BLOCK = new Set([
  "ADDRESS",
  "ARTICLE",
  "ASIDE",
  "BLOCKQUOTE",
  "BODY",
  "CAPTION",
  "DD",
  "DETAILS",
  "DIV",
  "DL",
  "DT",
  "FIGCAPTION",
  "FIGURE",
  "FOOTER",
  "H1",
  "H2",
  "H3",
  "H4",
  "H5",
  "H6",
  "HEADER",
  "HR",
  "LI",
  "MAIN",
  "OL",
  "P",
  "PRE",
  "SECTION",
  "SUMMARY",
  "TABLE",
  "TD",
  "TH",
  "TR",
  "UL",
]);

const PARAGRAPH = "\u0000";
const LINE = "\u0001";

interface DomNode {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  childNodes: ArrayLike<DomNode>;
}

export function htmlToText(html: string): string {
  if (!html.trim()) return "";
  // A fragment parsed on its own has no body; wrapping gives every input the same shape.
  const isDocument = /<html[\s>]/i.test(html) || /<body[\s>]/i.test(html);
  const { document } = parseHTML(isDocument ? html : `<!doctype html><html><body>${html}</body></html>`);
  const root = (document.body ?? document.documentElement) as unknown as DomNode | null;
  if (!root) return "";

  // Iterative, so that a page nested thousands of elements deep cannot exhaust the call stack.
  const out: string[] = [];
  const stack: Array<DomNode | string> = [root];
  while (stack.length > 0) {
    const node = stack.pop() as DomNode | string;
    if (typeof node === "string") {
      out.push(node);
      continue;
    }
    if (node.nodeType === 3) {
      out.push(node.nodeValue ?? "");
      continue;
    }
    if (node.nodeType !== 1) continue;
    const name = node.nodeName.toUpperCase();
    if (SKIP.has(name)) continue;
    if (name === "BR") {
      out.push(LINE);
      continue;
    }
    const block = BLOCK.has(name);
    if (block) out.push(PARAGRAPH);
    if (block) stack.push(PARAGRAPH);
    for (let i = node.childNodes.length - 1; i >= 0; i--) {
      const child = node.childNodes[i];
      if (child) stack.push(child);
    }
  }

  return out
    .join("")
    .split(PARAGRAPH)
    .map((paragraph) =>
      paragraph
        .split(LINE)
        .map((line) => line.replace(/\s+/g, " ").trim())
        .filter(Boolean)
        .join("\n"),
    )
    .filter(Boolean)
    .join("\n\n");
}
