// The story as the editor form holds it, in the shape the API takes back (ArticleInput), with
// the few display details the form needs beside it (names, thumbnails).
import type {
  AdsPolicy,
  ArticleInput,
  BlockInput,
  BodyBlockFragment,
  InlineInput,
  StoryFieldsFragment,
  StoryType,
} from "../gql/graphql";
import { withId } from "../editor/mapping";

export interface BylineEntry {
  authorId: string;
  name: string;
  role: string;
}

export interface LeadPicture {
  assetId: string;
  url: string | null;
  caption: string;
  credit: string;
  altText: string;
}

/** A picture chosen for one use (the social image), with a thumbnail to show. */
export interface ChosenImage {
  assetId: string;
  url: string | null;
}

/** A story picked to show with this one. */
export interface RelatedStory {
  id: string;
  headline: string;
}

export interface StoryForm {
  kicker: string;
  storyType: StoryType;
  headline: string;
  dek: string;
  slug: string;
  section: string;
  tags: string[];
  bylines: BylineEntry[];
  dateline: string;
  leadMedia: LeadPicture | null;
  body: BlockInput[];
  seoTitle: string;
  seoDescription: string;
  canonicalUrl: string;
  noindex: boolean;
  /** null: the lead picture is the social image. */
  socialImage: ChosenImage | null;
  /** ISO instants, "" for none. */
  breakingUntil: string;
  displayDate: string;
  related: RelatedStory[];
  /** "" follows the section's default. */
  adsPolicy: AdsPolicy | "";
}

export type FieldName = keyof StoryForm;

export const FIELD_LABELS: Record<FieldName, string> = {
  kicker: "Kicker",
  storyType: "Story type",
  headline: "Headline",
  dek: "Dek",
  slug: "Slug",
  section: "Section",
  tags: "Tags",
  bylines: "Bylines",
  dateline: "Dateline",
  leadMedia: "Lead picture",
  body: "Body",
  seoTitle: "SEO title",
  seoDescription: "SEO description",
  canonicalUrl: "Canonical URL",
  noindex: "Hidden from search engines",
  socialImage: "Social image",
  breakingUntil: "Breaking until",
  displayDate: "Display date",
  related: "Related stories",
  adsPolicy: "Ads policy",
};

export const EMPTY_FORM: StoryForm = {
  kicker: "",
  storyType: "NEWS",
  headline: "",
  dek: "",
  slug: "",
  section: "",
  tags: [],
  bylines: [],
  dateline: "",
  leadMedia: null,
  body: [],
  seoTitle: "",
  seoDescription: "",
  canonicalUrl: "",
  noindex: false,
  socialImage: null,
  breakingUntil: "",
  displayDate: "",
  related: [],
  adsPolicy: "",
};

function inlines(runs: readonly { text: string; bold: boolean; italic: boolean; href: string | null }[]): InlineInput[] {
  return runs.map((run) => ({ text: run.text, bold: run.bold, italic: run.italic, href: run.href }));
}

/** Runs with marks read back from the API's safe HTML of rich text (<strong>, <em>, <a href>). */
export function inlinesFromHtml(html: string): InlineInput[] {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  const runs: InlineInput[] = [];
  const walk = (node: Node, bold: boolean, italic: boolean, href: string | null) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const text = node.textContent ?? "";
      const last = runs[runs.length - 1];
      if (last && last.bold === bold && last.italic === italic && last.href === href) last.text += text;
      else if (text) runs.push({ text, bold, italic, href });
      return;
    }
    if (!(node instanceof Element)) return;
    const tag = node.tagName.toLowerCase();
    const nextBold = bold || tag === "strong" || tag === "b";
    const nextItalic = italic || tag === "em" || tag === "i";
    const nextHref = tag === "a" ? node.getAttribute("href") : href;
    if (tag === "br") {
      walk(doc.createTextNode("\n"), bold, italic, href);
      return;
    }
    node.childNodes.forEach((child) => walk(child, nextBold, nextItalic, nextHref));
  };
  doc.body.childNodes.forEach((child) => walk(child, false, false, null));
  return runs;
}

