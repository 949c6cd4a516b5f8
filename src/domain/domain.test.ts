import { describe, expect, it } from "vitest";
import { categoryFromSlug, isCategory } from "./categories.ts";
import { countWords, readMinutes } from "./read-time.ts";
import { slugify } from "./slug.ts";

describe("slugify", () => {
  it("makes lowercase ASCII words joined by hyphens", () => {
    expect(slugify("Ukraine Holds the Cards on North Korean POWs")).toBe(
      "ukraine-holds-the-cards-on-north-korean-pows",
    );
    expect(slugify("Zelenskyy’s offer: “one-to-one” swaps?")).toBe("zelenskyys-offer-one-to-one-swaps");
    expect(slugify("Café São Paulo")).toBe("cafe-sao-paulo");
  });
  it("never returns an empty slug and cuts long ones at a word", () => {
    expect(slugify("!!!")).toBe("untitled");
    const long = slugify("word ".repeat(40), 30);
    expect(long.length).toBeLessThanOrEqual(30);
    expect(long.endsWith("-")).toBe(false);
  });
});

describe("read time", () => {
  it("counts words with numbers, hyphens and apostrophes as one", () => {
    expect(countWords("North Korea's 10,000 troops — a well-known figure.")).toBe(7);
  });
  it("is at least one minute and rounds at 230 words a minute", () => {
    expect(readMinutes(0)).toBe(1);
    expect(readMinutes(1150)).toBe(5);
  });
});

describe("categories", () => {
  it("is a fixed list that cannot be extended by a string", () => {
    expect(isCategory("Politics")).toBe(true);
    expect(isCategory("Opinion")).toBe(false);
    expect(categoryFromSlug("politics")).toBe("Politics");
    expect(categoryFromSlug("gossip")).toBeUndefined();
  });
});
