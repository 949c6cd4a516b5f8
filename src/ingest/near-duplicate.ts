/**
 * Near-duplicate texts: the same wire story on several outlets, a press release run verbatim,
 * a copy trimmed at the end. In: article text; out: its word shingles, the MinHash LSH bands
 * that index it, and the share of one text's shingles found in another. Pure: the store keeps
 * the bands and extract-article decides what a match means. Never compares titles: outlets
 * rewrite headlines of the copies they run.
 */

/** Words per shingle. Four words rarely repeat by chance across independent reports. */
export const SHINGLE_WORDS = 4;
/** Below this many shingles a text (a one-line teaser) is too short to call a copy of anything. */
export const MIN_SHINGLES = 25;

// LSH: BANDS bands of ROWS MinHash values each. Two texts share a band with probability
// 1 - (1 - J^ROWS)^BANDS for Jaccard resemblance J: 0.99 at J=0.6, 0.93 at J=0.5, 0.42 at
// J=0.3 and about 0.00002 at J=0.01, so copies are found and unrelated texts almost never meet.
const BANDS = 20;
const ROWS = 3;

/** Hashes of the text's SHINGLE_WORDS-word shingles (lowercased letters and digits only). */
export function shingles(text: string): Set<number> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const out = new Set<number>();
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) {
    out.add(hashString(words.slice(i, i + SHINGLE_WORDS).join(" ")));
  }
  return out;
}

/**
 * The text's LSH band keys ("b07:1a2b3c4d"), or none when it has fewer than MIN_SHINGLES
 * shingles. Equal texts give equal keys on every machine: the hashes are fixed, not random.
 */
export function minhashBands(set: ReadonlySet<number>): string[] {
  if (set.size < MIN_SHINGLES) return [];
  const mins = new Uint32Array(BANDS * ROWS).fill(0xffffffff);
  for (const shingle of set) {
    for (let i = 0; i < mins.length; i++) {
      const value = mix(shingle ^ SEEDS[i]!);
      if (value < mins[i]!) mins[i] = value;
    }
  }
  const keys: string[] = [];
  for (let band = 0; band < BANDS; band++) {
    let h = 0x9e3779b9 ^ band;
    for (let row = 0; row < ROWS; row++) h = mix(h ^ mins[band * ROWS + row]!);
    keys.push(`b${String(band).padStart(2, "0")}:${h.toString(16).padStart(8, "0")}`);
  }
  return keys;
}

/** |A ∩ B| / min(|A|, |B|): how much of the shorter text the longer one contains (0 when either is empty). */
export function containment(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const x of small) if (large.has(x)) shared++;
  return shared / small.size;
}

/** FNV-1a over UTF-16 code units, finished with `mix` so similar strings spread apart. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix(h);
}

/** The 32-bit finaliser of MurmurHash3: a bijection that scrambles every input bit. */
function mix(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// One seed per MinHash function, from a fixed sequence (the golden-ratio increment).
const SEEDS = Array.from({ length: BANDS * ROWS }, (_, i) => mix(Math.imul(i + 1, 0x9e3779b9)));
