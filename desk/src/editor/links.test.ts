// Addresses as the server takes them (cms/domain/richtext.py), and as writers type them.
import { describe, expect, it } from "vitest";
import { embedProvider, isPageAddress, isSafeHref, isWebUrl, knownEmbedProvider, withScheme } from "./links";

describe("addresses", () => {
  it.each([
    ["https://example.org/a?b=c#d", true, true, true],
    ["http://example.org", true, true, true],
    ["/news/2026/flood", false, true, true],
    ["mailto:desk@example.org", false, false, true],
    ["//evil.example", false, false, false],
    ["/\\evil.example", false, false, false],
    ["https://example.org\\@evil.example", false, false, false],
    ["https://example.org/\tx", false, false, false],
    ["javascript:alert(1)", false, false, false],
    ["ftp://files.example/x", false, false, false],
    ["https://[::1", false, false, false],
    ["", false, false, false],
  ])("%j: web %s, page %s, link %s", (value, web, page, link) => {
    expect(isWebUrl(value)).toBe(web);
    expect(isPageAddress(value)).toBe(page);
    expect(isSafeHref(value)).toBe(link);
  });

  it.each([
    ["example.org/flood", "https://example.org/flood"],
    ["  https://example.org/  ", "https://example.org/"],
    ["desk@example.org", "mailto:desk@example.org"],
    ["/news/flood", "/news/flood"],
    ["javascript:alert(1)", "javascript:alert(1)"],
    ["flood", "flood"],
  ])("typed %j is taken as %j", (typed, taken) => {
    expect(withScheme(typed)).toBe(taken);
  });

  it("names the players it knows, and others by their host", () => {
    expect(knownEmbedProvider("https://player.vimeo.com/video/1")).toBe("vimeo");
    expect(knownEmbedProvider("https://example.org/video")).toBeNull();
    expect(knownEmbedProvider("javascript:alert(1)")).toBeNull();
    expect(embedProvider("https://www.example.org/video")).toBe("example.org");
  });
});
