// The settings' forms as plain data: what the admin types, read into the API's inputs (with the
// problems found before sending), and the API's refusals put back next to their fields.
import { ApiError } from "../api/client";
import type { AdSlotInput, AdsPolicy, OutOfPageFormat, PageAdPlacementInput, PageKind, PagePosition, PlacementRuleInput } from "../gql/graphql";

/** A field's name (as the API spells it) and what is wrong with it. */
export type FieldErrors = Record<string, string>;

/** Sizes as typed: "300x250, 728x90" (× and spaces allowed). */
export function parseSizes(text: string): { sizes: { width: number; height: number }[]; error: string | null } {
  const sizes: { width: number; height: number }[] = [];
  for (const part of text.split(/[,;\n]/)) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const match = /^(\d{1,4})\s*[x×X]\s*(\d{1,4})$/.exec(trimmed);
    if (!match) return { sizes, error: `"${trimmed}" is not a size such as 300x250.` };
    sizes.push({ width: Number(match[1]), height: Number(match[2]) });
  }
  return { sizes, error: null };
}

export function formatSizes(sizes: readonly { width: number; height: number }[]): string {
  return sizes.map((size) => `${size.width}x${size.height}`).join(", ");
}

/** Targeting as typed, one key a line: "topic=news, politics". */
export function parseTargeting(text: string): { targeting: { key: string; values: string[] }[]; error: string | null } {
  const targeting: { key: string; values: string[] }[] = [];
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const equals = trimmed.indexOf("=");
    const key = equals < 0 ? "" : trimmed.slice(0, equals).trim();
    if (!key) return { targeting, error: `"${trimmed}" is not a line such as topic=news, politics.` };
    const values = trimmed
      .slice(equals + 1)
      .split(",")
      .map((value) => value.trim())
      .filter(Boolean);
    targeting.push({ key, values });
  }
  return { targeting, error: null };
}

export function formatTargeting(targeting: readonly { key: string; values: readonly string[] }[]): string {
  return targeting.map((pair) => `${pair.key}=${pair.values.join(", ")}`).join("\n");
}

type Size = { width: number; height: number };
/** One entry of a size mapping, as the API takes and gives it. */
export type SizeMappingEntry = { viewport: Size; sizes: Size[]; fluid: boolean };

/** A size mapping as typed, one viewport a line: "1024x768: 970x250, 728x90", "0x0: fluid",
 * "0x0: none" (no ad at that size). */
export function parseSizeMapping(text: string): { mapping: SizeMappingEntry[]; error: string | null } {
  const mapping: SizeMappingEntry[] = [];
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const colon = trimmed.indexOf(":");
    const viewport = parseSizes(colon < 0 ? "" : trimmed.slice(0, colon));
    const [size] = viewport.sizes;
    if (colon < 0 || viewport.error || viewport.sizes.length !== 1 || !size) {
      return { mapping, error: `"${trimmed}" is not a line such as 1024x768: 970x250, 728x90.` };
    }
    const parts = trimmed
      .slice(colon + 1)
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean);
    const fluid = parts.some((part) => part.toLowerCase() === "fluid");
    const rest = parts.filter((part) => !["fluid", "none"].includes(part.toLowerCase()));
    const sizes = parseSizes(rest.join(","));
    if (sizes.error) return { mapping, error: sizes.error };
    mapping.push({ viewport: size, sizes: sizes.sizes, fluid });
  }
  return { mapping, error: null };
}

export function formatSizeMapping(mapping: readonly { viewport: Size; sizes: readonly Size[]; fluid: boolean }[]): string {
  return mapping
    .map((entry) => {
      const asked = [...(entry.sizes.length ? [formatSizes(entry.sizes)] : []), ...(entry.fluid ? ["fluid"] : [])];
      return `${entry.viewport.width}x${entry.viewport.height}: ${asked.join(", ") || "none"}`;
    })
    .join("\n");
}

/** An ad slot as its form holds it: every field as typed. */
export interface AdSlotForm {
  code: string;
  name: string;
  adUnitPath: string;
  sizes: string;
  fluid: boolean;
  targeting: string;
  enabled: boolean;
  brandSafe: boolean;
  /** Placement rule: empty when the slot is placed by editors only. */
  afterParagraph: string;
  everyParagraphs: string;
  startAfter: string;
  maxPerArticle: string;
  minDistance: string;
  sections: string[];
  /** Page-level ad: no position for a slot that runs in story bodies only. */
  pagePosition: PagePosition | "";
  pages: PageKind[];
  outOfPageFormat: OutOfPageFormat | "";
  pageSections: string[];
  /** One viewport a line, see parseSizeMapping. */
  sizeMapping: string;
}

