/**
 * Calendar dates in running text: "August 14, 2024", "14 August 2024", "Aug. 14", "August 2024",
 * "2024-08-14" and Korean "2024년 8월 14일". A mention has a month and at least a day or a year;
 * a bare month ("in August") or a weekday says too little to check or to place on a timeline.
 * Pure; never throws on any input.
 */

export interface DateMention {
  raw: string;
  index: number;
  end: number;
  /** 1-12. */
  month: number;
  day?: number;
  year?: number;
}

/** English month and day names, lowercase: dates to the date check, never names or content words. */
export const MONTH_NAMES = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
] as const;
export const MONTH_ABBREVIATIONS = [
  "jan",
  "feb",
  "mar",
  "apr",
  "jun",
  "jul",
  "aug",
  "sep",
  "sept",
  "oct",
  "nov",
  "dec",
];
export const DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;

const MONTHS: Record<string, number> = {
  ...Object.fromEntries(MONTH_NAMES.map((name, i) => [name, i + 1])),
  ...Object.fromEntries(
    MONTH_ABBREVIATIONS.map((abbr) => [abbr, MONTH_NAMES.findIndex((m) => m.startsWith(abbr)) + 1]),
  ),
};

// Month names must be capitalised: "may" and "march" are also verbs.
const MONTH =
  "(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?";
const DAY = "(\\d{1,2})(?:st|nd|rd|th)?(?!\\d)";
const YEAR = "(\\d{4})(?!\\d)";

const PATTERNS: { re: RegExp; parts: ("month" | "day" | "year")[] }[] = [
  { re: new RegExp(`\\b${MONTH}\\s${DAY}(?:,?\\s${YEAR})?`, "gu"), parts: ["month", "day", "year"] },
  { re: new RegExp(`\\b${DAY}\\s(?:of\\s)?${MONTH}(?:,?\\s${YEAR})?`, "gu"), parts: ["day", "month", "year"] },
  { re: new RegExp(`\\b${MONTH},?\\s${YEAR}`, "gu"), parts: ["month", "year"] },
  { re: /\b(\d{4})-(\d{2})-(\d{2})\b/gu, parts: ["year", "month", "day"] },
  { re: /(\d{4})년\s*(\d{1,2})월(?:\s*(\d{1,2})일)?/gu, parts: ["year", "month", "day"] },
  { re: /(?<!\d)(\d{1,2})월\s*(\d{1,2})일/gu, parts: ["month", "day"] },
];

export function extractDates(text: string): DateMention[] {
  const found: DateMention[] = [];
  for (const { re, parts } of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const mention: DateMention = { raw: m[0], index: m.index ?? 0, end: (m.index ?? 0) + m[0].length, month: 0 };
      parts.forEach((part, i) => {
        const value = m[i + 1];
        if (value === undefined) return;
        if (part === "month") mention.month = /^\d+$/.test(value) ? Number(value) : (MONTHS[value.toLowerCase()] ?? 0);
        else if (part === "day") mention.day = Number(value);
        else mention.year = Number(value);
      });
      if (mention.month < 1 || mention.month > 12) continue;
      if (mention.day !== undefined && (mention.day < 1 || mention.day > 31)) continue;
      if (mention.year !== undefined && (mention.year < 1000 || mention.year > 2999)) continue;
      found.push(mention);
    }
  }
  // Overlapping matches: the longest wins ("August 14, 2024" over "August 2024"-less readings).
  found.sort((a, b) => a.index - b.index || b.end - b.index - (a.end - a.index));
  const out: DateMention[] = [];
  for (const d of found) {
    const last = out.at(-1);
    if (last && d.index < last.end) continue;
    out.push(d);
  }
  return out;
}

/**
 * ISO form of a mention: YYYY-MM-DD, or YYYY-MM without a day. A day and month without a year
 * take the year that puts them nearest before `reference` (the article's publication time), allowing
 * two months ahead for announced dates. Undefined when there is neither year nor reference.
 */
export function isoDate(d: DateMention, reference?: Date): string | undefined {
  let year = d.year;
  if (year === undefined) {
    if (!reference || d.day === undefined) return undefined;
    year = reference.getUTCFullYear();
    const candidate = Date.UTC(year, d.month - 1, d.day);
    if (candidate > reference.getTime() + 61 * 86_400_000) year -= 1;
  }
  const mm = String(d.month).padStart(2, "0");
  if (d.day === undefined) return `${year}-${mm}`;
  return `${year}-${mm}-${String(d.day).padStart(2, "0")}`;
}
