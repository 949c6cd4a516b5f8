import { describe, expect, it } from "vitest";
import { classifyCategory } from "./classify-category.ts";

describe("classifyCategory", () => {
  it("picks the category whose words the articles use", () => {
    expect(
      classifyCategory([
        { title: "Sinner wins Wimbledon final", text: "The Italian beat Alcaraz in the championship match." },
      ]),
    ).toBe("Sports");
    expect(
      classifyCategory([
        { title: "Shares jump after merger", text: "Investors cheered the takeover as revenue rose." },
      ]),
    ).toBe("Business");
    expect(
      classifyCategory([
        { title: "Telescope finds galaxies", text: "Astronomers said the observatory images show stars." },
      ]),
    ).toBe("Science");
  });

  it("reads the acronym WHO but not the pronoun who", () => {
    expect(classifyCategory([{ title: "Voters who backed the party", text: "The election campaign ended." }])).toBe(
      "Politics",
    );
    expect(classifyCategory([{ title: "WHO statement", text: "WHO officials met." }])).toBe("Health");
  });

  it("breaks ties by the order of the category list", () => {
    expect(classifyCategory([{ title: "Nothing here", text: "Plain words only." }])).toBe("Politics");
  });
});
