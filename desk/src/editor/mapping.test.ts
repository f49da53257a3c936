// The mapping between our blocks and the editor's document, both ways, through the real
// schema of the editor (bodySchema builds it from the same extensions BodyEditor uses).
import type { JSONContent } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import type { BlockInput, InlineInput } from "../gql/graphql";
import {
  blockProblem,
  blocksToDoc,
  bodyWords,
  countWords,
  docToBlocks,
  readingMinutes,
  withId,
} from "./mapping";
import { bodySchema } from "./schema";

const schema = bodySchema();

/** The document as the editor holds it: valid in the schema, and in its canonical JSON. */
function editorDoc(doc: JSONContent): JSONContent {
  const node = schema.nodeFromJSON(doc);
  node.check();
  return node.toJSON() as JSONContent;
}

/** Blocks to the editor and back, asserting the document is exactly what the editor keeps. */
function roundTrip(blocks: BlockInput[]): BlockInput[] {
  const doc = blocksToDoc(blocks);
  expect(editorDoc(doc)).toEqual(doc);
  return docToBlocks(doc);
}

/** Same blocks, same JSON text: the page compares bodies with JSON.stringify. */
function expectSameJson(actual: unknown, expected: unknown) {
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

const run = (text: string, marks: Partial<Omit<InlineInput, "text">> = {}) => ({
  text,
  bold: marks.bold ?? false,
  italic: marks.italic ?? false,
  href: marks.href ?? null,
});

const HREF = "https://example.org/reports/flood-defences";

const EVERY_BLOCK: BlockInput[] = [
  { paragraph: { inlines: [run("The river rose "), run("two metres", { bold: true }), run(" overnight.")] } },
  { heading: { text: "What the council knew", level: 2 } },
  { heading: { text: "The minutes", level: 3 } },
  { blockQuote: { paragraphs: [[run("We were told the wall would hold", { italic: true })], [run("It did not.")]], attribution: "Marta Lindqvist, resident" } },
  { blockQuote: { paragraphs: [[run("Nobody called.")]], attribution: null } },
  { pullQuote: { text: "The water came in faster than anyone said it would.", attribution: "A resident of Quay Street" } },
  { pullQuote: { text: "Nobody called.", attribution: null } },
  { list: { ordered: false, items: [[run("Sandbags at the depot")], [run("Road closed at "), run("Mill Lane", { href: HREF })]] } },
  { list: { ordered: true, items: [[run("Call 0800 000 111")], [run("Move valuables upstairs", { bold: true, italic: true })]] } },
  { media: { assetId: "66a1f0c2e4b0a1b2c3d4e5f6", caption: "Quay Street at dawn", credit: "Photo: Ines Varga", altText: "Flooded street with parked cars under water" } },
  { media: { assetId: "66a1f0c2e4b0a1b2c3d4e5f7", caption: null, credit: null, altText: null } },
  { embed: { provider: "youtube", url: "https://www.youtube.com/watch?v=Rq4bN8sTx2K", html: null, caption: "The council meeting" } },
  { embed: { provider: "vimeo", url: "https://player.vimeo.com/video/12345", html: '<iframe src="https://player.vimeo.com/video/12345"></iframe>', caption: null } },
  { relatedLink: { label: "READ:", articleId: "66a1f0c2e4b0a1b2c3d4e5f8", text: null } },
  { relatedLink: { label: "ALSO:", articleId: "66a1f0c2e4b0a1b2c3d4e5f9", text: "How the wall was built" } },
  { relatedLink: { label: "READ:", url: "https://example.org/flood-map", text: "The flood map" } },
  { relatedLink: { label: "WATCH:", url: "/news/flood-live", text: null } },
  { adSlot: { slotCode: "mid-article" } },
];

describe("every block type", () => {
  it.each(EVERY_BLOCK.map((block) => [Object.keys(block)[0], block] as const))("%s survives the round trip", (_, block) => {
    expectSameJson(roundTrip([block]), [block]);
  });

  it("a whole body keeps its order", () => {
    expectSameJson(roundTrip(EVERY_BLOCK), EVERY_BLOCK);
  });

  it("an editor document survives the trip through blocks", () => {
    const doc = blocksToDoc(EVERY_BLOCK);
    expect(blocksToDoc(docToBlocks(doc))).toEqual(doc);
  });

  it("fields left out of an input come back with their defaults", () => {
    const given: BlockInput[] = [
      { paragraph: { inlines: [{ text: "Plain" }] } },
      { heading: { text: "Default level" } },
      { blockQuote: { inlines: [{ text: "Quoted" }] } }, // as clients sent a quote before paragraphs
      { pullQuote: { text: "Pulled" } },
      { list: { items: [[{ text: "One" }]] } },
      { media: { assetId: "a1" } },
      { embed: { provider: "youtube", url: "https://youtu.be/x" } },
      { relatedLink: { articleId: "s1" } },
    ];
    expectSameJson(roundTrip(given), [
      { paragraph: { inlines: [run("Plain")] } },
      { heading: { text: "Default level", level: 2 } },
      { blockQuote: { paragraphs: [[run("Quoted")]], attribution: null } },
      { pullQuote: { text: "Pulled", attribution: null } },
      { list: { ordered: false, items: [[run("One")]] } },
      { media: { assetId: "a1", caption: null, credit: null, altText: null } },
      { embed: { provider: "youtube", url: "https://youtu.be/x", html: null, caption: null } },
      { relatedLink: { label: "READ:", articleId: "s1", text: null } },
    ]);
  });

  it("empty text of the optional fields is saved as null", () => {
    const doc: JSONContent = {
      type: "doc",
      content: [
        { type: "picture", attrs: { assetId: " a1 ", caption: "", credit: "  ", altText: "", preview: null } },
        { type: "blockQuote", attrs: { attribution: " " }, content: [{ type: "paragraph", content: [{ type: "text", text: "Quoted" }] }] },
      ],
    };
    expectSameJson(docToBlocks(editorDoc(doc)), [
      { media: { assetId: "a1", caption: null, credit: null, altText: null } },
      { blockQuote: { paragraphs: [[run("Quoted")]], attribution: null } },
    ]);
  });
});

describe("marks", () => {
  const combinations: Partial<Omit<InlineInput, "text">>[] = [];
  for (const bold of [false, true])
    for (const italic of [false, true]) for (const href of [null, HREF, "/news/2026/flood"]) combinations.push({ bold, italic, href });

  it.each(combinations.map((marks) => [JSON.stringify(marks), marks] as const))(
    "%s in paragraphs, block quotes and list items",
    (_, marks) => {
      const inlines = [run("Before "), run("marked", marks), run(" after.")];
      const plainOnly = !marks.bold && !marks.italic && !marks.href;
      const expected = plainOnly ? [run("Before marked after.")] : inlines;
      const blocks: BlockInput[] = [
        { paragraph: { inlines } },
        { blockQuote: { paragraphs: [inlines], attribution: "Someone" } },
        { list: { ordered: false, items: [inlines, [run("second", marks)]] } },
      ];
      expectSameJson(roundTrip(blocks), [
        { paragraph: { inlines: expected } },
        { blockQuote: { paragraphs: [expected], attribution: "Someone" } },
        { list: { ordered: false, items: [expected, [run("second", marks)]] } },
      ]);
    },
  );

  it("a link with bold and italic words inside stays one link over three runs", () => {
    const inlines = [
      run("Read "),
      run("the report ", { href: HREF }),
      run("in full", { href: HREF, bold: true }),
      run(" today", { href: HREF, italic: true }),
      run("."),
    ];
    const doc = blocksToDoc([{ paragraph: { inlines } }]);
    const texts = doc.content?.[0]?.content ?? [];
    expect(texts.map((node) => node.marks?.map((mark) => mark.type) ?? [])).toEqual([
      [],
      ["link"],
      ["link", "bold"],
      ["link", "italic"],
      [],
    ]);
    expectSameJson(roundTrip([{ paragraph: { inlines } }]), [{ paragraph: { inlines } }]);
  });

  it("two links side by side stay two links", () => {
    const inlines = [run("one", { href: "https://a.example/" }), run("two", { href: "https://b.example/" })];
    expectSameJson(roundTrip([{ paragraph: { inlines } }]), [{ paragraph: { inlines } }]);
  });

  it("adjacent runs with the same marks are merged, empty runs dropped", () => {
    const given: BlockInput[] = [
      {
        paragraph: {
          inlines: [run("Flood ", { bold: true }), run("", { italic: true }), run("warning", { bold: true }), run(" issued"), run(" at dawn")],
        },
      },
    ];
    expectSameJson(roundTrip(given), [{ paragraph: { inlines: [run("Flood warning", { bold: true }), run(" issued at dawn")] } }]);
  });

  it("adjacent text nodes in a document with the same marks are merged into one run", () => {
    const doc: JSONContent = {
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "a", marks: [{ type: "italic" }] },
            { type: "text", text: "b", marks: [{ type: "italic" }] },
          ],
        },
      ],
    };
    expectSameJson(docToBlocks(doc), [{ paragraph: { inlines: [run("ab", { italic: true })] } }]);
  });

  it.each([
    "javascript:alert(1)",
    "//evil.example/x",
    "/\\evil.example",
    "https://example.org\\evil.example",
    "https://exa mple.org/",
    "mailto:",
    "data:text/html,x",
    "https://",
    " https://example.org/",
    "/news/\tx",
    "/news/a b",
  ])(
    "an unsafe link %j keeps its text and loses the link, both ways",
    (href) => {
      const given: BlockInput[] = [{ paragraph: { inlines: [run("Click "), run("here", { href }), run(".")] } }];
      expectSameJson(roundTrip(given), [{ paragraph: { inlines: [run("Click here.")] } }]);
      const doc: JSONContent = {
        type: "doc",
        content: [{ type: "paragraph", content: [{ type: "text", text: "here", marks: [{ type: "link", attrs: { href } }] }] }],
      };
      expectSameJson(docToBlocks(doc), [{ paragraph: { inlines: [run("here")] } }]);
    },
  );

  it("a mailto: link is kept in the text, but is no related link's address", () => {
    const inlines = [run("Write to "), run("the desk", { href: "mailto:desk@example.org" })];
    expectSameJson(roundTrip([{ paragraph: { inlines } }]), [{ paragraph: { inlines } }]);
    const related = { type: "relatedLink", attrs: { label: "READ:", articleId: null, headline: null, url: "mailto:desk@example.org", text: null } };
    expect(docToBlocks({ type: "doc", content: [related] })).toEqual([]);
  });

  it("headings and pull quotes carry no marks: the schema refuses them", () => {
    for (const type of ["heading", "pullQuote"]) {
      const doc = { type: "doc", content: [{ type, content: [{ type: "text", text: "x", marks: [{ type: "bold" }] }] }] };
      expect(() => schema.nodeFromJSON(doc).check()).toThrow();
    }
  });
});

