// Moving, removing and inserting whole blocks, on the editor's real schema.
import type { JSONContent } from "@tiptap/core";
import { EditorState, NodeSelection, TextSelection } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";
import type { BlockInput } from "../gql/graphql";
import { insertBlock, moveBlock, removeBlock } from "./commands";
import { blocksToDoc, docToBlocks } from "./mapping";
import { bodySchema } from "./schema";

const schema = bodySchema();
const para = (text: string): BlockInput => ({ paragraph: { inlines: [{ text, bold: false, italic: false, href: null }] } });
const BODY: BlockInput[] = [para("one"), { adSlot: { slotCode: "mid-article" } }, para("three")];

function stateOf(blocks: BlockInput[]): EditorState {
  return EditorState.create({ schema, doc: schema.nodeFromJSON(blocksToDoc(blocks)) });
}

/** Position inside the text of the index-th block, `offset` characters in. */
function caretIn(state: EditorState, index: number, offset: number): EditorState {
  let pos = 0;
  for (let i = 0; i < index; i += 1) pos += state.doc.child(i).nodeSize;
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos + 1 + offset)));
}

function run(state: EditorState, command: (s: EditorState, d?: (tr: import("@tiptap/pm/state").Transaction) => void) => boolean) {
  let next = state;
  const ok = command(state, (tr) => {
    next = state.apply(tr);
  });
  return { ok, state: next, blocks: docToBlocks(next.doc.toJSON() as JSONContent) };
}

const words = (blocks: BlockInput[]) => blocks.map((b) => b.paragraph?.inlines[0]?.text ?? b.adSlot?.slotCode);

describe("moving a block", () => {
  it("down and up, with the caret staying where it was in the text", () => {
    const start = caretIn(stateOf(BODY), 0, 2);
    const down = run(start, moveBlock(1));
    expect(down.ok).toBe(true);
    expect(words(down.blocks)).toEqual(["mid-article", "one", "three"]);
    expect(down.state.selection.$from.parent.textContent).toBe("one");
    expect(down.state.selection.$from.parentOffset).toBe(2);
    const again = run(down.state, moveBlock(1));
    expect(words(again.blocks)).toEqual(["mid-article", "three", "one"]);
    const up = run(again.state, moveBlock(-1));
    expect(words(up.blocks)).toEqual(["mid-article", "one", "three"]);
    expect(up.state.selection.$from.parentOffset).toBe(2);
  });

  it("a selected picture or ad slot moves and stays selected", () => {
    const state = stateOf(BODY);
    const selected = state.apply(state.tr.setSelection(NodeSelection.create(state.doc, state.doc.child(0).nodeSize)));
    const up = run(selected, moveBlock(-1));
    expect(words(up.blocks)).toEqual(["mid-article", "one", "three"]);
    expect(up.state.selection).toBeInstanceOf(NodeSelection);
    expect((up.state.selection as NodeSelection).node.type.name).toBe("adSlot");
  });

  it("not past the ends", () => {
    expect(run(caretIn(stateOf(BODY), 0, 0), moveBlock(-1)).ok).toBe(false);
    expect(run(caretIn(stateOf(BODY), 2, 0), moveBlock(1)).ok).toBe(false);
  });

  it("a whole list moves as one block", () => {
    const list: BlockInput = { list: { ordered: false, items: [[{ text: "a" }], [{ text: "b" }]] } };
    const state = stateOf([para("one"), list]);
    // Into the list, its first item, its paragraph: three steps past the list's start.
    const inItem = state.apply(state.tr.setSelection(TextSelection.create(state.doc, state.doc.child(0).nodeSize + 3)));
    const up = run(inItem, moveBlock(-1));
    expect(up.blocks[0]?.list?.items.length).toBe(2);
    expect(words([up.blocks[1] as BlockInput])).toEqual(["one"]);
  });
});

describe("removing a block", () => {
  it("removes the block with the caret, which goes on to the next", () => {
    const removed = run(caretIn(stateOf(BODY), 0, 1), removeBlock);
    expect(words(removed.blocks)).toEqual(["mid-article", "three"]);
  });

  it("the last block left becomes an empty paragraph", () => {
    const removed = run(caretIn(stateOf([para("only")]), 0, 1), removeBlock);
    expect(removed.blocks).toEqual([]);
    expect(removed.state.doc.toJSON()).toEqual({ type: "doc", content: [{ type: "paragraph", attrs: { blockId: null } }] });
  });
});

describe("inserting a block", () => {
  it("goes after the current block and is selected", () => {
    const picture = schema.nodes.picture!.create({ assetId: "a1" });
    const inserted = run(caretIn(stateOf(BODY), 0, 1), insertBlock(picture));
    expect(inserted.blocks.map((b) => Object.keys(b)[0])).toEqual(["paragraph", "media", "adSlot", "paragraph"]);
    expect((inserted.state.selection as NodeSelection).node.type.name).toBe("picture");
  });

  it("takes the place of an empty paragraph", () => {
    const heading = schema.nodes.heading!.create({ level: 3 });
    const inserted = run(caretIn(stateOf([para("one"), { paragraph: { inlines: [] } }, para("three")]), 1, 0), insertBlock(heading));
    expect(inserted.blocks).toEqual([para("one"), { heading: { text: "", level: 3 } }, para("three")]);
    expect(inserted.state.selection.$from.parent.type.name).toBe("heading");
  });
});