export const EMPTY_AD_SLOT: AdSlotForm = {
  code: "",
  name: "",
  adUnitPath: "",
  sizes: "",
  fluid: false,
  targeting: "",
  enabled: true,
  brandSafe: false,
  afterParagraph: "",
  everyParagraphs: "",
  startAfter: "",
  maxPerArticle: "",
  minDistance: "1",
  sections: [],
  pagePosition: "",
  pages: [],
  outOfPageFormat: "",
  pageSections: [],
  sizeMapping: "",
};

interface SlotLike {
  code: string;
  name: string;
  adUnitPath: string;
  sizes: readonly { width: number; height: number }[];
  fluid: boolean;
  targeting: readonly { key: string; values: readonly string[] }[];
  enabled: boolean;
  brandSafe: boolean;
  placement: {
    afterParagraph: number | null;
    everyParagraphs: number | null;
    startAfter: number | null;
    maxPerArticle: number | null;
    minDistance: number;
    sections: readonly string[];
  } | null;
  page: {
    pages: readonly PageKind[];
    position: PagePosition;
    outOfPageFormat: OutOfPageFormat | null;
    sections: readonly string[];
  } | null;
  sizeMapping: readonly { viewport: Size; sizes: readonly Size[]; fluid: boolean }[];
}

const text = (value: number | null | undefined) => (value === null || value === undefined ? "" : String(value));

export function adSlotForm(slot: SlotLike): AdSlotForm {
  const rule = slot.placement;
  return {
    code: slot.code,
    name: slot.name,
    adUnitPath: slot.adUnitPath,
    sizes: formatSizes(slot.sizes),
    fluid: slot.fluid,
    targeting: formatTargeting(slot.targeting),
    enabled: slot.enabled,
    brandSafe: slot.brandSafe,
    afterParagraph: text(rule?.afterParagraph),
    everyParagraphs: text(rule?.everyParagraphs),
    startAfter: text(rule?.startAfter),
    maxPerArticle: text(rule?.maxPerArticle),
    minDistance: rule ? String(rule.minDistance) : "1",
    sections: rule ? [...rule.sections] : [],
    pagePosition: slot.page?.position ?? "",
    pages: slot.page ? [...slot.page.pages] : [],
    outOfPageFormat: slot.page?.outOfPageFormat ?? "",
    pageSections: slot.page ? [...slot.page.sections] : [],
    sizeMapping: formatSizeMapping(slot.sizeMapping),
  };
}

/** The page-level placement, or null when no position is chosen. */
function pageInput(form: AdSlotForm, errors: FieldErrors): PageAdPlacementInput | null {
  if (!form.pagePosition) {
    if (form.pages.length) errors.page = "choose where on the page it runs, or untick the pages";
    return null;
  }
  if (!form.pages.length) errors.page = "tick the pages it runs on";
  const outOfPage = form.pagePosition === "OUT_OF_PAGE";
  return {
    pages: form.pages,
    position: form.pagePosition,
    outOfPageFormat: outOfPage && form.outOfPageFormat ? form.outOfPageFormat : null,
    sections: form.pageSections,
  };
}

function count(value: string, field: string, errors: FieldErrors, least: number): number | null {
  const trimmed = value.trim();
  if (!trimmed) return null;
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < least) {
    errors[field] = least > 0 ? "a whole number from 1" : "a whole number from 0";
    return null;
  }
  return Number(trimmed);
}

/** The slot's rule, or null when neither "after paragraph" nor "every" is given. */
function placementInput(form: AdSlotForm, errors: FieldErrors): PlacementRuleInput | null {
  const afterParagraph = count(form.afterParagraph, "afterParagraph", errors, 1);
  const everyParagraphs = count(form.everyParagraphs, "everyParagraphs", errors, 1);
  const startAfter = count(form.startAfter, "startAfter", errors, 0);
  const maxPerArticle = count(form.maxPerArticle, "maxPerArticle", errors, 0);
  const minDistance = count(form.minDistance, "minDistance", errors, 0);
  if (afterParagraph === null && everyParagraphs === null) {
    if ((form.startAfter.trim() || form.maxPerArticle.trim()) && !errors.afterParagraph && !errors.everyParagraphs) {
      errors.everyParagraphs = "give “after paragraph” or “every”, or leave the rule empty";
    }
    return null;
  }
  return { afterParagraph, everyParagraphs, startAfter, maxPerArticle, minDistance: minDistance ?? 1, sections: form.sections };
}

/** The form read into an AdSlotInput, or the problems to show beside its fields. */
export function adSlotInput(form: AdSlotForm): { input: AdSlotInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const sizes = parseSizes(form.sizes);
  if (sizes.error) errors.sizes = sizes.error;
  const targeting = parseTargeting(form.targeting);
  if (targeting.error) errors.targeting = targeting.error;
  const mapping = parseSizeMapping(form.sizeMapping);
  if (mapping.error) errors.sizeMapping = mapping.error;
  for (const [field, value] of [["code", form.code], ["name", form.name], ["adUnitPath", form.adUnitPath]] as const) {
    if (!value.trim()) errors[field] = "required";
  }
  const input: AdSlotInput = {
    code: form.code.trim(),
    name: form.name.trim(),
    adUnitPath: form.adUnitPath.trim(),
    sizes: sizes.sizes,
    fluid: form.fluid,
    targeting: targeting.targeting,
    enabled: form.enabled,
    brandSafe: form.brandSafe,
    placement: placementInput(form, errors),
    page: pageInput(form, errors),
    sizeMapping: mapping.mapping,
  };
  return { input, errors };
}

