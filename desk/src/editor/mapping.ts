// The body both ways: our blocks (BlockInput[], runs of text with marks) to the editor's
// document (ProseMirror JSON of schema.ts), and back. Pure functions, no editor needed.
//
// Going to blocks never produces what the server refuses: heading levels stay within 2-6,
// related links name either a story or an address, embeds have an http(s) URL, links are web
// addresses, site paths or mailto: (an unsafe link keeps its text and loses the link). A block that is
// not finished yet (a picture without an asset, an embed without an address...) is left out,
// and `blockProblem` says why so the editor can show it beside the block.
//
// The blocks come out in one canonical shape (every field present, nulls for empty text, runs
// with the same marks merged, a block's id last and only when it has one), the same shape the
// story form reads from the API, so the page can compare bodies as JSON. A block keeps its id
// through the editor (the node's blockId); a copy of a block (pasted twice) is a new block.
import type { JSONContent } from "@tiptap/core";
import type { BlockInput, InlineInput } from "../gql/graphql";
import { embedProvider, isPageAddress, isSafeHref, isWebUrl } from "./links";
import { BLOCK_TYPES, HEADING_LEVELS } from "./schema";

/** A run as the mapping gives it: every field present. */
export interface Run {
  text: string;
  bold: boolean;
  italic: boolean;
  href: string | null;
}

const orNull = (value: unknown): string | null =>
  typeof value === "string" && value.trim() !== "" ? value : null;

const text = (value: unknown): string => (typeof value === "string" ? value : "");

const MIN_LEVEL = Math.min(...HEADING_LEVELS);
const MAX_LEVEL = Math.max(...HEADING_LEVELS);

export function headingLevel(level: unknown): number {
  const n = typeof level === "number" && Number.isFinite(level) ? Math.round(level) : 2;
  return Math.min(Math.max(n, MIN_LEVEL), MAX_LEVEL);
}

// --- Blocks to the document -----------------------------------------------------------------

/** Runs as text nodes: empty runs dropped, equal neighbours merged, unsafe links dropped. */
export function runsToContent(inlines: readonly InlineInput[]): JSONContent[] {
  const nodes: JSONContent[] = [];
  let lastKey: string | null = null;
  for (const run of inlines) {
    if (!run.text) continue;
    const marks: JSONContent["marks"] = [];
    // In the schema's order of marks (link first: its priority is higher).
    if (run.href && isSafeHref(run.href)) marks.push({ type: "link", attrs: { href: run.href } });
    if (run.bold) marks.push({ type: "bold" });
    if (run.italic) marks.push({ type: "italic" });
    const key = JSON.stringify(marks);
    const last = nodes[nodes.length - 1];
    if (last && key === lastKey) {
      last.text = `${last.text ?? ""}${run.text}`;
      continue;
    }
    nodes.push(marks.length ? { type: "text", text: run.text, marks } : { type: "text", text: run.text });
    lastKey = key;
  }
  return nodes;
}

function textblock(type: string, content: JSONContent[], attrs?: Record<string, unknown>): JSONContent {
  const node: JSONContent = { type };
  if (attrs) node.attrs = attrs;
  if (content.length) node.content = content;
  return node;
}

function plain(value: string): JSONContent[] {
  return value ? [{ type: "text", text: value }] : [];
}

/** The paragraphs of a quote: its own, or (as older clients sent it) its one run of text. */
export function quoteParagraphs(quote: NonNullable<BlockInput["blockQuote"]>): (readonly InlineInput[])[] {
  return quote.paragraphs ?? [quote.inlines ?? []];
}

/** The block with its id, which comes last in its member and only when there is one. */
export function withId(block: BlockInput, given: unknown): BlockInput {
  if (typeof given !== "string" || given === "") return block;
  const id = given;
  if (block.paragraph) return { paragraph: { ...block.paragraph, id } };
  if (block.heading) return { heading: { ...block.heading, id } };
  if (block.blockQuote) return { blockQuote: { ...block.blockQuote, id } };
  if (block.pullQuote) return { pullQuote: { ...block.pullQuote, id } };
  if (block.list) return { list: { ...block.list, id } };
  if (block.media) return { media: { ...block.media, id } };
  if (block.embed) return { embed: { ...block.embed, id } };
  if (block.relatedLink) return { relatedLink: { ...block.relatedLink, id } };
  if (block.adSlot) return { adSlot: { ...block.adSlot, id } };
  return block;
}

/** The id a block was read with, if any. */
function idOf(block: BlockInput): string | null {
  const member = Object.values(block).find((value) => value && typeof value === "object") as { id?: unknown } | undefined;
  return typeof member?.id === "string" ? member.id : null;
}

/** One block as a node of the document, with its id. */
export function blockToNode(block: BlockInput): JSONContent | null {
  const node = blockNode(block);
  const id = idOf(block);
  if (node && id) node.attrs = { ...node.attrs, blockId: id };
  return node;
}

