import { describe, expect, it } from "vitest";
import { extractNames } from "./extract-names.ts";
import { findSpeaker, sameActor } from "./find-speaker.ts";

const names = (text: string) => extractNames(text).map((n) => n.text);

describe("extractNames", () => {
  it("finds multi-word names with connectors and splits at possessives", () => {
    expect(
      names("Troops from the Democratic Republic of the Congo met South Korea's National Intelligence Service."),
    ).toEqual(["Democratic Republic of the Congo", "South Korea", "National Intelligence Service"]);
  });

  it("does not take a sentence's or a quotation's first word for a name", () => {
    expect(names('Officials said "We will act" in Geneva. Tedros agreed.')).toEqual(["Geneva"]);
  });

  it("keeps acronyms and surname particles, drops months", () => {
    expect(names("WHO met the director, Laurence des Cars, on Monday in March.")).toEqual(["WHO", "Laurence des Cars"]);
  });
});

describe("findSpeaker", () => {
  it("finds the named subject of a reporting verb, across an appositive", () => {
    expect(findSpeaker("Jean Kaseya, the agency's director general, said the continent needs doses.")).toBe(
      "Jean Kaseya",
    );
  });

  it("finds the speaker of an inverted quotation", () => {
    expect(findSpeaker('"We cannot repeat the mistakes of the past," said Jean Kaseya, director general.')).toBe(
      "Jean Kaseya",
    );
    expect(findSpeaker("“It is clear,” Tedros said.")).toBe("Tedros");
  });

  it("reads 'according to' and groups named by a capitalised adjective", () => {
    expect(findSpeaker("Cases rose sharply, according to the World Health Organization.")).toBe(
      "World Health Organization",
    );
    expect(findSpeaker("Congolese health officials said doses had arrived.")).toBe("Congolese health officials");
  });

  it("attributes nothing to a pronoun or an unknown opening word", () => {
    expect(findSpeaker("She said the talks would resume.")).toBeUndefined();
    expect(findSpeaker("Governments said the talks would resume.", new Set(["Geneva"]))).toBeUndefined();
    expect(findSpeaker("Kaseya said the talks would resume.", new Set(["Kaseya"]))).toBe("Kaseya");
  });

  it("treats a surname, a full name with title and an acronym as the same actor", () => {
    expect(sameActor("Tedros", "Director-General Tedros Adhanom Ghebreyesus")).toBe(true);
    expect(sameActor("WHO", "World Health Organization")).toBe(true);
    expect(sameActor("Jean Kaseya", "Tedros")).toBe(false);
  });
});
