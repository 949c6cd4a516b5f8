import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor.ts";

describe("listing cursor", () => {
  it("decodes every cursor it encodes to the same position", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2200-01-01T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: 1, max: 2 ** 40 }),
        (date, id) => {
          const c = { publishedAt: date.toISOString(), id };
          expect(decodeCursor(encodeCursor(c))).toEqual(c);
        },
      ),
    );
  });

  it("rejects anything it did not make", () => {
    const wrong = [
      "",
      "not a cursor",
      Buffer.from("2026-11-27T10:00:00.000Z").toString("base64url"),
      Buffer.from("2026-11-27T10:00:00.000Z|0").toString("base64url"),
      Buffer.from("2026-11-27T10:00:00.000Z|-4").toString("base64url"),
      Buffer.from("yesterday|4").toString("base64url"),
      Buffer.from("2026-11-27T10:00:00.000Z|4' or 1=1").toString("base64url"),
      "A".repeat(400),
    ];
    for (const value of wrong) expect(decodeCursor(value), value).toBeUndefined();
  });
});