function blockNode(block: BlockInput): JSONContent | null {
  if (block.paragraph) return textblock("paragraph", runsToContent(block.paragraph.inlines));
  if (block.heading) {
    return textblock("heading", plain(block.heading.text), { level: headingLevel(block.heading.level ?? 2) });
  }
  if (block.blockQuote) {
    const paragraphs = quoteParagraphs(block.blockQuote).map((runs) => textblock("paragraph", runsToContent(runs)));
    return { type: "blockQuote", attrs: { attribution: orNull(block.blockQuote.attribution) }, content: paragraphs };
  }
  if (block.pullQuote) {
    return textblock("pullQuote", plain(block.pullQuote.text), { attribution: orNull(block.pullQuote.attribution) });
  }
  if (block.list) {
    const items = block.list.items.map((item) => ({
      type: "listItem",
      content: [textblock("paragraph", runsToContent(item))],
    }));
    if (!items.length) return null;
    return { type: block.list.ordered ? "orderedList" : "bulletList", content: items };
  }
  if (block.media) {
    const { assetId, caption, credit, altText } = block.media;
    return {
      type: "picture",
      attrs: {
        assetId: orNull(assetId),
        caption: orNull(caption),
        credit: orNull(credit),
        altText: orNull(altText),
        preview: null,
      },
    };
  }
  if (block.embed) {
    const { url, provider, html, caption } = block.embed;
    return { type: "embed", attrs: { url: orNull(url), provider: orNull(provider), html: html ?? null, caption: orNull(caption) } };
  }
  if (block.relatedLink) {
    const { label, articleId, url, text: words } = block.relatedLink;
    return {
      type: "relatedLink",
      attrs: {
        label: label ?? "READ:",
        articleId: orNull(articleId),
        headline: null,
        url: articleId ? null : orNull(url),
        text: orNull(words),
      },
    };
  }
  if (block.adSlot) return { type: "adSlot", attrs: { slotCode: orNull(block.adSlot.slotCode) } };
  return null;
}

const WITH_ID: ReadonlySet<string | undefined> = new Set(BLOCK_TYPES);

/** The node as the editor holds it: every block (at any depth) with its blockId, null if none. */
function withBlockIds(node: JSONContent): JSONContent {
  const copy: JSONContent = { ...node };
  if (WITH_ID.has(node.type)) copy.attrs = { ...node.attrs, blockId: node.attrs?.blockId ?? null };
  if (node.content) copy.content = node.content.map(withBlockIds);
  return copy;
}

/** The editor's document for a body; an empty body is one empty paragraph to type in. */
export function blocksToDoc(blocks: readonly BlockInput[]): JSONContent {
  const content = blocks.map(blockToNode).filter((node): node is JSONContent => node !== null);
  return withBlockIds({ type: "doc", content: content.length ? content : [{ type: "paragraph" }] });
}

// --- The document to blocks -----------------------------------------------------------------

/** The runs of a textblock's content: marks read, unsafe links dropped, equal runs merged. */
export function contentToRuns(content: readonly JSONContent[] | undefined): Run[] {
  const runs: Run[] = [];
  for (const node of content ?? []) {
    if (node.type !== "text" || !node.text) continue;
    let bold = false;
    let italic = false;
    let href: string | null = null;
    for (const mark of node.marks ?? []) {
      if (mark.type === "bold") bold = true;
      else if (mark.type === "italic") italic = true;
      else if (mark.type === "link") {
        const target: unknown = mark.attrs?.href;
        if (typeof target === "string" && isSafeHref(target)) href = target;
      }
    }
    const last = runs[runs.length - 1];
    if (last && last.bold === bold && last.italic === italic && last.href === href) last.text += node.text;
    else runs.push({ text: node.text, bold, italic, href });
  }
  return runs;
}

function plainText(content: readonly JSONContent[] | undefined): string {
  return (content ?? []).map((node) => (node.type === "text" ? (node.text ?? "") : plainText(node.content))).join("");
}

/** Why a block cannot be saved as it stands, in words for the writer; null when it can. */
export function blockProblem(node: JSONContent): string | null {
  const attrs = node.attrs ?? {};
  switch (node.type) {
    case "picture":
      return orNull(attrs.assetId) ? null : "Choose a picture (or type its asset ID): until then this block is not saved.";
    case "embed": {
      const url = text(attrs.url).trim();
      if (!url) return "Paste the address of what to embed: until then this block is not saved.";
      return isWebUrl(url) ? null : "An embed needs an http(s) address: this block is not saved until it has one.";
    }
    case "relatedLink": {
      if (orNull(attrs.articleId)) return null;
      const url = text(attrs.url).trim();
      if (!url) return "Find a story or give an address: until then this link is not saved.";
      return isPageAddress(url) ? null : "Use an http(s) address or a path starting with /: this link is not saved until then.";
    }
    case "adSlot":
      return orNull(attrs.slotCode) ? null : "Give the ad slot's code: until then this block is not saved.";
    default:
      return null;
  }
}