/** One block as read from the API, given back in the shape the API takes, with its id. */
export function blockInput(block: BodyBlockFragment): BlockInput | null {
  const given = blockMember(block);
  return given && withId(given, block.id);
}

function blockMember(block: BodyBlockFragment): BlockInput | null {
  switch (block.__typename) {
    case "Paragraph":
      return { paragraph: { inlines: inlines(block.inlines) } };
    case "Heading":
      return { heading: { text: block.text, level: block.level } };
    case "BlockQuote":
      return { blockQuote: { paragraphs: block.paragraphs.map((p) => inlines(p.inlines)), attribution: block.attribution } };
    case "PullQuote":
      return { pullQuote: { text: block.text, attribution: block.attribution } };
    case "MediaBlock":
      return { media: { assetId: block.asset.id, caption: block.caption, credit: block.credit, altText: block.altText } };
    case "Embed":
      return { embed: { provider: block.provider, url: block.url, html: block.html, caption: block.caption } };
    case "RelatedLink":
      return {
        relatedLink: block.article
          ? { label: block.label, articleId: block.article.id, text: block.text === block.article.headline ? null : block.text }
          : { label: block.label, url: block.externalUrl, text: block.text },
      };
    case "ListBlock":
      return { list: { ordered: block.ordered, items: block.items.map((item) => inlinesFromHtml(item.html)) } };
    case "AdSlotBlock":
      return { adSlot: { slotCode: block.slot.code } };
    default:
      return null;
  }
}

/** The form for a story as the server has it. */
export function formOf(story: StoryFieldsFragment): StoryForm {
  const lead = story.leadMedia;
  const social = story.seo.socialImage;
  return {
    kicker: story.kicker ?? "",
    storyType: story.storyType,
    headline: story.headline,
    dek: story.dek ?? "",
    slug: story.slug,
    section: story.section?.slug ?? "",
    tags: [...story.tags],
    bylines: story.bylines.map((byline) => ({ authorId: byline.author.id, name: byline.author.name, role: byline.role ?? "" })),
    dateline: story.dateline ?? "",
    leadMedia: lead
      ? { assetId: lead.asset.id, url: lead.asset.url, caption: lead.caption ?? "", credit: lead.credit ?? "", altText: lead.altText ?? "" }
      : null,
    body: story.body.map(blockInput).filter((block): block is BlockInput => block !== null),
    seoTitle: story.seo.title ?? "",
    seoDescription: story.seo.description ?? "",
    canonicalUrl: story.seo.canonicalUrl ?? "",
    noindex: story.seo.noindex,
    socialImage: story.socialImageSet && social ? { assetId: social.id, url: social.url } : null,
    breakingUntil: story.breakingUntilSet ?? "",
    displayDate: story.displayDateSet ?? "",
    related: story.relatedArticles.map((related) => ({ id: related.id, headline: related.headline })),
    adsPolicy: story.adsPolicy,
  };
}

/** Whether two values of a field are the same (display-only details ignored). */
export function sameValue(field: FieldName, a: StoryForm[FieldName], b: StoryForm[FieldName]): boolean {
  return JSON.stringify(comparable(field, a)) === JSON.stringify(comparable(field, b));
}

function comparable(field: FieldName, value: StoryForm[FieldName]): unknown {
  if (field === "leadMedia" && value && typeof value === "object" && "caption" in value) {
    const { assetId, caption, credit, altText } = value;
    return { assetId, caption, credit, altText };
  }
  if (field === "bylines" && Array.isArray(value)) {
    return (value as BylineEntry[]).map(({ authorId, role }) => ({ authorId, role }));
  }
  if (field === "related" && Array.isArray(value)) return (value as RelatedStory[]).map((story) => story.id);
  if (field === "socialImage" && value && typeof value === "object" && "assetId" in value) return value.assetId;
  if ((field === "breakingUntil" || field === "displayDate") && typeof value === "string" && value) {
    return new Date(value).toISOString(); // the same instant, however it was written
  }
  return value;
}

