import { describe, expect, it } from "vitest";
import { isoToZoned, zonedToIso } from "./time";

describe("newsroom time zone", () => {
  it("reads a wall-clock time in London summer time", () => {
    expect(zonedToIso("2026-07-01T09:30", "Europe/London")).toBe("2026-07-01T08:30:00.000Z");
  });

  it("reads a wall-clock time in London winter time", () => {
    expect(zonedToIso("2026-12-01T09:30", "Europe/London")).toBe("2026-12-01T09:30:00.000Z");
  });

  it("reads a time east and west of UTC", () => {
    expect(zonedToIso("2026-03-10T00:15", "Asia/Kolkata")).toBe("2026-03-09T18:45:00.000Z");
    expect(zonedToIso("2026-01-05T18:00", "America/New_York")).toBe("2026-01-05T23:00:00.000Z");
  });

  it("moves a time skipped by the spring clock change forward", () => {
    expect(zonedToIso("2026-03-29T01:30", "Europe/London")).toBe("2026-03-29T01:30:00.000Z");
  });

  it("shows an instant's seconds when asked", () => {
    expect(isoToZoned("2026-07-01T08:30:15Z", "Europe/London", true)).toBe("2026-07-01T09:30:15");
    expect(isoToZoned("2026-07-01T08:30:15Z", "Europe/London")).toBe("2026-07-01T09:30");
  });

  it("shows an instant back as the same wall-clock time", () => {
    for (const zone of ["UTC", "Europe/London", "America/New_York", "Australia/Sydney"]) {
      expect(isoToZoned(zonedToIso("2026-10-04T07:45", zone), zone)).toBe("2026-10-04T07:45");
    }
  });
});
