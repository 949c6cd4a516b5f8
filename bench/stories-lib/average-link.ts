/**
 * The baseline of the stories benchmark: TF-IDF vectors over the whole corpus, cosine
 * similarity, and average-link agglomerative clustering (UPGMA). It sees every document at once
 * and is scored at its best threshold, two advantages the incremental clusterer does not have.
 *
 * The dendrogram is built once with the nearest-neighbour chain algorithm (O(n^2) time and
 * memory; average link is reducible, so the chain finds the same merges as the textbook
 * method), then cut at any threshold by replaying the merges at or above it.
 */
import { tokenize } from "../../src/lib/text.ts";

export interface Merge {
  a: number;
  b: number;
  similarity: number;
}

/** Unit TF-IDF vectors (sublinear tf, smoothed idf), one per text, as sorted sparse arrays. */
export function tfidfVectors(texts: readonly string[]): Array<Map<number, number>> {
  const vocabulary = new Map<string, number>();
  const counts = texts.map((text) => {
    const c = new Map<number, number>();
    for (const token of tokenize(text)) {
      let id = vocabulary.get(token);
      if (id === undefined) {
        id = vocabulary.size;
        vocabulary.set(token, id);
      }
      c.set(id, (c.get(id) ?? 0) + 1);
    }
    return c;
  });
  const df = new Map<number, number>();
  for (const c of counts) for (const id of c.keys()) df.set(id, (df.get(id) ?? 0) + 1);
  const n = texts.length;
  return counts.map((c) => {
    const v = new Map<number, number>();
    let norm = 0;
    for (const [id, tf] of c) {
      const w = (1 + Math.log(tf)) * (Math.log((n + 1) / (df.get(id)! + 1)) + 1);
      v.set(id, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [id, w] of v) v.set(id, w / norm);
    return v;
  });
}

export function cosineMatrix(vectors: ReadonlyArray<ReadonlyMap<number, number>>): Float64Array {
  const n = vectors.length;
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    m[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      const [small, large] =
        vectors[i]!.size <= vectors[j]!.size ? [vectors[i]!, vectors[j]!] : [vectors[j]!, vectors[i]!];
      let dot = 0;
      for (const [id, w] of small) {
        const x = large.get(id);
        if (x !== undefined) dot += w * x;
      }
      m[i * n + j] = dot;
      m[j * n + i] = dot;
    }
  }
  return m;
}

/** Average-link merges of n items given their n x n similarity matrix (consumed). */
export function averageLinkMerges(similarity: Float64Array, n: number): Merge[] {
  const size = new Array<number>(n).fill(1);
  const active = new Array<boolean>(n).fill(true);
  const merges: Merge[] = [];
  const chain: number[] = [];
  let remaining = n;
  while (remaining > 1) {
    if (chain.length === 0) chain.push(active.indexOf(true));
    const top = chain[chain.length - 1]!;
    // Nearest active neighbour of the chain's end; ties go to the previous chain element, so the
    // chain cannot cycle, then to the lower index.
    const previous = chain.length > 1 ? chain[chain.length - 2]! : -1;
    let best = previous;
    let bestSim = previous >= 0 ? similarity[top * n + previous]! : Number.NEGATIVE_INFINITY;
    for (let j = 0; j < n; j++) {
      if (!active[j] || j === top) continue;
      const s = similarity[top * n + j]!;
      if (s > bestSim) {
        best = j;
        bestSim = s;
      }
    }
    if (best === previous) {
      chain.pop();
      chain.pop();
      // Merge `best` into `top` (Lance-Williams update for average link).
      const [keep, gone] = top < best ? [top, best] : [best, top];
      merges.push({ a: keep, b: gone, similarity: bestSim });
      const total = size[keep]! + size[gone]!;
      for (let j = 0; j < n; j++) {
        if (!active[j] || j === keep || j === gone) continue;
        const s = (size[keep]! * similarity[keep * n + j]! + size[gone]! * similarity[gone * n + j]!) / total;
        similarity[keep * n + j] = s;
        similarity[j * n + keep] = s;
      }
      size[keep] = total;
      active[gone] = false;
      remaining--;
    } else {
      chain.push(best);
    }
  }
  return merges;
}

/** Cluster label of every item when the merges at or above `threshold` are applied. */
export function cutAt(merges: readonly Merge[], n: number, threshold: number): number[] {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (const m of merges) if (m.similarity >= threshold) parent[find(m.b)] = find(m.a);
  return Array.from({ length: n }, (_, i) => find(i));
}