/** The API's refusal, field by field (its names), as far as it names fields. */
export function fieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof ApiError) || error.code !== "BAD_USER_INPUT") return {};
  const { field, fields } = error.extensions;
  if (typeof field === "string") return { [field]: error.message };
  if (Array.isArray(fields)) return Object.fromEntries(fields.map((name) => [String(name), "required"]));
  if (fields && typeof fields === "object") {
    return Object.fromEntries(Object.entries(fields as Record<string, unknown>).map(([name, why]) => [name, String(why)]));
  }
  return {};
}

/** A section as the tree shows it: its children below it, by name. */
export interface SectionNode<S> {
  section: S;
  depth: number;
}

/** Sections in tree order (each parent before its children, siblings by name), with depth. */
export function sectionTree<S extends { slug: string; name: string; parent: { slug: string } | null }>(
  sections: readonly S[],
): SectionNode<S>[] {
  const known = new Set(sections.map((section) => section.slug));
  const children = new Map<string | null, S[]>();
  for (const section of sections) {
    const parent = section.parent && known.has(section.parent.slug) ? section.parent.slug : null;
    children.set(parent, [...(children.get(parent) ?? []), section]);
  }
  const ordered: SectionNode<S>[] = [];
  const seen = new Set<string>();
  const visit = (parent: string | null, depth: number) => {
    const here = [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    for (const section of here) {
      if (seen.has(section.slug)) continue;
      seen.add(section.slug);
      ordered.push({ section, depth });
      visit(section.slug, depth + 1);
    }
  };
  visit(null, 0);
  // A cycle (a → b → a) has no root: show what is left at the top rather than hide it.
  for (const section of sections) {
    if (!seen.has(section.slug)) {
      seen.add(section.slug);
      ordered.push({ section, depth: 0 });
      visit(section.slug, 1);
    }
  }
  return ordered;
}

/** A section's slug and the slugs of every section below it. */
export function sectionAndBelow(
  sections: readonly { slug: string; parent: { slug: string } | null }[],
  slug: string,
): Set<string> {
  const found = new Set([slug]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const section of sections) {
      if (section.parent && found.has(section.parent.slug) && !found.has(section.slug)) {
        found.add(section.slug);
        grew = true;
      }
    }
  }
  return found;
}

export const ADS_POLICY_WORDS: Record<AdsPolicy, string> = {
  NORMAL: "Normal: any ads",
  SENSITIVE: "Sensitive: brand-safe ads only",
  NONE: "None: no ads",
};

export const PAGE_POSITIONS: readonly { value: PagePosition; words: string }[] = [
  { value: "TOP", words: "Top: the leaderboard above the page" },
  { value: "RIGHT_RAIL", words: "Right rail" },
  { value: "BOTTOM", words: "Bottom of the page" },
  { value: "OUT_OF_PAGE", words: "Out of page: an interstitial, an anchor" },
];

export const OUT_OF_PAGE_FORMATS: readonly { value: OutOfPageFormat; words: string }[] = [
  { value: "INTERSTITIAL", words: "Interstitial" },
  { value: "TOP_ANCHOR", words: "Anchor at the top" },
  { value: "BOTTOM_ANCHOR", words: "Anchor at the bottom" },
  { value: "LEFT_SIDE_RAIL", words: "Side rail, left" },
  { value: "RIGHT_SIDE_RAIL", words: "Side rail, right" },
];

export const PAGE_KINDS: readonly { value: PageKind; words: string }[] = [
  { value: "STORY", words: "Story pages" },
  { value: "FRONT", words: "Section fronts and home" },
];

/** The option among these whose value is the one a <select> gave, or "" for none. */
export function chosen<T extends string>(options: readonly { value: T }[], value: string): T | "" {
  return options.find((option) => option.value === value)?.value ?? "";
}

/** The tree order read back into nested branches (for nested lists). */
export interface SectionBranch<S> {
  section: S;
  children: SectionBranch<S>[];
}

export function sectionBranches<S>(nodes: readonly SectionNode<S>[]): SectionBranch<S>[] {
  const roots: SectionBranch<S>[] = [];
  const path: SectionBranch<S>[] = [];
  for (const { section, depth } of nodes) {
    const branch = { section, children: [] };
    path.length = Math.min(depth, path.length);
    (path[path.length - 1]?.children ?? roots).push(branch);
    path.push(branch);
  }
  return roots;
}
