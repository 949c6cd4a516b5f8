import { describe, expect, it } from "vitest";
import { extractNumbers } from "./extract-numbers.ts";

const values = (text: string) => extractNumbers(text).map((n) => n.value);

describe("extractNumbers", () => {
  it("reads grouped digits, spaced digits and number words as the same value", () => {
    expect(values("10,000 troops")).toEqual([10000]);
    expect(values("10 000 troops")).toEqual([10000]);
    expect(values("10\u202f000 troops")).toEqual([10000]);
    expect(values("ten thousand troops")).toEqual([10000]);
    expect(values("two hundred and fifty people and twenty-five more")).toEqual([250, 25]);
  });

  it("applies scale words and currency abbreviations", () => {
    expect(values("a deal worth $1.7 billion")).toEqual([1.7e9]);
    expect(values("a deal worth $1.7bn")).toEqual([1.7e9]);
    expect(values("about 2 million doses and a million more")).toEqual([2e6, 1e6]);
    // Without a currency sign, "m" is metres, not millions.
    expect(values("a wall 5 m high")).toEqual([5]);
  });

  it("marks percentages however they are written", () => {
    for (const text of ["42% of voters", "42 percent of voters", "42 per cent of voters"]) {
      const [n] = extractNumbers(text);
      expect(n).toMatchObject({ value: 42, percent: true });
    }
  });

  it("keeps decimals and does not join a date's day and year", () => {
    expect(values("a rise of 3.5 points on August 14, 2024")).toEqual([3.5, 14, 2024]);
  });

  it("records where each number is so a caller can quote it", () => {
    const text = "They counted more than 15,600 cases.";
    const [n] = extractNumbers(text);
    expect(text.slice(n!.index, n!.end)).toBe("15,600");
    expect(n!.fromWords).toBe(false);
  });
});
