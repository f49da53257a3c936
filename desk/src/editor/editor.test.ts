// @vitest-environment jsdom
// The real Tiptap editor with the body's extensions: what it holds is what the mapping makes,
// and HTML pasted from elsewhere comes in as blocks the model can hold.
import { Editor, type JSONContent } from "@tiptap/core";
import { afterEach, describe, expect, it } from "vitest";
import type { BlockInput } from "../gql/graphql";
import { blocksToDoc, docToBlocks } from "./mapping";
import { bodyExtensions } from "./schema";

let editor: Editor | null = null;
afterEach(() => {
  editor?.destroy();
  editor = null;
});

function open(blocks: BlockInput[]): Editor {
  editor = new Editor({ element: document.createElement("div"), extensions: bodyExtensions(), content: blocksToDoc(blocks) });
  return editor;
}

const run = (text: string, bold = false, italic = false, href: string | null = null) => ({ text, bold, italic, href });

describe("the editor holds exactly the mapped document", () => {
  it("for a body of every kind of block", () => {
    const blocks: BlockInput[] = [
      { paragraph: { inlines: [run("Water "), run("rose", true, true, "https://example.org/")] } },
      { heading: { text: "Then", level: 4 } },
      { blockQuote: { inlines: [run("It held", false, true)], attribution: "The engineer" } },
      { pullQuote: { text: "It held.", attribution: null } },
      { list: { ordered: true, items: [[run("one")], [run("two")]] } },
      { media: { assetId: "a1", caption: "Dawn", credit: null, altText: "A street" } },
      { embed: { provider: "youtube", url: "https://youtu.be/x", html: null, caption: null } },
      { relatedLink: { label: "READ:", url: "/news/x", text: null } },
      { adSlot: { slotCode: "mid-article" } },
    ];
    const doc = blocksToDoc(blocks);
    expect(open(blocks).getJSON()).toEqual(doc);
    expect(JSON.stringify(docToBlocks(open(blocks).getJSON()))).toBe(JSON.stringify(blocks));
  });
});

describe("pasted HTML", () => {
  function paste(html: string): BlockInput[] {
    const e = open([]);
    e.commands.insertContent(html);
    return docToBlocks(e.getJSON() as JSONContent);
  }

  it("nested lists come in flat, every word kept: the model has no nested lists", () => {
    const blocks = paste("<ul><li>outer<ul><li>inner</li></ul></li><li>after</li></ul>");
    const item = (text: string): BlockInput => ({ list: { ordered: false, items: [[run(text)]] } });
    expect(JSON.stringify(blocks)).toBe(JSON.stringify([item("outer"), item("inner"), item("after")]));
  });

  it("an h1 becomes a level 2 heading, strike and code lose their marks, javascript: links their link", () => {
    const blocks = paste('<h1>Title</h1><p><s>gone</s> <code>x</code> <a href="javascript:alert(1)">here</a> <strong>bold</strong></p>');
    expect(JSON.stringify(blocks)).toBe(
      JSON.stringify([
        { heading: { text: "Title", level: 2 } },
        { paragraph: { inlines: [run("gone x here "), run("bold", true)] } },
      ]),
    );
  });
});
