import { describe, expect, it } from "vitest";
import {
  centroid,
  cosine,
  dot,
  idf,
  normalize,
  roundVector,
  termCounts,
  top,
  vectorFromJson,
  vectorToJson,
  weighNames,
  weighTerms,
} from "./vectors.ts";

const none = { documents: 0, df: new Map<string, number>() };

function length(v: ReadonlyMap<string, number>): number {
  return Math.sqrt([...v.values()].reduce((s, w) => s + w * w, 0));
}

describe("term vectors", () => {
  it("counts title tokens twice and drops stopwords", () => {
    const counts = termCounts("Port strike ends", "The strike at the port ended on Friday.");
    expect(Object.fromEntries(counts)).toEqual({ port: 3, strike: 3, ends: 2, ended: 1, friday: 1 });
  });

  it("weighs rare terms above common ones", () => {
    expect(idf(0, 100)).toBeGreaterThan(idf(10, 100));
    expect(idf(10, 100)).toBeGreaterThan(idf(100, 100));
    expect(idf(100, 100)).toBeCloseTo(1, 10);
    const v = weighTerms(
      new Map([
        ["geoje", 2],
        ["government", 2],
      ]),
      { documents: 100, df: new Map([["government", 60]]) },
    );
    expect(v.get("geoje")!).toBeGreaterThan(v.get("government")!);
  });

  it("makes unit-length vectors with at most the requested number of terms", () => {
    const counts = new Map(Array.from({ length: 50 }, (_, i) => [`term${i}`, i + 1] as const));
    const v = weighTerms(counts, none, 10);
    expect(v.size).toBe(10);
    expect(length(v)).toBeCloseTo(1, 10);
    expect([...v.keys()][0]).toBe("term49");
  });

  it("measures cosine: 1 for the same direction, 0 for no shared term or an empty vector", () => {
    const a = new Map([
      ["quake", 3],
      ["peru", 4],
    ]);
    const doubled = new Map([...a].map(([t, w]) => [t, w * 2] as const));
    expect(cosine(a, doubled)).toBeCloseTo(1, 12);
    expect(cosine(a, new Map([["seoul", 1]]))).toBe(0);
    expect(cosine(a, new Map())).toBe(0);
    expect(cosine(a, new Map([["peru", 1]]))).toBeCloseTo(0.8, 12);
  });

  it("builds a centroid as the normalised sum of its members", () => {
    const c = centroid([new Map([["a", 1]]), new Map([["b", 1]])]);
    expect(c.get("a")).toBeCloseTo(Math.SQRT1_2, 12);
    expect(c.get("b")).toBeCloseTo(Math.SQRT1_2, 12);
    const capped = centroid(
      Array.from({ length: 300 }, (_, i) => new Map([[`t${i}`, 1 + i / 1000]])),
      200,
    );
    expect(capped.size).toBe(200);
    expect(capped.has("t299")).toBe(true);
    expect(capped.has("t0")).toBe(false);
  });

  it("orders equal weights by term, so equal input gives equal output", () => {
    const v = new Map([
      ["zeta", 1],
      ["alpha", 1],
      ["mid", 2],
    ]);
    expect([...top(v, 3).keys()]).toEqual(["mid", "alpha", "zeta"]);
    expect([...top(v, 2).keys()]).toEqual(["mid", "alpha"]);
  });

  it("round-trips through JSON to six decimals and ignores what is not a weight", () => {
    const v = weighTerms(termCounts("Bank of Korea cuts rates", "The cut was the second this year."), none);
    const back = vectorFromJson(vectorToJson(v));
    expect([...back.keys()].sort()).toEqual([...v.keys()].sort());
    for (const [t, w] of v) expect(back.get(t)).toBeCloseTo(w, 6);
    expect(vectorFromJson('{"a":0.5,"b":"x","c":-1}')).toEqual(new Map([["a", 0.5]]));
    expect(vectorFromJson("[1,2]").size).toBe(0);
  });

  it("takes the dot product of unit vectors as their cosine", () => {
    const a = normalize(
      new Map([
        ["quake", 3],
        ["peru", 4],
      ]),
    );
    const b = normalize(new Map([["peru", 1]]));
    expect(dot(a, b)).toBeCloseTo(cosine(a, b), 12);
    expect(dot(a, new Map())).toBe(0);
  });

  it("weighs the words of names by salience and rarity, so a surname shared with a full name counts", () => {
    const stats = {
      documents: 100,
      df: new Map([
        ["waitrose", 30],
        ["wellington", 2],
      ]),
    };
    const names = weighNames(
      [
        { key: "waitrose", weight: 4 },
        { key: "wellington", weight: 4 },
        { key: "robert pitman", weight: 1 },
      ],
      stats,
    );
    expect(length(names)).toBeCloseTo(1, 10);
    expect(names.get("wellington")!).toBeGreaterThan(names.get("waitrose")!);
    expect(names.get("wellington")!).toBeGreaterThan(names.get("pitman")!);
    const later = weighNames([{ key: "pitman", weight: 2 }], stats);
    expect(dot(names, later)).toBeGreaterThan(0);
    expect(weighNames([], stats).size).toBe(0);
  });

  it("rounds a vector exactly as storing and reading it back would, order included", () => {
    const v = weighTerms(
      termCounts(
        "In 2008, 747 jets and 10 engines",
        "The 2008 order: 747 jets, 10 engines, 0 delays, 4294967296 units.",
      ),
      { documents: 10, df: new Map([["jets", 3]]) },
    );
    const stored = vectorFromJson(vectorToJson(v));
    expect([...roundVector(v)]).toEqual([...stored]);
    expect([...stored.keys()].slice(0, 3)).toEqual(["10", "747", "2008"]);
  });
});