describe("paragraphs", () => {
  it("empty paragraphs between others are kept", () => {
    const blocks: BlockInput[] = [
      { paragraph: { inlines: [run("First.")] } },
      { paragraph: { inlines: [] } },
      { paragraph: { inlines: [] } },
      { paragraph: { inlines: [run("Second.")] } },
    ];
    expectSameJson(roundTrip(blocks), blocks);
  });

  it("an empty body is one empty paragraph to type in, and that paragraph is an empty body", () => {
    const doc = blocksToDoc([]);
    expect(editorDoc(doc)).toEqual({ type: "doc", content: [{ type: "paragraph", attrs: { blockId: null } }] });
    expect(docToBlocks(doc)).toEqual([]);
    expect(roundTrip([{ paragraph: { inlines: [] } }])).toEqual([]);
  });

  it("line breaks inside a run are kept as they are", () => {
    const blocks: BlockInput[] = [{ paragraph: { inlines: [run("Line one\nline two")] } }];
    expectSameJson(roundTrip(blocks), blocks);
  });
});

describe("headings", () => {
  it.each([2, 3, 4, 5, 6])("level %i is kept", (level) => {
    const blocks: BlockInput[] = [{ heading: { text: "Level", level } }];
    expectSameJson(roundTrip(blocks), blocks);
  });

  it.each([
    [1, 2],
    [0, 2],
    [7, 6],
    [42, 6],
  ])("level %i, which the server refuses, becomes %i", (given, kept) => {
    expectSameJson(roundTrip([{ heading: { text: "Level", level: given } }]), [{ heading: { text: "Level", level: kept } }]);
    const doc = { type: "doc", content: [{ type: "heading", attrs: { level: given }, content: [{ type: "text", text: "x" }] }] };
    expectSameJson(docToBlocks(doc), [{ heading: { text: "x", level: kept } }]);
  });

  it("an empty heading is kept (the server takes it)", () => {
    expectSameJson(roundTrip([{ heading: { text: "", level: 3 } }]), [{ heading: { text: "", level: 3 } }]);
  });
});

