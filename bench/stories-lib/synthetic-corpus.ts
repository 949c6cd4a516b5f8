/**
 * A generated news stream for the scale benchmark: events with their own vocabulary and names,
 * reported by outlets over hours to days, spread over weeks so the time window matters, with
 * realistic lengths (a headline of 8-14 words, a body of 150-900 words, most of it the common
 * vocabulary of news) and a share of syndicated copies (near-duplicates of an earlier article
 * on another outlet, marked duplicate_of as ingest would).
 *
 * Deterministic: the same seed and size give the same articles in the same order (published
 * order). Generated lazily, a batch at a time, so a 100k corpus never sits in memory.
 */

export interface SyntheticArticle {
  event: number;
  outlet: string;
  title: string;
  text: string;
  publishedAt: string;
  /** Index of the earlier article this one copies. */
  duplicateOf?: number;
}

export interface SyntheticOptions {
  articles: number;
  seed?: number;
  /** Articles a day: the stream spans articles / perDay days (events start uniformly inside it). */
  perDay?: number;
  start?: string;
}

const OUTLETS = 60;
const GENERAL_VOCABULARY = 30_000;
const SYLLABLES =
  "ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu za ze zi zo zu".split(
    " ",
  );

/** mulberry32: a small, fast, seedable generator; good enough to draw a corpus. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function word(n: number, syllables: number): string {
  let s = "";
  let x = n;
  for (let i = 0; i < syllables; i++) {
    s += SYLLABLES[x % SYLLABLES.length];
    x = Math.floor(x / SYLLABLES.length) + 7 * (i + 1);
  }
  return s;
}

function capitalise(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1);
}

interface EventPlan {
  id: number;
  start: number;
  /** Hours over which its articles appear. */
  spanHours: number;
  size: number;
  vocabulary: string[];
  names: string[];
}

/** Zipf-like rank in [0, n): small ranks are much more likely. */
function zipf(rnd: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(Math.exp(rnd() * Math.log(n + 1)) - 1));
}

/** The corpus, in published order, in batches of `batch` articles. */
export function* syntheticCorpus(options: SyntheticOptions, batch = 1000): Generator<SyntheticArticle[]> {
  const rnd = random(options.seed ?? 20261130);
  // A constant rate, so every size has the same number of stories in the window: only the
  // store's size differs between runs.
  const days = options.articles / (options.perDay ?? 1000);
  const start = Date.parse(options.start ?? "2026-09-01T00:00:00.000Z");
  const general = Array.from({ length: GENERAL_VOCABULARY }, (_, i) => word(i * 2654435761, 2 + (i % 3)));

  // Event sizes are heavy-tailed: most events get a few articles, a few get dozens.
  const events: EventPlan[] = [];
  let planned = 0;
  while (planned < options.articles) {
    const id = events.length;
    const size = Math.min(options.articles - planned, 1 + Math.floor(-Math.log(1 - rnd() * 0.999) * 6));
    const vocabulary = Array.from(
      { length: 25 + Math.floor(rnd() * 25) },
      () => general[Math.floor(rnd() * general.length)]!,
    );
    const names = Array.from({ length: 2 + Math.floor(rnd() * 4) }, (_, k) =>
      k % 2 === 0
        ? `${capitalise(word(Math.floor(rnd() * 1e9), 2))} ${capitalise(word(Math.floor(rnd() * 1e9), 3))}`
        : capitalise(word(Math.floor(rnd() * 1e9), 3)),
    );
    events.push({ id, start: start + rnd() * days * 86_400_000, spanHours: 2 + rnd() * 70, size, vocabulary, names });
    planned += size;
  }

  // Every article's time, then published order; the text is drawn only when its batch is due.
  const slots: Array<{ event: number; at: number; k: number }> = [];
  for (const e of events) {
    for (let k = 0; k < e.size; k++) slots.push({ event: e.id, at: e.start + rnd() ** 2 * e.spanHours * 3_600_000, k });
  }
  slots.sort((a, b) => a.at - b.at || a.event - b.event || a.k - b.k);

  const firstOfEvent = new Map<number, { index: number; outlet: number }>();
  for (let i = 0; i < slots.length; i += batch) {
    const out: SyntheticArticle[] = [];
    for (let j = i; j < Math.min(slots.length, i + batch); j++) {
      const slot = slots[j]!;
      const e = events[slot.event]!;
      const outlet = Math.floor(rnd() * OUTLETS);
      const first = firstOfEvent.get(e.id);
      const publishedAt = new Date(slot.at).toISOString();
      if (first && first.outlet !== outlet && rnd() < 0.05) {
        // A syndicated copy: the first article's text with a new headline prefix and the copy link.
        out.push({
          event: e.id,
          outlet: `Outlet ${outlet}`,
          title: `${capitalise(pick(rnd, general, 200))}: ${e.names[0]} ${pick(rnd, e.vocabulary)} ${pick(rnd, e.vocabulary)}`,
          text: `Syndicated. ${articleText(rnd, e, general, 1)}`,
          publishedAt,
          duplicateOf: first.index,
        });
        continue;
      }
      if (!first) firstOfEvent.set(e.id, { index: j, outlet });
      out.push({
        event: e.id,
        outlet: `Outlet ${outlet}`,
        title: titleFor(rnd, e, general),
        text: articleText(rnd, e, general, 150 + Math.floor(rnd() * 750)),
        publishedAt,
      });
    }
    yield out;
  }
}

function pick(rnd: () => number, list: readonly string[], limit = list.length): string {
  return list[Math.floor(rnd() * Math.min(limit, list.length))]!;
}

function titleFor(rnd: () => number, e: EventPlan, general: readonly string[]): string {
  const words = [pick(rnd, e.names)];
  const n = 7 + Math.floor(rnd() * 7);
  while (words.length < n) words.push(rnd() < 0.55 ? pick(rnd, e.vocabulary) : general[zipf(rnd, general.length)]!);
  return capitalise(words.join(" "));
}

/** Sentences of 8-25 words: about a quarter event words, a few names, the rest common words. */
function articleText(rnd: () => number, e: EventPlan, general: readonly string[], words: number): string {
  const sentences: string[] = [];
  let written = 0;
  while (written < words) {
    const length = 8 + Math.floor(rnd() * 18);
    const parts: string[] = [];
    for (let k = 0; k < length; k++) {
      const r = rnd();
      if (r < 0.06) parts.push(pick(rnd, e.names));
      else if (r < 0.3) parts.push(pick(rnd, e.vocabulary));
      else parts.push(general[zipf(rnd, general.length)]!);
    }
    parts[0] = capitalise(parts[0]!);
    sentences.push(`${parts.join(" ")}.`);
    written += length;
  }
  return sentences.join(" ");
}
