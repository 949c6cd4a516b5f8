import { describe, expect, it } from "vitest";
import { extractDates, isoDate } from "./extract-dates.ts";

describe("extractDates", () => {
  it("reads month-day-year, day-month-year, month-year, ISO and Korean dates", () => {
    const found = extractDates(
      "On August 14, 2024 and 6 February 2026, in May 2023, on 2024-08-07 and 2024년 8월 13일 things happened.",
    );
    expect(found.map((d) => [d.year, d.month, d.day])).toEqual([
      [2024, 8, 14],
      [2026, 2, 6],
      [2023, 5, undefined],
      [2024, 8, 7],
      [2024, 8, 13],
    ]);
  });

  it("ignores the verb 'may' and a bare month", () => {
    expect(extractDates("Officials may act in August.")).toEqual([]);
  });

  it("gives a day without a year the year that puts it just before publication", () => {
    const [feb] = extractDates("On February 6 she spoke.");
    expect(isoDate(feb!, new Date("2026-02-08T00:00:00Z"))).toBe("2026-02-06");
    const [dec] = extractDates("On December 30 she spoke.");
    expect(isoDate(dec!, new Date("2026-01-03T00:00:00Z"))).toBe("2025-12-30");
    expect(isoDate(dec!)).toBeUndefined();
  });
});
