import { describe, expect, it } from "vitest";
import { move, place, refusal, removeAt, sameSlots, type SlotStory } from "./slots";

const story = (id: string, status = "PUBLISHED"): SlotStory => ({ id, headline: `Story ${id}`, status });
const ids = (list: readonly SlotStory[]) => list.map((one) => one.id).join("");

describe("a front's slots", () => {
  const abc = [story("a"), story("b"), story("c")];

  it("moves a story up, down, and clamps at the ends", () => {
    expect(ids(move(abc, 2, 1))).toBe("acb");
    expect(ids(move(abc, 0, 1))).toBe("bac");
    expect(ids(move(abc, 0, -1))).toBe("abc");
    expect(ids(move(abc, 2, 9))).toBe("abc");
    expect(ids(move(abc, 5, 0))).toBe("abc");
  });

  it("removes a story", () => {
    expect(ids(removeAt(abc, 1))).toBe("ac");
  });

  it("places a new story where it is dropped, or at the end", () => {
    expect(ids(place(abc, story("d"), 1, 12))).toBe("adbc");
    expect(ids(place(abc, story("d"), 99, 12))).toBe("abcd");
  });

  it("moves a story dropped again rather than adding it twice", () => {
    expect(ids(place(abc, story("a"), 3, 12))).toBe("bca");
    expect(ids(place(abc, story("c"), 0, 12))).toBe("cab");
  });

  it("refuses a full front, a duplicate and a story that is not live or scheduled", () => {
    expect(refusal(abc, story("d"), 3)).toContain("at most 3");
    expect(refusal(abc, story("b"), 12)).toContain("already");
    expect(refusal(abc, story("d", "DRAFT"), 12)).toContain("published or scheduled");
    expect(refusal(abc, story("d", "SCHEDULED"), 12)).toBeNull();
    expect(ids(place(abc, story("d"), 0, 3))).toBe("abc");
  });

  it("compares two arrangements", () => {
    expect(sameSlots(abc, [story("a"), story("b"), story("c")])).toBe(true);
    expect(sameSlots(abc, move(abc, 0, 1))).toBe(false);
  });
});
