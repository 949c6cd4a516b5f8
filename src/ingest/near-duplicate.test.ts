import { describe, expect, it } from "vitest";
import { containment, MIN_SHINGLES, minhashBands, shingles } from "./near-duplicate.ts";

const WIRE = [
  "Rescue teams in the northern province worked through the night on Tuesday to reach villages cut off by a landslide that buried a stretch of the main road.",
  "The provincial governor said at least fourteen people were missing and that two helicopters had been sent to carry food, water and medicine to the stranded families.",
  "Heavy rain is forecast to continue until the weekend, and the national weather service warned that more slopes in the valley could give way.",
  "Engineers expect the road to stay closed for at least ten days while crews clear the debris and check the bridges downstream for damage.",
].join(" ");

const OTHER = [
  "The city council approved a plan on Monday to turn the old tram depot into a public library and a community hall with space for local clubs.",
  "Construction is due to start next spring, and the council expects the building to open its doors to readers in the autumn of the following year.",
  "Residents who attended the meeting asked for longer opening hours and a reading room for children, which the architects said they would include.",
].join(" ");

describe("near-duplicate detection", () => {
  it("gives a copy of a text the same bands, whatever its case and punctuation", () => {
    const a = minhashBands(shingles(WIRE));
    const b = minhashBands(shingles(WIRE.toUpperCase().replace(/,/g, "")));
    expect(a).toHaveLength(20);
    expect(b).toEqual(a);
    expect(a[0]).toMatch(/^b00:[0-9a-f]{8}$/);
  });

  it("finds a lightly edited copy through at least one shared band, and an unrelated text through none", () => {
    const edited = `By Staff Reporter. ${WIRE.replace("fourteen", "15").replace("Tuesday", "Tuesday night")} Copyright the wire.`;
    const shared = (x: string, y: string) => {
      const bx = new Set(minhashBands(shingles(x)));
      return minhashBands(shingles(y)).filter((band) => bx.has(band)).length;
    };
    expect(shared(WIRE, edited)).toBeGreaterThan(0);
    expect(shared(WIRE, OTHER)).toBe(0);
  });

  it("measures how much of the shorter text the longer one contains", () => {
    const whole = shingles(WIRE);
    const trimmed = shingles(WIRE.split(". ").slice(0, 2).join(". "));
    expect(containment(trimmed, whole)).toBe(1);
    expect(containment(whole, trimmed)).toBe(1);
    expect(containment(whole, shingles(OTHER))).toBeLessThan(0.05);
    expect(containment(new Set(), whole)).toBe(0);
  });

  it("does not index texts too short to call a copy", () => {
    const teaser = "Rescue teams worked through the night to reach villages cut off by a landslide.";
    expect(shingles(teaser).size).toBeLessThan(MIN_SHINGLES);
    expect(minhashBands(shingles(teaser))).toEqual([]);
  });
});