/** Every list item's runs, nested lists (which the schema refuses) flattened after their item. */
function listItems(list: JSONContent): Run[][] {
  const items: Run[][] = [];
  for (const item of list.content ?? []) {
    const own: JSONContent[] = [];
    const nested: JSONContent[] = [];
    for (const child of item.content ?? []) {
      if (child.type === "bulletList" || child.type === "orderedList") nested.push(child);
      else own.push(...(child.content ?? []));
    }
    items.push(contentToRuns(own));
    for (const inner of nested) items.push(...listItems(inner));
  }
  return items;
}

/** One node of the document as a block with its id, or null when it cannot be saved. */
export function nodeToBlock(node: JSONContent): BlockInput | null {
  const block = nodeBlock(node);
  return block && withId(block, node.attrs?.blockId);
}

function quoteBlock(node: JSONContent): BlockInput {
  const paragraphs = (node.content ?? []).map((paragraph) => contentToRuns(paragraph.content));
  const kept = paragraphs.filter((runs) => runs.length > 0);
  return { blockQuote: { paragraphs: kept.length ? kept : [[]], attribution: orNull(node.attrs?.attribution) } };
}

/** One node of the document as a block, or null when it cannot be saved (see blockProblem). */
function nodeBlock(node: JSONContent): BlockInput | null {
  const attrs = node.attrs ?? {};
  if (blockProblem(node)) return null;
  switch (node.type) {
    case "paragraph":
      return { paragraph: { inlines: contentToRuns(node.content) } };
    case "heading":
      return { heading: { text: plainText(node.content), level: headingLevel(attrs.level) } };
    case "blockQuote":
      return quoteBlock(node);
    case "pullQuote":
      return { pullQuote: { text: plainText(node.content), attribution: orNull(attrs.attribution) } };
    case "bulletList":
    case "orderedList":
      return { list: { ordered: node.type === "orderedList", items: listItems(node) } };
    case "picture":
      return {
        media: {
          assetId: text(attrs.assetId).trim(),
          caption: orNull(attrs.caption),
          credit: orNull(attrs.credit),
          altText: orNull(attrs.altText),
        },
      };
    case "embed": {
      const url = text(attrs.url).trim();
      return { embed: { provider: orNull(attrs.provider) ?? embedProvider(url), url, html: orNull(attrs.html), caption: orNull(attrs.caption) } };
    }
    case "relatedLink": {
      const label = typeof attrs.label === "string" ? attrs.label : "READ:";
      const articleId = orNull(attrs.articleId);
      if (articleId) return { relatedLink: { label, articleId, text: orNull(attrs.text) } };
      return { relatedLink: { label, url: text(attrs.url).trim(), text: orNull(attrs.text) } };
    }
    case "adSlot":
      return { adSlot: { slotCode: text(attrs.slotCode).trim() } };
    default:
      return null;
  }
}

/** The body of a document; a document that is one empty paragraph is an empty body. */
export function docToBlocks(doc: JSONContent): BlockInput[] {
  const nodes = doc.content ?? [];
  const only = nodes[0];
  if (nodes.length === 1 && only?.type === "paragraph" && !only.content?.length) return [];
  const seen = new Set<unknown>();
  const unique = nodes.map((node) => {
    const id: unknown = node.attrs?.blockId;
    if (typeof id !== "string" || !seen.has(id)) {
      seen.add(id);
      return node;
    }
    return { ...node, attrs: { ...node.attrs, blockId: null } }; // a copy: a block of its own
  });
  return unique.map(nodeToBlock).filter((block): block is BlockInput => block !== null);
}

// --- Words ----------------------------------------------------------------------------------

const WORD = /[\p{L}\p{N}]+(?:['’.\-][\p{L}\p{N}]+)*/gu;
export const WORDS_PER_MINUTE = 230;

export function countWords(value: string): number {
  return value.match(WORD)?.length ?? 0;
}

/** Words of the text blocks (paragraphs, headings, block quotes, lists), not of captions,
 * links or pull quotes (which repeat the story): as the server counts wordCount. */
export function bodyWords(blocks: readonly BlockInput[]): number {
  let words = 0;
  for (const block of blocks) {
    if (block.paragraph) words += countWords(block.paragraph.inlines.map((run) => run.text).join(""));
    else if (block.heading) words += countWords(block.heading.text);
    else if (block.blockQuote) {
      for (const runs of quoteParagraphs(block.blockQuote)) words += countWords(runs.map((run) => run.text).join(""));
    }
    else if (block.list) for (const item of block.list.items) words += countWords(item.map((run) => run.text).join(""));
  }
  return words;
}

/** Minutes to read that many words, rounded up; none for an empty story. */
export function readingMinutes(words: number): number {
  return words === 0 ? 0 : Math.ceil(words / WORDS_PER_MINUTE);
}
