import { describe, expect, it } from "vitest";
import { monthsBetween, nextMonth, previousMonth } from "./months.ts";

describe("month arithmetic", () => {
  it("walks months across years", () => {
    expect(monthsBetween("2025-11-30T00:00:00Z", "2026-02-01T00:00:00Z")).toEqual([
      "2026-02",
      "2026-01",
      "2025-12",
      "2025-11",
    ]);
    expect(previousMonth("2026-01")).toBe("2025-12");
    expect(nextMonth("2026-12")).toBe("2027-01-01T00:00:00.000Z");
  });
});
