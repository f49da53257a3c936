// What changed between two revisions, for people: revisionDiff's before/after (the model's
// JSON) read as text, compared word by word for text fields and block by block for the body.
import { diffArrays, diffWords } from "diff";

/** A run of words that both sides share, or that only one side has. */
export interface WordPart {
  text: string;
  kind: "same" | "removed" | "added";
}

/** One row of a body compared block by block. */
export type BlockRow =
  | { kind: "same"; count: number }
  | { kind: "removed" | "added"; label: string; text: string }
  | { kind: "changed"; label: string; words: WordPart[]; note: string | null };

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: Json): string {
  return typeof value === "string" ? value : value === null || value === undefined ? "" : String(value);
}

/** Words that differ between two texts, in reading order. */
export function wordDiff(before: string, after: string): WordPart[] {
  return diffWords(before, after).map((change) => ({
    text: change.value,
    kind: change.added ? "added" : change.removed ? "removed" : "same",
  }));
}

/** The plain text of rich text runs ([{text, marks, href}]). */
function runsText(runs: Json): string {
  return Array.isArray(runs) ? runs.map((run) => (isObject(run) ? str(run.text) : "")).join("") : "";
}

function attributed(text: string, attribution: Json): string {
  return attribution ? `${text} — ${str(attribution)}` : text;
}

const BLOCK_LABELS: Record<string, string> = {
  paragraph: "Paragraph",
  heading: "Heading",
  block_quote: "Quote",
  pull_quote: "Pull quote",
  media: "Picture",
  embed: "Embed",
  related_link: "Related link",
  list: "List",
  ad_slot: "Ad slot",
};

function pictureText(use: Json): string {
  if (!isObject(use)) return "";
  const parts = [`picture ${str(use.asset_id)}`];
  if (use.caption) parts.push(`caption: ${str(use.caption)}`);
  if (use.credit) parts.push(`credit: ${str(use.credit)}`);
  if (use.alt_text) parts.push(`alt text: ${str(use.alt_text)}`);
  return parts.join("; ");
}

/** A block's label as the editor names it ("Heading 2", "Quote"). */
export function blockLabel(block: Json): string {
  if (!isObject(block)) return "Block";
  const kind = str(block.type);
  const label = BLOCK_LABELS[kind] ?? kind;
  return kind === "heading" ? `${label} ${str(block.level)}` : label;
}

/** A block's words, as a reader would read them (pictures and links by their parts). */
export function blockText(block: Json): string {
  if (!isObject(block)) return "";
  switch (block.type) {
    case "paragraph":
      return runsText(block.inlines);
    case "heading":
      return str(block.text);
    case "block_quote":
      return attributed(runsText(block.inlines), block.attribution);
    case "pull_quote":
      return attributed(str(block.text), block.attribution);
    case "media":
      return pictureText(block.media);
    case "embed":
      return [str(block.provider), str(block.url), str(block.caption)].filter(Boolean).join(" · ");
    case "related_link":
      return [str(block.label), str(block.text), str(block.url) || (block.article_id ? `story ${str(block.article_id)}` : "")]
        .filter(Boolean)
        .join(" ");
    case "list":
      return Array.isArray(block.items) ? block.items.map((item) => `• ${runsText(item)}`).join("\n") : "";
    case "ad_slot":
      return str(block.slot_code);
    default:
      return JSON.stringify(block);
  }
}

/** The body compared block by block: unchanged runs counted, a block changed in place shown
 * word by word, the rest as removed or added. */
export function blockDiff(before: readonly Json[], after: readonly Json[]): BlockRow[] {
  const key = (block: Json) => JSON.stringify(block);
  const changes = diffArrays(before.map(key), after.map(key));
  const rows: BlockRow[] = [];
  for (let index = 0; index < changes.length; index += 1) {
    const change = changes[index];
    if (!change) continue;
    if (!change.added && !change.removed) {
      rows.push({ kind: "same", count: change.value.length });
      continue;
    }
    const next = changes[index + 1];
    const removed = change.removed ? change.value : [];
    const added = change.removed && next?.added ? next.value : change.added ? change.value : [];
    if (change.removed && next?.added) index += 1;
    rows.push(...pairUp(removed.map(parse), added.map(parse)));
  }
  return rows;
}

function parse(json: string): Json {
  return JSON.parse(json) as Json;
}

/** Removed and added blocks side by side: same-type blocks at the same place are one change. */
function pairUp(removed: Json[], added: Json[]): BlockRow[] {
  const rows: BlockRow[] = [];
  const length = Math.max(removed.length, added.length);
  const extra: BlockRow[] = [];
  for (let i = 0; i < length; i += 1) {
    const old = removed[i];
    const now = added[i];
    if (i < removed.length && i < added.length && isObject(old) && isObject(now) && old.type === now.type) {
      const words = wordDiff(blockText(old), blockText(now));
      const sameWords = words.every((part) => part.kind === "same");
      rows.push({ kind: "changed", label: blockLabel(now), words, note: sameWords ? formattingNote(old) : null });
      continue;
    }
    if (i < removed.length) rows.push({ kind: "removed", label: blockLabel(old), text: blockText(old) });
    if (i < added.length) extra.push({ kind: "added", label: blockLabel(now), text: blockText(now) });
  }
  return [...rows, ...extra];
}

function formattingNote(block: Record<string, Json>): string {
  if (block.type === "heading") return "Level changed";
  if (block.type === "list") return "Numbering or formatting changed";
  return "Formatting or links changed";
}

/** A field's value as text to compare (sections by slug, bylines by the names given). */
export function fieldText(field: string, value: Json, authorName: (id: string) => string = (id) => id): string {
  if (value === null || value === undefined) return "";
  switch (field) {
    case "tags":
      return Array.isArray(value) ? value.map(str).join(", ") : "";
    case "bylines":
      return Array.isArray(value)
        ? value
            .map((byline) => (isObject(byline) ? `${authorName(str(byline.author_id))}${byline.role ? ` (${str(byline.role)})` : ""}` : ""))
            .join(", ")
        : "";
    case "leadMedia":
      return pictureText(value);
    case "seo":
      if (!isObject(value)) return "";
      return [
        value.title ? `Title: ${str(value.title)}` : "",
        value.description ? `Description: ${str(value.description)}` : "",
        value.canonical_url ? `Canonical URL: ${str(value.canonical_url)}` : "",
        value.social_image_id ? `Social image: ${str(value.social_image_id)}` : "",
      ]
        .filter(Boolean)
        .join("\n");
    case "adsPolicy":
      return value ? str(value) : "";
    default:
      return typeof value === "string" ? value : JSON.stringify(value);
  }
}

/** The name the desk shows for a field of revisionDiff. */
export const FIELD_NAMES: Record<string, string> = {
  slug: "Slug",
  headline: "Headline",
  dek: "Dek",
  section: "Section",
  tags: "Tags",
  bylines: "Bylines",
  dateline: "Dateline",
  leadMedia: "Lead picture",
  body: "Body",
  seo: "Search and social",
  adsPolicy: "Ads policy",
};
