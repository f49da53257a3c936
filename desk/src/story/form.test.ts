// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { dropDraft, draftIds, keepDraft, loadDraft } from "./drafts";
import {
  EMPTY_FORM,
  articleInput,
  changedFields,
  conflictingFields,
  inlinesFromHtml,
  parseTags,
  rebase,
  slugify,
  type StoryForm,
} from "./form";

const base: StoryForm = {
  ...EMPTY_FORM,
  headline: "Council approves tram line",
  dek: "A decade of argument ends.",
  slug: "council-approves-tram-line",
  tags: ["transport"],
  body: [{ paragraph: { inlines: [{ text: "The vote was 31 to 12.", bold: false, italic: false, href: null }] } }],
};

describe("the story form", () => {
  it("proposes a slug the API accepts", () => {
    expect(slugify("Café owners’ fury as £2m plan is shelved!")).toBe("cafe-owners-fury-as-2m-plan-is-shelved");
    expect(slugify("  --  ")).toBe("");
  });

  it("reads tags as tag slugs", () => {
    expect(parseTags("Transport, City Council, transport, ")).toEqual(["transport", "city-council"]);
  });

  it("sends only the fields that changed", () => {
    const mine = { ...base, dek: "Now with a new dek.", seoTitle: "Tram line approved" };
    const fields = changedFields(base, mine);
    expect(fields).toEqual(["dek", "seoTitle"]);
    expect(articleInput(mine, fields)).toEqual({
      dek: "Now with a new dek.",
      seo: { title: "Tram line approved", description: null, canonicalUrl: null, noindex: false, socialImageId: null },
    });
  });

  it("sends the page's fields: kicker, type, breaking, display date, related stories, seo", () => {
    const mine: StoryForm = {
      ...base,
      kicker: "Exclusive",
      storyType: "ANALYSIS",
      breakingUntil: "2026-12-01T12:00:00.000Z",
      displayDate: "2026-11-30T08:00:00.000Z",
      related: [{ id: "s1", headline: "Tram fares frozen" }],
      noindex: true,
      socialImage: { assetId: "a9", url: null },
    };
    const fields = changedFields(base, mine);
    expect(fields).toEqual(["kicker", "storyType", "noindex", "socialImage", "breakingUntil", "displayDate", "related"]);
    expect(articleInput(mine, fields)).toEqual({
      kicker: "Exclusive",
      storyType: "ANALYSIS",
      breakingUntil: "2026-12-01T12:00:00.000Z",
      displayDate: "2026-11-30T08:00:00.000Z",
      relatedArticleIds: ["s1"],
      seo: { title: null, description: null, canonicalUrl: null, noindex: true, socialImageId: "a9" },
    });
    const cleared = { ...mine, kicker: " ", breakingUntil: "", displayDate: "", related: [] };
    expect(articleInput(cleared, ["kicker", "breakingUntil", "displayDate", "related"])).toEqual({
      kicker: null,
      breakingUntil: null,
      displayDate: null,
      relatedArticleIds: [],
    });
  });

  it("reads the same instant written two ways as unchanged", () => {
    const saved = { ...base, breakingUntil: "2026-12-01T12:00:00Z" };
    expect(changedFields(saved, { ...saved, breakingUntil: "2026-12-01T12:00:00.000Z" })).toEqual([]);
  });

  it("asks only about fields both sides changed differently, and merges the rest", () => {
    const mine = { ...base, headline: "Council backs tram line", dek: "Mine." };
    const theirs = { ...base, headline: "Tram line approved at last", tags: ["transport", "leeds"], dek: "Mine." };
    expect(conflictingFields(base, mine, theirs)).toEqual(["headline"]);
    const kept = rebase(base, mine, theirs, new Set());
    expect(kept.headline).toBe("Council backs tram line");
    expect(kept.tags).toEqual(["transport", "leeds"]);
    expect(rebase(base, mine, theirs, new Set(["headline"])).headline).toBe("Tram line approved at last");
  });

  it("reads runs with marks back from the API's rich-text HTML", () => {
    expect(inlinesFromHtml('Rents rose <strong>9%</strong>, <em>says <a href="https://example.org/r">the report</a></em> &amp; more')).toEqual([
      { text: "Rents rose ", bold: false, italic: false, href: null },
      { text: "9%", bold: true, italic: false, href: null },
      { text: ", ", bold: false, italic: false, href: null },
      { text: "says ", bold: false, italic: true, href: null },
      { text: "the report", bold: false, italic: true, href: "https://example.org/r" },
      { text: " & more", bold: false, italic: false, href: null },
    ]);
  });
});

describe("the draft store", () => {
  it("keeps a story's unsaved changes until they are dropped", () => {
    const draft = { storyId: "abc", baseVersion: 3, base, mine: { ...base, dek: "Changed" }, changedAt: 1 };
    keepDraft(draft);
    expect(loadDraft("abc")).toEqual(draft);
    expect(draftIds()).toContain("abc");
    dropDraft("abc");
    expect(loadDraft("abc")).toBeNull();
  });

  it("ignores what it cannot read", () => {
    localStorage.setItem("desk:draft:broken", "{not json");
    expect(loadDraft("broken")).toBeNull();
  });
});
