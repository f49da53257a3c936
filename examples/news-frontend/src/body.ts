// A story's body, block by block, by __typename: the switch covers the whole union, so a block
// type the API adds fails the check until the page renders it.
import { adElementId, type BodyAd } from "./ads";
import type { StoryPageQuery } from "./gql/graphql";
import { element, escape, link } from "./html";
import { paths } from "./links";
import { figure } from "./pictures";

type Story = NonNullable<StoryPageQuery["article"]>;
export type Block = Story["body"][number];
type HeadingTag = "h2" | "h3" | "h4" | "h5" | "h6";

export function block(one: Block): string {
  switch (one.__typename) {
    case "Paragraph":
      return `<p>${one.html}</p>`;
    case "Heading":
      // The one cast: the API says a level is an Int, HTML has six heading elements.
      return element(`h${Math.min(6, Math.max(2, one.level))}` as HeadingTag, {}, escape(one.text));
    case "BlockQuote":
      return element("blockquote", {}, `<p>${one.html}</p>${one.attribution ? element("footer", {}, escape(one.attribution)) : ""}`);
    case "PullQuote":
      return element("aside", { class: "pull-quote" }, escape(one.text) + (one.attribution ? ` — ${escape(one.attribution)}` : ""));
    case "MediaBlock":
      return figure(one.asset.picture, one, "(min-width: 960px) 720px, 100vw");
    case "Embed":
      return element("figure", { class: `embed embed-${one.provider}` }, one.html + (one.caption ? element("figcaption", {}, escape(one.caption)) : ""));
    case "RelatedLink": {
      const target = one.article ? paths.story(one.article.slug) : one.externalUrl;
      return target ? element("p", { class: "related" }, `${escape(one.label)} ${link(target, one.text)}`) : "";
    }
    case "ListBlock": {
      const items = one.items.map((item) => `<li>${item.html}</li>`).join("");
      return element(one.ordered ? "ol" : "ul", {}, items);
    }
    case "AdSlotBlock":
      return element("div", { id: adElementId(one.slot.code, 100 + one.position), class: "ad ad-in-article", "aria-label": "Advertisement" });
    default: {
      const unknown: never = one;
      return unknown;
    }
  }
}

/** The body's ads, for the GPT script. */
export function bodyAds(body: Block[]): BodyAd[] {
  return body.flatMap((one) => (one.__typename === "AdSlotBlock" ? [one] : []));
}
