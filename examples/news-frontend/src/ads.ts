// Ads for Google Publisher Tag: a container for each ad in the layout, and the script that
// defines every slot (page-level ones with their size mapping, out-of-page ones with their
// format) and sends the key-values the API merged for each.
import type { PageAdFieldsFragment, PagePosition } from "./gql/graphql";
import { element } from "./html";

interface Size {
  width: number;
  height: number;
}
type GptSize = [number, number] | "fluid";

/** A body ad (AdSlotBlock) as the script needs it. */
export interface BodyAd {
  position: number;
  slot: { code: string; adUnitPath: string; fluid: boolean; sizes: Size[] };
  targeting: { key: string; values: string[] }[];
}

const FLUID: GptSize = "fluid";

const pairs = (sizes: Size[], fluid: boolean): GptSize[] => [
  ...sizes.map((size): GptSize => [size.width, size.height]),
  ...(fluid ? [FLUID] : []),
];

export const adElementId = (code: string, index: number) => `ad-${code}-${index}`;

/** The containers of the page ads at one position of the layout (out-of-page ads have none). */
export function adsAt(ads: PageAdFieldsFragment[], position: PagePosition): string {
  return ads
    .map((ad, index) => ({ ad, index }))
    .filter(({ ad }) => ad.position === position && position !== "OUT_OF_PAGE")
    .map(({ ad, index }) => element("div", { id: adElementId(ad.code, index), class: `ad ad-${position.toLowerCase()}`, "aria-label": "Advertisement" }))
    .join("");
}

/** The GPT calls for a page's ads and its body's ads, as a script's text. */
export function gptScript(pageAds: PageAdFieldsFragment[], bodyAds: BodyAd[] = []): string {
  const lines = pageAds.map((ad, index) => {
    const targeting = ad.targeting.map((pair) => `.setTargeting(${JSON.stringify(pair.key)}, ${JSON.stringify(pair.values)})`).join("");
    if (ad.position === "OUT_OF_PAGE") {
      const format = ad.outOfPageFormat ? `googletag.enums.OutOfPageFormat.${ad.outOfPageFormat}` : JSON.stringify(adElementId(ad.code, index));
      return `var s${index} = googletag.defineOutOfPageSlot(${JSON.stringify(ad.adUnitPath)}, ${format}); if (s${index}) s${index}${targeting}.addService(googletag.pubads());`;
    }
    const mapping = ad.sizeMapping.length
      ? `.defineSizeMapping(googletag.sizeMapping()${ad.sizeMapping
          .map((entry) => `.addSize(${JSON.stringify([entry.viewport.width, entry.viewport.height])}, ${JSON.stringify(pairs(entry.sizes, entry.fluid))})`)
          .join("")}.build())`
      : "";
    const sizes = JSON.stringify(pairs(ad.sizes, ad.fluid));
    return `googletag.defineSlot(${JSON.stringify(ad.adUnitPath)}, ${sizes}, ${JSON.stringify(adElementId(ad.code, index))})${mapping}${targeting}.addService(googletag.pubads());`;
  });
  const inBody = bodyAds.map((ad) => {
    const targeting = ad.targeting.map((pair) => `.setTargeting(${JSON.stringify(pair.key)}, ${JSON.stringify(pair.values)})`).join("");
    const id = adElementId(ad.slot.code, 100 + ad.position);
    return `googletag.defineSlot(${JSON.stringify(ad.slot.adUnitPath)}, ${JSON.stringify(pairs(ad.slot.sizes, ad.slot.fluid))}, ${JSON.stringify(id)})${targeting}.addService(googletag.pubads());`;
  });
  return `googletag.cmd.push(function () {\n${[...lines, ...inBody].join("\n")}\ngoogletag.enableServices();\n});`;
}
