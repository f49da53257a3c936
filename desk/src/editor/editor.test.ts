// @vitest-environment jsdom
// The real Tiptap editor with the body's extensions: what it holds is what the mapping makes,
// and HTML pasted from elsewhere comes in as blocks the model can hold.
import { Editor, type JSONContent } from "@tiptap/core";
import { Slice } from "@tiptap/pm/model";
import { TextSelection } from "@tiptap/pm/state";
import { afterEach, describe, expect, it } from "vitest";
import type { BlockInput } from "../gql/graphql";
import { blocksToDoc, docToBlocks, withId } from "./mapping";
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
      { blockQuote: { paragraphs: [[run("It held", false, true)], [run("For now.")]], attribution: "The engineer" } },
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

  it("a quote of several paragraphs, a table and a picture keep every word", () => {
    const blocks = paste(
      '<blockquote><p>One.</p><p>Two.</p></blockquote><table><tr><td>Cell</td></tr></table><p><img src="x.png" alt="pic">After</p>',
    );
    const words = JSON.stringify(blocks);
    for (const word of ["One.", "Two.", "Cell", "After"]) expect(words).toContain(word);
    expect(blocks.length).toBeGreaterThan(0);
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

describe("pasting an address", () => {
  /** What ProseMirror does with a paste of plain text: ask each plugin's handlePaste. */
  function pasteText(e: Editor, text: string): boolean {
    const event = { clipboardData: { getData: (type: string) => (type === "text/plain" ? text : "") } } as unknown as ClipboardEvent;
    return Boolean(e.view.someProp("handlePaste", (handle) => handle(e.view, event, Slice.empty)));
  }

  function caretAtEndOf(e: Editor, index: number) {
    let pos = 0;
    for (let i = 0; i <= index; i += 1) pos += e.state.doc.child(i).nodeSize;
    e.view.dispatch(e.state.tr.setSelection(TextSelection.create(e.state.doc, pos - 1)));
  }

  it("of a known player on an empty line makes an embed of it", () => {
    const e = open([{ paragraph: { inlines: [run("Watch:")] } }, { paragraph: { inlines: [] } }]);
    caretAtEndOf(e, 1);
    expect(pasteText(e, " https://www.youtube.com/watch?v=Rq4bN8sTx2K ")).toBe(true);
    expect(JSON.stringify(docToBlocks(e.getJSON()))).toBe(
      JSON.stringify([
        { paragraph: { inlines: [run("Watch:")] } },
        { embed: { provider: "youtube", url: "https://www.youtube.com/watch?v=Rq4bN8sTx2K", html: null, caption: null } },
      ]),
    );
  });

  it("inside text, or of any other site, is left to the usual paste", () => {
    const e = open([{ paragraph: { inlines: [run("Watch:")] } }, { paragraph: { inlines: [] } }]);
    caretAtEndOf(e, 0);
    expect(pasteText(e, "https://www.youtube.com/watch?v=Rq4bN8sTx2K")).toBe(false);
    caretAtEndOf(e, 1);
    expect(pasteText(e, "https://example.org/a-page")).toBe(false);
    expect(pasteText(e, "javascript:alert(1)")).toBe(false);
  });
});

describe("keys", () => {
  it("Shift+Enter starts a new paragraph (the model has no line breaks), in a list a new item", () => {
    const e = open([{ paragraph: { inlines: [run("First")] } }, { list: { ordered: false, items: [[run("one")]] } }]);
    const press = () =>
      e.view.someProp("handleKeyDown", (handle) => handle(e.view, new KeyboardEvent("keydown", { key: "Enter", shiftKey: true })));
    e.view.dispatch(e.state.tr.setSelection(TextSelection.create(e.state.doc, 6)));
    expect(press()).toBe(true);
    e.commands.insertContent("Second");
    e.view.dispatch(e.state.tr.setSelection(TextSelection.atEnd(e.state.doc)));
    expect(press()).toBe(true);
    e.commands.insertContent("two");
    expect(JSON.stringify(docToBlocks(e.getJSON()))).toBe(
      JSON.stringify([
        { paragraph: { inlines: [run("First")] } },
        { paragraph: { inlines: [run("Second")] } },
        { list: { ordered: false, items: [[run("one")], [run("two")]] } },
      ]),
    );
  });
});

describe("block ids in the editor", () => {
  it("splitting a paragraph leaves its id with the first half: the second is a new block", () => {
    const e = open([withId({ paragraph: { inlines: [run("One. Two.")] } }, "b1")]);
    e.commands.setTextSelection(6);
    e.commands.splitBlock();
    expect(JSON.stringify(docToBlocks(e.getJSON()))).toBe(
      JSON.stringify([{ paragraph: { inlines: [run("One. ")], id: "b1" } }, { paragraph: { inlines: [run("Two.")] } }]),
    );
  });
});
