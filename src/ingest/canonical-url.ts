/**
 * One spelling per article URL, so that the same story reached through a newsletter link, a
 * social share or a feed is recognised as the same article. In: a URL (maybe relative, with a
 * base); out: an absolute http(s) URL or undefined. Never changes the path: servers may treat
 * case and trailing slashes in paths as meaningful.
 */

// Parameters added by campaign and click trackers; they never select different content.
const TRACKING_PARAMS = new Set([
  "fbclid",
  "gclid",
  "dclid",
  "gbraid",
  "wbraid",
  "msclkid",
  "yclid",
  "twclid",
  "igshid",
  "mc_cid",
  "mc_eid",
  "_ga",
  "_gl",
  "_hsenc",
  "_hsmi",
  "mkt_tok",
  "oly_anon_id",
  "oly_enc_id",
  "vero_id",
  "ref",
  "ref_src",
  "ref_url",
  "cmpid",
  "ncid",
  "at_medium",
  "at_campaign",
  "sr_share",
  "smid",
]);

function isTracking(name: string): boolean {
  const key = name.toLowerCase();
  return key.startsWith("utm_") || TRACKING_PARAMS.has(key);
}

export function canonicalUrl(url: string, base?: string): string | undefined {
  const raw = url.trim();
  if (!raw) return undefined;
  let parsed: URL;
  try {
    parsed = base ? new URL(raw, base) : new URL(raw);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return undefined;
  if (!parsed.hostname) return undefined;
  // A URL with credentials is a private link, not an article address.
  if (parsed.username || parsed.password) return undefined;

  parsed.hash = "";
  // WHATWG URL already lowercases the host, drops default ports and resolves dot segments;
  // a trailing dot on the host names the same host.
  if (parsed.hostname.endsWith(".")) parsed.hostname = parsed.hostname.replace(/\.+$/, "");

  const kept = [...parsed.searchParams.entries()].filter(([name]) => !isTracking(name));
  // Sorting by name, then value, gives two links to the same page one spelling whatever their order.
  kept.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  parsed.search = "";
  for (const [name, value] of kept) parsed.searchParams.append(name, value);

  return parsed.toString();
}
