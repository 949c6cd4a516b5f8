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

const dayFormatters = new Map<string, Intl.DateTimeFormat>();
const monthFormatters = new Map<string, Intl.DateTimeFormat>();

/** "26 November 2026" for a "YYYY-MM-DD" UTC day, in the table's locale. */
export function formatDay(day: string, strings: Strings): string {
  let f = dayFormatters.get(strings.dateLocale);
  if (!f) {
    f = new Intl.DateTimeFormat(strings.dateLocale, {
      timeZone: "UTC",
      year: "numeric",
      month: "long",
      day: "numeric",
    });
    dayFormatters.set(strings.dateLocale, f);
  }
  return f.format(new Date(`${day}T00:00:00.000Z`));
}

/** "November 2026" for a "YYYY-MM" UTC month, in the table's locale. */
export function formatMonth(month: string, strings: Strings): string {
  let f = monthFormatters.get(strings.dateLocale);
  if (!f) {
    f = new Intl.DateTimeFormat(strings.dateLocale, { timeZone: "UTC", year: "numeric", month: "long" });
    monthFormatters.set(strings.dateLocale, f);
  }
  return f.format(new Date(`${month}-01T00:00:00.000Z`));
}