describe("lists", () => {
  it("an empty item is kept", () => {
    const blocks: BlockInput[] = [{ list: { ordered: true, items: [[run("one")], [], [run("three")]] } }];
    expectSameJson(roundTrip(blocks), blocks);
  });

  it("a list without items is no block (the schema needs an item)", () => {
    expect(blocksToDoc([{ list: { ordered: false, items: [] } }])).toEqual({
      type: "doc",
      content: [{ type: "paragraph", attrs: { blockId: null } }],
    });
  });

  it("nested lists are refused by the schema, and flattened if a document has them anyway", () => {
    const item = (words: string, nested?: JSONContent): JSONContent => ({
      type: "listItem",
      content: [{ type: "paragraph", content: [{ type: "text", text: words }] }, ...(nested ? [nested] : [])],
    });
    const doc: JSONContent = {
      type: "doc",
      content: [{ type: "bulletList", content: [item("outer", { type: "orderedList", content: [item("inner one"), item("inner two")] }), item("after")] }],
    };
    expect(() => schema.nodeFromJSON(doc).check()).toThrow();
    expectSameJson(docToBlocks(doc), [{ list: { ordered: false, items: [[run("outer")], [run("inner one")], [run("inner two")], [run("after")]] } }]);
  });
});

describe("blocks the server would refuse are not produced", () => {
  const doc = (node: JSONContent): JSONContent => ({ type: "doc", content: [node] });

  it.each([
    ["picture", { assetId: null, caption: "A caption", credit: null, altText: null, preview: null }],
    ["picture", { assetId: "  ", caption: null, credit: null, altText: null, preview: null }],
    ["embed", { url: null, provider: null, html: null, caption: "x" }],
    ["embed", { url: "ftp://files.example/x", provider: null, html: null, caption: null }],
    ["embed", { url: "/news/local", provider: null, html: null, caption: null }],
    ["relatedLink", { label: "READ:", articleId: null, headline: null, url: null, text: "Orphan" }],
    ["relatedLink", { label: "READ:", articleId: null, headline: null, url: "javascript:alert(1)", text: null }],
    ["adSlot", { slotCode: "" }],
    ["adSlot", { slotCode: null }],
  ])("an unfinished %s %j is left out, with the reason", (type, attrs) => {
    const node = { type, attrs };
    expect(editorDoc(doc(node))).toBeTruthy();
    expect(blockProblem(node)).toMatch(/not saved/);
    expect(docToBlocks(doc(node))).toEqual([]);
  });

  it("a related link with both a story and an address names only the story", () => {
    const node = { type: "relatedLink", attrs: { label: "READ:", articleId: "s1", headline: "Flood", url: "https://example.org/", text: null } };
    expectSameJson(docToBlocks(doc(node)), [{ relatedLink: { label: "READ:", articleId: "s1", text: null } }]);
  });

  it("an embed without a provider is named after its address", () => {
    const cases: [string, string][] = [
      ["https://youtu.be/Rq4bN8sTx2K", "youtube"],
      ["https://www.youtube.com/watch?v=Rq4bN8sTx2K", "youtube"],
      ["https://open.spotify.com/episode/abc", "spotify"],
      ["https://x.com/newsroom/status/1", "x"],
      ["https://www.example.org/widget", "example.org"],
    ];
    for (const [url, provider] of cases) {
      const blocks = docToBlocks(doc({ type: "embed", attrs: { url, provider: null, html: null, caption: null } }));
      expect(blocks).toEqual([{ embed: { provider, url, html: null, caption: null } }]);
    }
  });

  it("fields are trimmed where a stray space would break them", () => {
    const blocks = docToBlocks({
      type: "doc",
      content: [
        { type: "embed", attrs: { url: " https://youtu.be/x ", provider: null, html: null, caption: null } },
        { type: "adSlot", attrs: { slotCode: " mid-article " } },
        { type: "relatedLink", attrs: { label: "READ:", articleId: null, headline: null, url: " /news/x ", text: null } },
      ],
    });
    expectSameJson(blocks, [
      { embed: { provider: "youtube", url: "https://youtu.be/x", html: null, caption: null } },
      { adSlot: { slotCode: "mid-article" } },
      { relatedLink: { label: "READ:", url: "/news/x", text: null } },
    ]);
  });
});

