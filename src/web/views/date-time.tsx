/**
 * Times as readers see them: a readable UTC date inside <time datetime> with the exact instant,
 * so the page is the same for every reader and cacheable, and machines still get ISO-8601.
 */
import type { Strings } from "./strings.ts";

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "27 Nov 2026, 10:05 UTC" (in the table's locale); the input is an ISO-8601 string. */
export function formatUtc(iso: string, strings: Strings): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let f = formatters.get(strings.dateLocale);
  if (!f) {
    f = new Intl.DateTimeFormat(strings.dateLocale, {
      timeZone: "UTC",
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(strings.dateLocale, f);
  }
  return `${f.format(date)} ${strings.utc}`;
}

export function DateTime(props: { iso: string; strings: Strings }) {
  return <time datetime={props.iso}>{formatUtc(props.iso, props.strings)}</time>;
}
