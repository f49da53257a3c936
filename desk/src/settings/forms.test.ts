import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import { authorForm, authorInput } from "./authorForm";
import {
  adSlotForm,
  adSlotInput,
  chosen,
  EMPTY_AD_SLOT,
  fieldErrors,
  formatSizeMapping,
  formatSizes,
  formatTargeting,
  PAGE_POSITIONS,
  parseSizeMapping,
  parseSizes,
  parseTargeting,
  sectionAndBelow,
  sectionBranches,
  sectionTree,
} from "./forms";

describe("sizes and targeting as typed", () => {
  it("reads sizes in either spelling and writes them back", () => {
    const { sizes, error } = parseSizes(" 300x250, 728 × 90;320X50 ,");
    expect(error).toBeNull();
    expect(sizes).toEqual([
      { width: 300, height: 250 },
      { width: 728, height: 90 },
      { width: 320, height: 50 },
    ]);
    expect(formatSizes(sizes)).toBe("300x250, 728x90, 320x50");
  });

  it("names the part that is not a size", () => {
    expect(parseSizes("300x250, big").error).toBe('"big" is not a size such as 300x250.');
  });

  it("reads one key a line and writes it back", () => {
    const { targeting, error } = parseTargeting("topic = news, politics\n\nregion=north");
    expect(error).toBeNull();
    expect(targeting).toEqual([
      { key: "topic", values: ["news", "politics"] },
      { key: "region", values: ["north"] },
    ]);
    expect(formatTargeting(targeting)).toBe("topic=news, politics\nregion=north");
    expect(parseTargeting("just words").error).toContain("just words");
  });
});

describe("an ad slot's form", () => {
  const slot = {
    code: "mid-article",
    name: "Mid-article",
    adUnitPath: "/1234/news/mid",
    sizes: [{ width: 300, height: 250 }],
    fluid: false,
    targeting: [{ key: "pos", values: ["mid"] }],
    enabled: true,
    brandSafe: true,
    placement: { afterParagraph: 3, everyParagraphs: null, startAfter: null, maxPerArticle: 2, minDistance: 1, sections: ["news"] },
    page: { pages: ["STORY" as const], position: "TOP" as const, outOfPageFormat: null, sections: [] },
    sizeMapping: [
      { viewport: { width: 1024, height: 768 }, sizes: [{ width: 300, height: 250 }], fluid: false },
      { viewport: { width: 0, height: 0 }, sizes: [], fluid: true },
    ],
  };

  it("goes round from the definition to the input", () => {
    const { input, errors } = adSlotInput(adSlotForm(slot));
    expect(errors).toEqual({});
    expect(input).toEqual({ ...slot, placement: { ...slot.placement, startAfter: null } });
  });

  it("reads a size mapping one browser size a line and writes it back", () => {
    const { mapping, error } = parseSizeMapping("1024x768: 970x250, 728x90\n768x0: 728x90, fluid\n\n0x0: none");
    expect(error).toBeNull();
    expect(mapping).toEqual([
      { viewport: { width: 1024, height: 768 }, sizes: [{ width: 970, height: 250 }, { width: 728, height: 90 }], fluid: false },
      { viewport: { width: 768, height: 0 }, sizes: [{ width: 728, height: 90 }], fluid: true },
      { viewport: { width: 0, height: 0 }, sizes: [], fluid: false },
    ]);
    expect(formatSizeMapping(mapping)).toBe("1024x768: 970x250, 728x90\n768x0: 728x90, fluid\n0x0: none");
    expect(parseSizeMapping("wide: 300x250").error).toContain("1024x768: 970x250");
    expect(parseSizeMapping("0x0: big").error).toBe('"big" is not a size such as 300x250.');
  });

  it("asks for the pages and a position of a page-level slot", () => {
    const base = { ...EMPTY_AD_SLOT, code: "top", name: "Top", adUnitPath: "/1/top", sizes: "728x90" };
    expect(adSlotInput({ ...base, pagePosition: "TOP" }).errors.page).toContain("pages");
    expect(adSlotInput({ ...base, pages: ["FRONT"] }).errors.page).toContain("where on the page");
    const outOfPage = adSlotInput({ ...base, pagePosition: "OUT_OF_PAGE", pages: ["STORY"], outOfPageFormat: "INTERSTITIAL" });
    expect(outOfPage.input.page).toEqual({ pages: ["STORY"], position: "OUT_OF_PAGE", outOfPageFormat: "INTERSTITIAL", sections: [] });
    expect(adSlotInput({ ...base, pagePosition: "TOP", pages: ["STORY"], outOfPageFormat: "INTERSTITIAL" }).input.page?.outOfPageFormat).toBeNull();
    expect(chosen(PAGE_POSITIONS, "RIGHT_RAIL")).toBe("RIGHT_RAIL");
    expect(chosen(PAGE_POSITIONS, "SIDEWAYS")).toBe("");
  });

  it("has no rule when neither after nor every is given", () => {
    const form = { ...EMPTY_AD_SLOT, code: "side", name: "Side", adUnitPath: "/1/side", sizes: "300x600" };
    const { input, errors } = adSlotInput(form);
    expect(errors).toEqual({});
    expect(input.placement).toBeNull();
  });

  it("marks each field it cannot read", () => {
    const form = { ...EMPTY_AD_SLOT, sizes: "wide", targeting: "nokey", afterParagraph: "0", maxPerArticle: "two" };
    expect(adSlotInput(form).errors).toEqual({
      code: "required",
      name: "required",
      adUnitPath: "required",
      sizes: '"wide" is not a size such as 300x250.',
      targeting: '"nokey" is not a line such as topic=news, politics.',
      afterParagraph: "a whole number from 1",
      maxPerArticle: "a whole number from 0",
    });
  });

  it("asks for after or every when only the rest of a rule is given", () => {
    const form = { ...EMPTY_AD_SLOT, code: "a", name: "A", adUnitPath: "/1/a", sizes: "1x1", startAfter: "2" };
    expect(adSlotInput(form).errors.everyParagraphs).toContain("after paragraph");
  });
});