describe("words", () => {
  it("counts words, not punctuation", () => {
    expect(countWords("")).toBe(0);
    expect(countWords("  — ")).toBe(0);
    expect(countWords("The council’s flood-defence plan, costing £4.5m, was shelved.")).toBe(8);
  });

  it("counts the words of text blocks only, not pull quotes (as the server counts)", () => {
    expect(bodyWords(EVERY_BLOCK)).toBe(
      countWords("The river rose two metres overnight.") +
        countWords("What the council knew") +
        countWords("The minutes") +
        countWords("We were told the wall would hold") +
        countWords("It did not.") +
        countWords("Nobody called.") +
        countWords("Sandbags at the depot Road closed at Mill Lane") +
        countWords("Call 0800 000 111 Move valuables upstairs"),
    );
  });

  it("reading time rounds up, and an empty story takes no time", () => {
    expect(readingMinutes(0)).toBe(0);
    expect(readingMinutes(1)).toBe(1);
    expect(readingMinutes(230)).toBe(1);
    expect(readingMinutes(231)).toBe(2);
    expect(readingMinutes(5000)).toBe(22);
  });
});

describe("block ids", () => {
  it("every block keeps the id it was read with, through the editor and back", () => {
    const withIds = EVERY_BLOCK.map((block, i) => withId(block, `block-${i}`));
    expectSameJson(roundTrip(withIds), withIds);
  });

  it("a copy of a block (pasted twice) is a block of its own, without the first one's id", () => {
    const doc = blocksToDoc([withId({ paragraph: { inlines: [run("Once.")] } }, "b1")]);
    const copy = doc.content?.[0];
    const twice: JSONContent = { type: "doc", content: copy ? [copy, copy] : [] };
    expectSameJson(docToBlocks(editorDoc(twice)), [
      { paragraph: { inlines: [run("Once.")], id: "b1" } },
      { paragraph: { inlines: [run("Once.")] } },
    ]);
  });

});

describe("block quotes", () => {
  it("keep each of their paragraphs, and an empty one is dropped", () => {
    const quote: BlockInput = { blockQuote: { paragraphs: [[run("One.")], [], [run("Two.")]], attribution: "Mayor" } };
    expectSameJson(roundTrip([quote]), [{ blockQuote: { paragraphs: [[run("One.")], [run("Two.")]], attribution: "Mayor" } }]);
  });
});
