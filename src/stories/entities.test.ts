import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countEntities, entityKey, extractEntities } from "./entities.ts";

describe("extractEntities", () => {
  it("finds multi-word names as one entity each", () => {
    const entities = extractEntities(
      "",
      "The rapporteur, Elizabeth Salmon, said the attack breached the Geneva Convention. Troops from South Korea were not involved.",
    );
    expect(entities).toEqual(expect.arrayContaining(["elizabeth salmon", "geneva convention", "south korea"]));
    expect(entities).not.toContain("elizabeth");
    expect(entities).not.toContain("south");
  });

  it("skips capitalised sentence openers, stopwords, weekdays and months", () => {
    const entities = extractEntities(
      "",
      "Officials said the talks had failed. However, the officials met again on Monday in Lima. The vote is in November.",
    );
    expect(entities).toEqual(["lima"]);
  });

  it("keeps a name that opens a sentence when it is not a common word", () => {
    expect(extractEntities("", "Haemin Heavy Industries said it would appeal.")).toEqual(["haemin heavy industries"]);
    expect(extractEntities("", "Geoje is quiet. Workers left Geoje on Friday.")).toEqual(["geoje"]);
  });

  it("keeps names joined by connectors and stops at possessives", () => {
    const entities = extractEntities(
      "",
      "Shares rose after the Bank of Korea cut rates. South Korea's Finance Ministry agreed with the Korean Metal Workers' Union.",
    );
    expect(entities).toEqual(["bank of korea", "south korea", "finance ministry", "korean metal workers union"]);
  });

  it("separates a person from the title in front of the name", () => {
    const entities = extractEntities(
      "",
      "The move was announced by Foreign Minister Cho Tae-yul and Bank of Korea Governor Han Seung-woo in Seoul.",
    );
    expect(entities).toEqual(["cho tae-yul", "bank of korea", "han seung-woo", "seoul"]);
  });

  it("counts a surname or family name alone as the full name it belongs to", () => {
    const counts = countEntities(
      "",
      "Protesters met Elizabeth Salmon in Geneva. Later, they spoke with Salmon again. Salmon listened, and Geneva was calm.",
    );
    expect(counts.map((e) => [e.key, e.weight])).toEqual([
      ["elizabeth salmon", 3],
      ["geneva", 2],
    ]);
  });

  it("ranks names in the title above names mentioned once in the text", () => {
    const entities = extractEntities(
      "Floods hit Busan as typhoon nears",
      "Rain fell across the country, and officials in Seoul and Daejeon warned residents. Emergency crews in Busan were ready.",
    );
    expect(entities[0]).toBe("busan");
  });

  it("reads a Title Cased Headline only for names the text confirms", () => {
    const counts = countEntities(
      "Court Orders Striking Welders Back To Geoje Docks",
      "A court ruled against the union at the Geoje yard. The strike began at Haemin Heavy Industries in October.",
    );
    expect(counts.map((e) => e.key)).toEqual(["geoje", "haemin heavy industries"]);
    // One mention in the text, three for the title.
    expect(counts[0]!.weight).toBe(4);
  });

  it("gives one key to spellings that differ in case, dots and accents", () => {
    expect(entityKey("U.S.")).toBe(entityKey("US"));
    expect(entityKey("Caravelí")).toBe("caraveli");
    expect(extractEntities("", "He flew to the U.S. and met US officials.")).toEqual(["us"]);
  });

  it("keeps the most salient fifteen by default", () => {
    // TownA to TownC are named three times each, the other seventeen once.
    const names = Array.from({ length: 20 }, (_, i) => `Town${String.fromCharCode(65 + i)}`);
    const text = names.map((n, i) => `Rain fell in ${n}. `.repeat(i < 3 ? 3 : 1)).join("");
    const entities = extractEntities("", text);
    expect(entities).toHaveLength(15);
    expect(entities.slice(0, 3)).toEqual(["towna", "townb", "townc"]);
  });

  it("returns nothing for text without capitals and never throws", () => {
    expect(extractEntities("", "")).toEqual([]);
    expect(extractEntities("서울에서 회의가 열렸다", "정부는 발표했다.")).toEqual([]);
    fc.assert(
      fc.property(fc.string(), fc.string(), (title, text) => {
        const entities = extractEntities(title, text);
        return entities.length <= 15 && entities.every((e) => e === entityKey(e) && e.length >= 2);
      }),
    );
  });
});
