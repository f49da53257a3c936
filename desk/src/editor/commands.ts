// Block-level editing as ProseMirror commands (state, dispatch): move the block holding the
// selection up or down, remove it, insert a new block after it. The "block" is always a child
// of the document: a whole list moves as one, like a picture or a paragraph.
import type { Node as PMNode } from "@tiptap/pm/model";
import { type EditorState, NodeSelection, Selection, TextSelection, type Transaction } from "@tiptap/pm/state";

type Dispatch = ((tr: Transaction) => void) | undefined;

/** The index and start of the top-level block that holds the selection. */
export function currentBlock(state: EditorState): { index: number; start: number; node: PMNode } | null {
  const { selection, doc } = state;
  if (doc.childCount === 0) return null;
  let index: number;
  if (selection instanceof NodeSelection && selection.$from.depth === 0) index = selection.$from.index(0);
  else if (selection.$from.depth >= 1) index = selection.$from.index(0);
  else index = Math.min(selection.$from.index(0), doc.childCount - 1);
  let start = 0;
  for (let i = 0; i < index; i += 1) start += doc.child(i).nodeSize;
  return { index, start, node: doc.child(index) };
}

/** The selection moved by `delta`, of the same kind (caret, range, or the block itself). */
function shifted(state: EditorState, tr: Transaction, delta: number): Selection {
  const { selection } = state;
  if (selection instanceof NodeSelection) return NodeSelection.create(tr.doc, selection.from + delta);
  if (selection instanceof TextSelection) return TextSelection.create(tr.doc, selection.anchor + delta, selection.head + delta);
  return Selection.near(tr.doc.resolve(Math.min(selection.from + delta, tr.doc.content.size)));
}

/** Swap the current block with the one above (-1) or below (1). */
export function moveBlock(direction: -1 | 1) {
  return (state: EditorState, dispatch?: Dispatch): boolean => {
    const block = currentBlock(state);
    if (!block) return false;
    const otherIndex = block.index + direction;
    if (otherIndex < 0 || otherIndex >= state.doc.childCount) return false;
    if (!dispatch) return true;
    const other = state.doc.child(otherIndex);
    const tr = state.tr;
    const sliceFrom = direction < 0 ? block.start - other.nodeSize : block.start;
    const sliceTo = direction < 0 ? block.start + block.node.nodeSize : block.start + block.node.nodeSize + other.nodeSize;
    tr.replaceWith(sliceFrom, sliceTo, direction < 0 ? [block.node, other] : [other, block.node]);
    const delta = direction < 0 ? -other.nodeSize : other.nodeSize;
    tr.setSelection(shifted(state, tr, delta)).scrollIntoView();
    dispatch(tr);
    return true;
  };
}

/** Remove the current block; the last block of a body becomes an empty paragraph. */
export function removeBlock(state: EditorState, dispatch?: Dispatch): boolean {
  const block = currentBlock(state);
  if (!block) return false;
  if (!dispatch) return true;
  const tr = state.tr;
  const end = block.start + block.node.nodeSize;
  if (state.doc.childCount === 1) {
    const empty = state.schema.nodes.paragraph?.create();
    if (!empty) return false;
    tr.replaceWith(block.start, end, empty);
    tr.setSelection(TextSelection.create(tr.doc, 1));
  } else {
    tr.delete(block.start, end);
    const at = Math.min(block.start, tr.doc.content.size);
    tr.setSelection(Selection.near(tr.doc.resolve(at), at === tr.doc.content.size ? -1 : 1));
  }
  dispatch(tr.scrollIntoView());
  return true;
}

/**
 * Put `node` after the current block (in place of it when that is an empty paragraph) and
 * select it: the caret inside a text block, the block itself otherwise.
 */
export function insertBlock(node: PMNode) {
  return (state: EditorState, dispatch?: Dispatch): boolean => {
    const block = currentBlock(state);
    if (!dispatch) return true;
    const tr = state.tr;
    let at: number;
    if (!block) {
      at = 0;
      tr.insert(0, node);
    } else if (block.node.type.name === "paragraph" && block.node.content.size === 0) {
      at = block.start;
      tr.replaceWith(block.start, block.start + block.node.nodeSize, node);
    } else {
      at = block.start + block.node.nodeSize;
      tr.insert(at, node);
    }
    if (node.isTextblock) tr.setSelection(TextSelection.create(tr.doc, at + 1 + node.content.size));
    else if (node.isAtom) tr.setSelection(NodeSelection.create(tr.doc, at));
    else tr.setSelection(Selection.near(tr.doc.resolve(at + 1)));
    dispatch(tr.scrollIntoView());
    return true;
  };
}
