import { describe, expect, it } from "vitest";
import { changeWords } from "./changes";

const by = { id: "u2", name: "Marek Lind", email: "marek.lind@example.org" };
const base = { storyId: "s1", version: 5, at: "2026-11-24T09:42:00Z", status: "DRAFT" as const, by };

describe("changeWords", () => {
  it("says who saved and when, in the newsroom's time", () => {
    expect(changeWords({ ...base, change: "SAVED" }, "Europe/London")).toMatch(/^Marek Lind saved this story at .*09:42/);
  });

  it("names the status a workflow step left the story in", () => {
    const step = { ...base, change: "WORKFLOW" as const, status: "IN_REVIEW" as const };
    expect(changeWords(step, "UTC")).toMatch(/^Marek Lind moved this story to in review at /);
  });

  it("leaves lease take-overs to the lease notice, and names no one it does not know", () => {
    expect(changeWords({ ...base, change: "LEASE_TAKEN" }, "UTC")).toBeNull();
    expect(changeWords({ ...base, change: "SAVED", by: null }, "UTC")).toMatch(/^Someone saved/);
  });
});
