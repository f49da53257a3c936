import { describe, expect, it } from "vitest";
import { blockDiff, blockText, fieldText, wordDiff } from "./diff";

const paragraph = (text: string, marks: string[] = []) => ({ type: "paragraph", inlines: [{ text, marks, href: null }] });

describe("word by word", () => {
  it("marks only the words that changed", () => {
    expect(wordDiff("Council approves new harbour wall", "Council rejects new harbour wall")).toEqual([
      { text: "Council ", kind: "same" },
      { text: "approves", kind: "removed" },
      { text: "rejects", kind: "added" },
      { text: " new harbour wall", kind: "same" },
    ]);
  });

  it("gives one unchanged part for equal texts", () => {
    expect(wordDiff("Same words", "Same words")).toEqual([{ text: "Same words", kind: "same" }]);
  });
});

describe("block by block", () => {
  it("counts unchanged blocks and shows a block changed in place word by word", () => {
    const before = [paragraph("First."), { type: "heading", text: "The vote", level: 2 }, paragraph("Seven voted for.")];
    const after = [paragraph("First."), { type: "heading", text: "The vote", level: 2 }, paragraph("Nine voted for.")];
    expect(blockDiff(before, after)).toEqual([
      { kind: "same", count: 2 },
      {
        kind: "changed",
        label: "Paragraph",
        note: null,
        words: [
          { text: "Seven", kind: "removed" },
          { text: "Nine", kind: "added" },
          { text: " voted for.", kind: "same" },
        ],
      },
    ]);
  });

  it("shows added and removed blocks of another type as such", () => {
    const before = [paragraph("Intro."), { type: "pull_quote", text: "We will rebuild.", attribution: "The mayor" }];
    const after = [paragraph("Intro."), { type: "ad_slot", slot_code: "mid-article" }, paragraph("Outro.")];
    expect(blockDiff(before, after)).toEqual([
      { kind: "same", count: 1 },
      { kind: "removed", label: "Pull quote", text: "We will rebuild. — The mayor" },
      { kind: "added", label: "Ad slot", text: "mid-article" },
      { kind: "added", label: "Paragraph", text: "Outro." },
    ]);
  });

  it("notes a change of formatting that leaves the words alone", () => {
    const rows = blockDiff([paragraph("Bold claim.")], [paragraph("Bold claim.", ["BOLD"])]);
    expect(rows).toEqual([{ kind: "changed", label: "Paragraph", note: "Formatting or links changed", words: [{ text: "Bold claim.", kind: "same" }] }]);
  });

  it("finds a block moved to the end as one removed and one added", () => {
    const a = paragraph("A.");
    const b = paragraph("B.");
    const c = paragraph("C.");
    const rows = blockDiff([a, b, c], [b, c, a]);
    expect(rows.filter((row) => row.kind !== "same")).toEqual([
      { kind: "removed", label: "Paragraph", text: "A." },
      { kind: "added", label: "Paragraph", text: "A." },
    ]);
  });

  it("reads every block type as text", () => {
    expect(blockText({ type: "block_quote", inlines: [{ text: "Not on my watch" }], attribution: "Ms Vale" })).toBe("Not on my watch — Ms Vale");
    expect(blockText({ type: "media", media: { asset_id: "a1", caption: "The quay", credit: null, alt_text: "Boats" } })).toBe(
      "picture a1; caption: The quay; alt text: Boats",
    );
    expect(blockText({ type: "embed", provider: "youtube", url: "https://youtu.be/x", html: null, caption: null })).toBe("youtube · https://youtu.be/x");
    expect(blockText({ type: "related_link", label: "READ:", article_id: "s1", url: null, text: null })).toBe("READ: story s1");
    expect(blockText({ type: "list", items: [[{ text: "one" }], [{ text: "two" }]], ordered: true })).toBe("• one\n• two");
    expect(blockText({ type: "heading", text: "Why", level: 3 })).toBe("Why");
  });
});

describe("fields as text", () => {
  it("reads tags, bylines by name, the lead picture and SEO", () => {
    expect(fieldText("tags", ["harbour", "council"])).toBe("harbour, council");
    const names: Record<string, string> = { a1: "Ines Varga" };
    expect(fieldText("bylines", [{ author_id: "a1", role: "Transport correspondent" }], (id) => names[id] ?? id)).toBe(
      "Ines Varga (Transport correspondent)",
    );
    expect(fieldText("seo", { title: "Harbour wall", description: null, canonical_url: null, social_image_id: null })).toBe("Title: Harbour wall");
    expect(fieldText("dek", null)).toBe("");
    expect(fieldText("headline", "Storm closes the quay")).toBe("Storm closes the quay");
  });
});
