/**
 * The opaque keyset cursor of listings: base64url of "<publishedAt>|<id>" of the last item
 * shown. Clients pass it back unchanged; anything that does not decode is rejected, not guessed.
 */
export interface Cursor {
  publishedAt: string;
  id: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.publishedAt}|${c.id}`, "utf8").toString("base64url");
}

export function decodeCursor(value: string): Cursor | undefined {
  if (value.length > 200 || !/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  const text = Buffer.from(value, "base64url").toString("utf8");
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z)\|([1-9]\d{0,14})$/.exec(text);
  if (!m?.[1] || !m[2] || Number.isNaN(Date.parse(m[1]))) return undefined;
  return { publishedAt: m[1], id: Number(m[2]) };
}
