// A story's body, block by block, by __typename: the switch covers the whole union, so a block
// type the API adds fails the check until the page renders it. Every block carries its id, the
// anchor (#id) a link can point at, and the container of an ad between paragraphs.
import type { BodyAd } from "./ads.js";
import type { StoryPageFragment } from "./gql/graphql.js";
import { element, escape, link } from "./html.js";
import { EMBED_FRAMES } from "./labels.js";
import { figure } from "./pictures.js";

export type Block = StoryPageFragment["body"][number];
type HeadingTag = "h2" | "h3" | "h4" | "h5" | "h6";

export function block(one: Block): string {
  const id = one.id;
  switch (one.__typename) {
    case "Paragraph":
      return element("p", { id }, one.html);
    case "Heading":
      // The one cast: the API says a level is an Int, HTML has six heading elements.
      return element(`h${Math.min(6, Math.max(2, one.level))}` as HeadingTag, { id }, escape(one.text));
    case "BlockQuote": {
      const paragraphs = one.paragraphs.map((paragraph) => `<p>${paragraph.html}</p>`).join("");
      return element("blockquote", { id }, paragraphs + (one.attribution ? element("footer", {}, escape(one.attribution)) : ""));
    }
    case "PullQuote":
      return element("aside", { id, class: "pull-quote" }, escape(one.text) + (one.attribution ? ` — ${escape(one.attribution)}` : ""));
    case "MediaBlock":
      return one.asset.picture ? figure(one.asset.picture, one, { sizes: "(min-width: 960px) 720px, 100vw", id }) : clip(one);
    case "Embed": {
      const frame = EMBED_FRAMES[one.provider];
      const caption = one.caption ? element("figcaption", {}, escape(one.caption)) : "";
      return element("figure", { id, class: `embed embed-${frame}`, "data-provider": one.provider.toLowerCase(), title: one.providerName }, one.html + caption);
    }
    case "RelatedLink": {
      const target = one.article?.path ?? one.externalUrl;
      return target ? element("p", { id, class: "related" }, `${escape(one.label)} ${link(target, one.text)}`) : "";
    }
    case "ListBlock": {
      const items = one.items.map((item) => `<li>${item.html}</li>`).join("");
      return element(one.ordered ? "ol" : "ul", { id }, items);
    }
    case "AdSlotBlock":
      return element("div", { id, class: "ad ad-in-article", "aria-label": "Advertisement" });
    default: {
      const unknown: never = one;
      return unknown;
    }
  }
}

type MediaBlock = Extract<Block, { __typename: "MediaBlock" }>;

/** A clip or a recording (a picture we hold comes with its renditions instead). */
function clip(one: MediaBlock): string {
  const file = { src: one.url, controls: true, preload: "none" };
  const player = one.asset.kind === "AUDIO" ? element("audio", file) : one.asset.kind === "VIDEO" ? element("video", file) : element("a", { href: one.url }, escape(one.altText ?? "Picture"));
  const text = [one.caption, one.credit].filter((part): part is string => part !== null);
  return element("figure", { id: one.id }, player + (text.length ? element("figcaption", {}, escape(text.join(" "))) : ""));
}

/** The body's ads, for the GPT script. */
export function bodyAds(body: Block[]): BodyAd[] {
  return body.flatMap((one) => (one.__typename === "AdSlotBlock" ? [one] : []));
}