export const FIELDS = Object.keys(EMPTY_FORM) as FieldName[];

/** The fields where `mine` differs from `base`. */
export function changedFields(base: StoryForm, mine: StoryForm): FieldName[] {
  return FIELDS.filter((field) => !sameValue(field, base[field], mine[field]));
}

const orNull = (text: string): string | null => (text.trim() === "" ? null : text);

/** The ArticleInput that carries these fields of the form. */
export function articleInput(form: StoryForm, fields: readonly FieldName[]): ArticleInput {
  const input: ArticleInput = {};
  // The SEO input replaces all of seo: every part of it goes, whichever changed.
  const seo = {
    title: orNull(form.seoTitle),
    description: orNull(form.seoDescription),
    canonicalUrl: orNull(form.canonicalUrl),
    noindex: form.noindex,
    socialImageId: form.socialImage?.assetId ?? null,
  };
  for (const field of fields) {
    switch (field) {
      case "headline":
        input.headline = form.headline;
        break;
      case "dek":
        input.dek = orNull(form.dek);
        break;
      case "slug":
        input.slug = form.slug;
        break;
      case "section":
        input.section = orNull(form.section);
        break;
      case "tags":
        input.tags = form.tags;
        break;
      case "bylines":
        input.bylines = form.bylines.map((byline) => ({ authorId: byline.authorId, role: orNull(byline.role) }));
        break;
      case "dateline":
        input.dateline = orNull(form.dateline);
        break;
      case "leadMedia":
        input.leadMedia = form.leadMedia
          ? {
              assetId: form.leadMedia.assetId,
              caption: orNull(form.leadMedia.caption),
              credit: orNull(form.leadMedia.credit),
              altText: orNull(form.leadMedia.altText),
            }
          : null;
        break;
      case "body":
        input.body = form.body;
        break;
      case "seoTitle":
      case "seoDescription":
      case "canonicalUrl":
      case "noindex":
      case "socialImage":
        input.seo = seo;
        break;
      case "kicker":
        input.kicker = orNull(form.kicker);
        break;
      case "storyType":
        input.storyType = form.storyType;
        break;
      case "breakingUntil":
        input.breakingUntil = form.breakingUntil || null;
        break;
      case "displayDate":
        input.displayDate = form.displayDate || null;
        break;
      case "related":
        input.relatedArticleIds = form.related.map((story) => story.id);
        break;
      case "adsPolicy":
        input.adsPolicy = form.adsPolicy === "" ? null : form.adsPolicy;
        break;
    }
  }
  return input;
}

/** A slug proposed from a headline: lower case words joined by hyphens. */
export function slugify(headline: string): string {
  return headline
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/g, "");
}

/** Tags as typed, comma-separated, as the tag slugs the API keeps (no empties, no repeats). */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  for (const tag of text.split(",").map(slugify)) if (tag) seen.add(tag);
  return [...seen];
}

/** `mine`'s changes from `base` laid over `theirs`, with the listed fields taken from theirs. */
export function rebase(base: StoryForm, mine: StoryForm, theirs: StoryForm, keepTheirs: ReadonlySet<FieldName>): StoryForm {
  const merged: StoryForm = { ...theirs };
  for (const field of changedFields(base, mine)) {
    if (!keepTheirs.has(field)) (merged as unknown as Record<string, unknown>)[field] = mine[field];
  }
  return merged;
}

/** Fields both sides changed to different values: the ones the user must choose between. */
export function conflictingFields(base: StoryForm, mine: StoryForm, theirs: StoryForm): FieldName[] {
  return changedFields(base, mine).filter(
    (field) => !sameValue(field, base[field], theirs[field]) && !sameValue(field, mine[field], theirs[field]),
  );
}
