import { describe, expect, it } from "vitest";
import { addDays, agenda, dayLabel, dayOf, windowOf } from "./agenda";

const story = (id: string, status: string, publishAt: string | null, unpublishAt: string | null = null) => ({ id, status, publishAt, unpublishAt });

describe("days in the newsroom's time zone", () => {
  it("puts a late-evening UTC time on the next day where the zone is ahead", () => {
    expect(dayOf("2026-07-01T23:30:00Z", "Europe/London")).toBe("2026-07-02");
    expect(dayOf("2026-12-01T23:30:00Z", "Europe/London")).toBe("2026-12-01");
    expect(dayOf("2026-12-02T03:00:00Z", "America/New_York")).toBe("2026-12-01");
  });

  it("counts calendar days across month ends and clock changes", () => {
    expect(addDays("2026-10-24", 14)).toBe("2026-11-07");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("takes a window from the zone's midnights, 23 hours on the day clocks go forward", () => {
    expect(windowOf("2026-03-29", 1, "Europe/London")).toEqual({ from: "2026-03-29T00:00:00.000Z", to: "2026-03-29T23:00:00.000Z" });
    expect(windowOf("2026-12-01", 7, "Asia/Kolkata")).toEqual({ from: "2026-11-30T18:30:00.000Z", to: "2026-12-07T18:30:00.000Z" });
  });

  it("names a day in words", () => {
    expect(dayLabel("2026-12-01")).toBe("Tuesday, 1 December 2026");
  });
});

describe("the agenda", () => {
  const window = windowOf("2026-07-01", 3, "Europe/London"); // 30 Jun 23:00Z to 3 Jul 23:00Z

  it("groups publish and unpublish times by day, in time order, with the zone's clock", () => {
    const stories = [
      story("late", "SCHEDULED", "2026-07-01T22:30:00Z", "2026-07-02T08:00:00Z"),
      story("early", "SCHEDULED", "2026-07-01T06:00:00Z"),
      story("live", "PUBLISHED", null, "2026-07-01T12:00:00Z"),
    ];
    const days = agenda(stories, window, "Europe/London");
    expect(days.map((day) => [day.day, day.entries.map((entry) => `${entry.clock} ${entry.kind} ${entry.story.id}`)])).toEqual([
      ["2026-07-01", ["07:00 publish early", "13:00 unpublish live", "23:30 publish late"]],
      ["2026-07-02", ["09:00 unpublish late"]],
    ]);
  });

  it("leaves out times outside the window and a published story's old publish time", () => {
    const stories = [
      story("before", "SCHEDULED", "2026-06-30T22:59:59Z"),
      story("first", "SCHEDULED", "2026-06-30T23:00:00Z"),
      story("after", "SCHEDULED", "2026-07-03T23:00:00Z"),
      story("live", "PUBLISHED", "2026-07-01T10:00:00Z"),
    ];
    const days = agenda(stories, window, "Europe/London");
    expect(days).toEqual([{ day: "2026-07-01", entries: [{ kind: "publish", at: "2026-06-30T23:00:00Z", clock: "00:00", story: stories[1] }] }]);
  });
});
