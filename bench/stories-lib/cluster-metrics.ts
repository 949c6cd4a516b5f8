/**
 * Clustering scores against gold labels: pairwise precision, recall and F1 (over the pairs of
 * items put together) and B-cubed (per item: the share of its predicted cluster that shares its
 * gold label, and of its gold cluster that shares its predicted one, averaged over items).
 * In: two labelings of the same items. Pure.
 */

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
}

export interface ClusterScores {
  pairwise: Scores;
  bcubed: Scores;
  clusters: number;
}

export function scoreClustering(predicted: readonly string[], gold: readonly string[]): ClusterScores {
  if (predicted.length !== gold.length) throw new RangeError("scoreClustering: labelings differ in length");
  const n = predicted.length;
  const predSize = countBy(predicted);
  const goldSize = countBy(gold);
  // Items sharing both labels: the cells of the contingency table.
  const both = countBy(predicted.map((p, i) => `${p}\u0000${gold[i]}`));

  // Pairwise: pairs together in both / pairs together in the prediction (P) or in the gold (R).
  const pairs = (k: number) => (k * (k - 1)) / 2;
  let together = 0;
  for (const k of both.values()) together += pairs(k);
  let predPairs = 0;
  for (const k of predSize.values()) predPairs += pairs(k);
  let goldPairs = 0;
  for (const k of goldSize.values()) goldPairs += pairs(k);
  const pairwise = prf(predPairs ? together / predPairs : 1, goldPairs ? together / goldPairs : 1);

  // B-cubed: each item weighs the same; its cell over its predicted and gold cluster sizes.
  let p = 0;
  let r = 0;
  for (let i = 0; i < n; i++) {
    const cell = both.get(`${predicted[i]}\u0000${gold[i]}`)!;
    p += cell / predSize.get(predicted[i]!)!;
    r += cell / goldSize.get(gold[i]!)!;
  }
  const bcubed = prf(n ? p / n : 1, n ? r / n : 1);
  return { pairwise, bcubed, clusters: predSize.size };
}

function prf(precision: number, recall: number): Scores {
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

function countBy(labels: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of labels) out.set(l, (out.get(l) ?? 0) + 1);
  return out;
}
