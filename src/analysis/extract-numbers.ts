/**
 * Numbers in running text, as values: "10,000", "10 000", "ten thousand" and "10k"-free prose
 * all give 10000; "1.7 billion" and "$1.7bn" give 1.7e9; "42%", "42 percent" and "42 per cent"
 * give 42 marked as a percentage. Used by the verifier (a claim's numbers must be in its cited
 * passages) and by the built-in engine (key facts). Pure; never throws on any input.
 */

export interface NumberMention {
  /** The characters as written, from the first digit or number word to the last unit word. */
  raw: string;
  value: number;
  /** Offset of `raw` in the text, and the offset just after it. */
  index: number;
  end: number;
  percent: boolean;
  /** Written in words ("two", "ten thousand"): idioms use these ("one of the"), so checks may skip them. */
  fromWords: boolean;
}

const SMALL: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
// Abbreviated scales after digits; "m" and "k" only after a currency sign, where they cannot be metres.
const SHORT_SCALES: Record<string, number> = { bn: 1e9, mn: 1e6, tn: 1e12, m: 1e6, k: 1e3 };

// Digits grouped by commas or (thin, no-break or plain) spaces in threes, or plain digits; an optional decimal part.
const DIGITS =
  /(?<![\p{L}\p{N}.,])([$€£¥₩]\s?)?(\d{1,3}(?:(?:,|[\u00a0\u202f\u2009 ])\d{3})+|\d+)(?:\.(\d+))?(?!\d)(?:[\s-]?(thousand|million|billion|trillion|bn|mn|tn|m|k)\b)?(\s?%|\s(?:percent|per cent)\b)?/giu;

const WORD = /[\p{L}]+(?:-[\p{L}]+)?/gu;

export function extractNumbers(text: string): NumberMention[] {
  const out: NumberMention[] = [];
  for (const m of text.matchAll(DIGITS)) {
    const [whole, currency, intPart = "", decimals, scaleWord, percentWord] = m;
    let value = Number(`${intPart.replace(/[^\d]/g, "")}${decimals ? `.${decimals}` : ""}`);
    let raw = whole;
    if (scaleWord) {
      const lower = scaleWord.toLowerCase();
      const factor =
        SCALES[lower] ??
        (lower === "m" || lower === "k" ? (currency ? SHORT_SCALES[lower] : undefined) : SHORT_SCALES[lower]);
      if (factor === undefined) {
        // "5 m" without a currency is five metres: keep the number, drop the unit from the mention.
        raw = whole.slice(0, whole.length - scaleWord.length - (percentWord?.length ?? 0)).trimEnd();
      } else {
        value *= factor;
      }
    }
    if (!Number.isFinite(value)) continue;
    const index = m.index ?? 0;
    const trimmed = raw.replace(/\s+$/u, "");
    out.push({
      raw: trimmed,
      value,
      index,
      end: index + trimmed.length,
      percent: Boolean(percentWord),
      fromWords: false,
    });
  }
  out.push(...numberWords(text, out));
  return out.sort((a, b) => a.index - b.index);
}

/** Runs of number words ("two hundred and fifty", "twenty-five", "a million"), skipping spans digits already cover. */
function numberWords(text: string, taken: NumberMention[]): NumberMention[] {
  const words = [...text.matchAll(WORD)].map((m) => ({ word: m[0], lower: m[0].toLowerCase(), index: m.index ?? 0 }));
  const out: NumberMention[] = [];
  let i = 0;
  while (i < words.length) {
    const start = i;
    let total = 0;
    let current = 0;
    let used = 0;
    let j = i;
    // "a million", "a hundred": the article counts as one only directly before a scale word.
    if (words[j]?.lower === "a" && words[j + 1] && SCALES[words[j + 1]!.lower] && words[j + 1]!.lower !== "hundred") {
      current = 1;
      j++;
    }
    for (; j < words.length; j++) {
      const w = words[j]!;
      const gap = text.slice(words[j - 1] ? words[j - 1]!.index + words[j - 1]!.word.length : w.index, w.index);
      if (j > start && !/^[\s-]*$/u.test(gap)) break;
      const parts = w.lower.split("-");
      if (parts.every((p) => p in SMALL)) {
        current += parts.reduce((sum, p) => sum + (SMALL[p] ?? 0), 0);
        used = j + 1;
      } else if (w.lower in SCALES && (used > 0 || current > 0)) {
        const scale = SCALES[w.lower] ?? 1;
        if (scale === 100) current = (current || 1) * 100;
        else {
          total += (current || 1) * scale;
          current = 0;
        }
        used = j + 1;
      } else if (
        w.lower === "and" &&
        used > 0 &&
        words[j + 1] &&
        words[j + 1]!.lower.split("-").every((p) => p in SMALL)
      ) {
      } else {
        break;
      }
    }
    if (used > start) {
      const first = words[start]!;
      const last = words[used - 1]!;
      const index = first.index;
      const end = last.index + last.word.length;
      const overlaps = taken.some((t) => t.index < end && index < t.end);
      let endWithPercent = end;
      let percent = false;
      const after = text.slice(end).match(/^\s(?:percent|per cent)\b/iu);
      if (after) {
        percent = true;
        endWithPercent = end + after[0].length;
      }
      if (!overlaps) {
        out.push({
          raw: text.slice(index, endWithPercent),
          value: total + current,
          index,
          end: endWithPercent,
          percent,
          fromWords: true,
        });
      }
      i = used;
    } else {
      i++;
    }
  }
  return out;
}

/** Two numbers are the same fact when their values agree to the precision writers round to. */
export function sameNumber(a: number, b: number): boolean {
  if (a === b) return true;
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return Math.abs(a - b) <= scale * 1e-9;
}
