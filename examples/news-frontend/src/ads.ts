// Ads for Google Publisher Tag: a container for each ad in the layout, and the script that
// defines every slot (page-level ones with their size mapping, out-of-page ones with their
// format, the body's in their blocks' containers) and sends the key-values the API merged.
import type { PageAdFieldsFragment, PagePosition } from "./gql/graphql.js";
import { element } from "./html.js";

interface Size {
  width: number;
  height: number;
}
type GptSize = [number, number] | "fluid";
interface Targeting {
  key: string;
  values: string[];
}

/** An ad between paragraphs (an AdSlotBlock): its container is the block's own id. */
export interface BodyAd {
  id: string;
  slot: { adUnitPath: string; fluid: boolean; sizes: Size[] };
  targeting: Targeting[];
}

const FLUID: GptSize = "fluid";

const pairs = (sizes: Size[], fluid: boolean): GptSize[] => [...sizes.map((size): GptSize => [size.width, size.height]), ...(fluid ? [FLUID] : [])];

const targeted = (targeting: Targeting[]) => targeting.map((pair) => `.setTargeting(${JSON.stringify(pair.key)}, ${JSON.stringify(pair.values)})`).join("");

/** The id of a page ad's container (the n-th page ad, whatever its position). */
export const pageAdId = (ad: PageAdFieldsFragment, index: number) => `page-ad-${index}-${ad.code}`;

/** The containers of the page ads at one position of the layout (out-of-page ads have none). */
export function adsAt(ads: PageAdFieldsFragment[], position: Exclude<PagePosition, "OUT_OF_PAGE">): string {
  return ads
    .map((ad, index) => (ad.position === position ? element("div", { id: pageAdId(ad, index), class: `ad ad-${position.toLowerCase()}`, "aria-label": "Advertisement" }) : ""))
    .join("");
}

function pageSlot(ad: PageAdFieldsFragment, index: number): string {
  if (ad.position === "OUT_OF_PAGE") {
    const format = ad.outOfPageFormat ? `googletag.enums.OutOfPageFormat.${ad.outOfPageFormat}` : JSON.stringify(pageAdId(ad, index));
    return `var s${index} = googletag.defineOutOfPageSlot(${JSON.stringify(ad.adUnitPath)}, ${format}); if (s${index}) s${index}${targeted(ad.targeting)}.addService(googletag.pubads());`;
  }
  const mapping = ad.sizeMapping.length
    ? `.defineSizeMapping(googletag.sizeMapping()${ad.sizeMapping
        .map((entry) => `.addSize(${JSON.stringify([entry.viewport.width, entry.viewport.height])}, ${JSON.stringify(pairs(entry.sizes, entry.fluid))})`)
        .join("")}.build())`
    : "";
  const sizes = JSON.stringify(pairs(ad.sizes, ad.fluid));
  return `googletag.defineSlot(${JSON.stringify(ad.adUnitPath)}, ${sizes}, ${JSON.stringify(pageAdId(ad, index))})${mapping}${targeted(ad.targeting)}.addService(googletag.pubads());`;
}

function bodySlot(ad: BodyAd): string {
  const sizes = JSON.stringify(pairs(ad.slot.sizes, ad.slot.fluid));
  return `googletag.defineSlot(${JSON.stringify(ad.slot.adUnitPath)}, ${sizes}, ${JSON.stringify(ad.id)})${targeted(ad.targeting)}.addService(googletag.pubads());`;
}

/** The GPT calls for a page's ads and its body's ads, as a script's text. */
export function gptScript(pageAds: PageAdFieldsFragment[], bodyAds: BodyAd[] = []): string {
  const lines = [...pageAds.map(pageSlot), ...bodyAds.map(bodySlot)];
  return `googletag.cmd.push(function () {\n${lines.join("\n")}\ngoogletag.enableServices();\n});`;
}
