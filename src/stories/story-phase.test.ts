import { describe, expect, it } from "vitest";
import { BREAKING_HOURS, FADING_QUIET_HOURS, SUSTAINED_AFTER_HOURS, storyPhase } from "./story-phase.ts";

const now = new Date("2026-11-27T12:00:00.000Z");
const ago = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();

describe("storyPhase", () => {
  it("calls a story breaking in its first hours, developing after, sustained once it lasts", () => {
    expect(storyPhase({ firstSeenAt: ago(1), lastSeenAt: ago(0) }, now)).toBe("breaking");
    expect(storyPhase({ firstSeenAt: ago(BREAKING_HOURS), lastSeenAt: ago(1) }, now)).toBe("developing");
    expect(storyPhase({ firstSeenAt: ago(SUSTAINED_AFTER_HOURS), lastSeenAt: ago(2) }, now)).toBe("sustained");
  });

  it("calls a story that went quiet fading, however young", () => {
    expect(storyPhase({ firstSeenAt: ago(FADING_QUIET_HOURS), lastSeenAt: ago(FADING_QUIET_HOURS) }, now)).toBe(
      "fading",
    );
    expect(storyPhase({ firstSeenAt: ago(200), lastSeenAt: ago(FADING_QUIET_HOURS + 1) }, now)).toBe("fading");
  });

  it("treats times from the future as now and refuses what is not a time", () => {
    expect(storyPhase({ firstSeenAt: ago(-3), lastSeenAt: ago(-3) }, now)).toBe("breaking");
    expect(() => storyPhase({ firstSeenAt: "soon", lastSeenAt: ago(0) }, now)).toThrow(RangeError);
  });
});
