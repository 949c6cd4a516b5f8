import { describe, expect, it } from "vitest";
import { normalizeSpace, splitSentences, tokenize } from "./text.ts";

describe("splitSentences", () => {
  it("splits on sentence ends but not on abbreviations or initials", () => {
    const text =
      'The U.S. Steel deal closed. Dr. Tedros said "it is a victory." John F. Kennedy was not there! Was it?';
    expect(splitSentences(text)).toEqual([
      "The U.S. Steel deal closed.",
      'Dr. Tedros said "it is a victory."',
      "John F. Kennedy was not there!",
      "Was it?",
    ]);
  });
  it("keeps each sentence's characters so it can be found again verbatim", () => {
    const text = "First paragraph here.\n\nSecond one, with 10,000 troops. And 3.5 percent.";
    for (const s of splitSentences(text)) expect(normalizeSpace(text)).toContain(s);
  });
});

describe("tokenize", () => {
  it("drops stopwords and folds possessives", () => {
    expect(tokenize("Korea's troops and the Kursk front")).toEqual(["korea", "troops", "kursk", "front"]);
  });
});