describe("the API's refusals by field", () => {
  it("reads field, fields as a map and fields as a list", () => {
    expect(fieldErrors(new ApiError("Too short.", { code: "BAD_USER_INPUT", field: "password" }))).toEqual({ password: "Too short." });
    expect(fieldErrors(new ApiError("No.", { code: "BAD_USER_INPUT", fields: { code: "bad", sizes: "none" } }))).toEqual({ code: "bad", sizes: "none" });
    expect(fieldErrors(new ApiError("No.", { code: "BAD_USER_INPUT", fields: ["name"] }))).toEqual({ name: "required" });
    expect(fieldErrors(new ApiError("No.", { code: "FORBIDDEN" }))).toEqual({});
  });
});

describe("the section tree", () => {
  const s = (slug: string, name: string, parent: string | null = null) => ({ slug, name, parent: parent ? { slug: parent } : null });
  const sections = [s("world", "World"), s("europe", "Europe", "world"), s("news", "News"), s("asia", "Asia", "world"), s("france", "France", "europe")];

  it("puts each parent before its children, siblings by name", () => {
    expect(sectionTree(sections).map(({ section, depth }) => `${depth}:${section.slug}`)).toEqual(["0:news", "0:world", "1:asia", "1:europe", "2:france"]);
  });

  it("nests the tree order into branches", () => {
    const branches = sectionBranches(sectionTree(sections));
    expect(branches.map((branch) => branch.section.slug)).toEqual(["news", "world"]);
    expect(branches[1]?.children.map((branch) => branch.section.slug)).toEqual(["asia", "europe"]);
    expect(branches[1]?.children[1]?.children.map((branch) => branch.section.slug)).toEqual(["france"]);
  });

  it("shows a section whose parent is unknown, or a cycle, at the top", () => {
    const odd = [s("a", "A", "b"), s("b", "B", "a"), s("c", "C", "gone")];
    expect(sectionTree(odd).map(({ section, depth }) => `${depth}:${section.slug}`)).toEqual(["0:c", "0:a", "1:b"]);
  });

  it("finds a section and everything below it", () => {
    expect([...sectionAndBelow(sections, "world")].sort()).toEqual(["asia", "europe", "france", "world"]);
    expect([...sectionAndBelow(sections, "news")]).toEqual(["news"]);
  });
});

describe("an author's form", () => {
  it("clears empty optional fields rather than storing empty text", () => {
    const form = authorForm({ name: "Ada Osei", slug: "ada-osei", title: null, location: "Accra", email: null, bio: "", socialLinks: [], avatar: null });
    expect(authorInput({ ...form, title: "  ", name: " Ada Osei " })).toEqual({
      name: "Ada Osei",
      slug: "ada-osei",
      title: null,
      location: "Accra",
      email: null,
      bio: null,
      avatarId: null,
      socialLinks: [],
    });
  });

  it("sends the social links typed, leaving out empty rows", () => {
    const form = authorForm({ name: "Ada Osei", slug: "ada-osei", title: null, location: null, email: null, bio: null, socialLinks: [{ network: "Mastodon", url: "https://example.social/@ada" }], avatar: null });
    form.socialLinks.push({ network: " ", url: "" }, { network: " Bluesky ", url: " https://bsky.app/profile/ada.example " });
    expect(authorInput(form).socialLinks).toEqual([
      { network: "Mastodon", url: "https://example.social/@ada" },
      { network: "Bluesky", url: "https://bsky.app/profile/ada.example" },
    ]);
  });

  it("sends the avatar picked from the picture desk by its id", () => {
    const avatar = { id: "a1", url: "/admin/renditions/a1?w=320", altText: "Ada Osei" };
    const form = authorForm({ name: "Ada Osei", slug: "ada-osei", title: null, location: null, email: null, bio: null, socialLinks: [], avatar });
    expect(form.avatar).toEqual(avatar);
    expect(authorInput(form).avatarId).toBe("a1");
  });
});
