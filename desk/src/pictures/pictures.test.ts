import { describe, expect, it } from "vitest";
import { creditLine, DAY_MS, eachAtMost, focalPointAt, rightsEndSoon } from "./pictures";

describe("creditLine", () => {
  it("reads as the server renders it", () => {
    expect(creditLine({ creator: "Tomas Averill", agency: "AFP", distributor: "Getty Images" })).toBe("Photo by Tomas Averill/AFP via Getty Images");
    expect(creditLine({ creator: "Tomas Averill", agency: null, distributor: null })).toBe("Photo by Tomas Averill");
    expect(creditLine({ creator: null, agency: "Reuters", distributor: null })).toBe("Reuters");
    expect(creditLine({ creator: null, agency: null, distributor: "Wirestream" })).toBe("via Wirestream");
    expect(creditLine({ creator: "  Lena   Marsh ", agency: " ", distributor: null })).toBe("Photo by Lena Marsh");
    expect(creditLine({ creator: null, agency: null, distributor: null })).toBe("");
  });
  it("names the kind of file", () => {
    expect(creditLine({ creator: "Ana Ruiz", agency: null, distributor: null }, "VIDEO")).toBe("Video by Ana Ruiz");
  });
});

describe("rightsEndSoon", () => {
  const now = Date.parse("2026-11-30T12:00:00Z");
  it("is true within seven days, false after, before and without a date", () => {
    expect(rightsEndSoon(new Date(now + 3 * DAY_MS).toISOString(), now)).toBe(true);
    expect(rightsEndSoon(new Date(now + 7 * DAY_MS).toISOString(), now)).toBe(true);
    expect(rightsEndSoon(new Date(now + 7 * DAY_MS + 1000).toISOString(), now)).toBe(false);
    expect(rightsEndSoon(new Date(now - 1000).toISOString(), now)).toBe(false);
    expect(rightsEndSoon(null, now)).toBe(false);
  });
});

describe("focalPointAt", () => {
  const box = { left: 100, top: 50, width: 400, height: 200 };
  it("gives fractions from the top left, kept inside the picture", () => {
    expect(focalPointAt(200, 100, box)).toEqual({ x: 0.25, y: 0.25 });
    expect(focalPointAt(600, 0, box)).toEqual({ x: 1, y: 0 });
    expect(focalPointAt(433.3333, 250, box)).toEqual({ x: 0.833, y: 1 });
    expect(focalPointAt(1, 1, { left: 0, top: 0, width: 0, height: 0 })).toEqual({ x: 0.5, y: 0.5 });
  });
});

describe("eachAtMost", () => {
  it("runs no more than the limit at once, and a failure does not stop the others", async () => {
    let running = 0;
    let most = 0;
    const results = await eachAtMost([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, n % 3));
      running--;
      if (n === 2) throw new Error("refused");
      return n * 10;
    });
    expect(most).toBe(3);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : "refused"))).toEqual([10, "refused", 30, 40, 50, 60, 70]);
  });
  it("settles at once with nothing to do", async () => {
    expect(await eachAtMost([], 3, async () => 1)).toEqual([]);
  });
});
