// The pages of the site: a story, a section front (or the home page), an author, a tag. Each
// takes what its query answered and returns the page's HTML. Every address comes from the API
// (a page's `path`, its canonical `url`): the site builds none of its own.
import { adsAt, gptScript } from "./ads.js";
import { block, bodyAds } from "./body.js";
import { breadcrumbs, HOME, sectionCrumbs } from "./crumbs.js";
import type { AuthorPageFragment, PageAdFieldsFragment, SectionFrontQuery, StoryPageFragment, TagPageFragment, TeaserFragment } from "./gql/graphql.js";
import { element, empty, escape, jsonLd, link, time } from "./html.js";
import { NETWORKS, STORY_TYPES } from "./labels.js";
import { figure, picture } from "./pictures.js";

export type Front = NonNullable<SectionFrontQuery["front"]>;

interface Head {
  title: string;
  canonical: string | null;
  meta?: { property: string | null; name: string | null; content: string }[];
  structuredData?: unknown;
}

function layout(head: Head, ads: PageAdFieldsFragment[], main: string, script = gptScript(ads)): string {
  const meta = (head.meta ?? []).map((tag) => empty("meta", { property: tag.property, name: tag.name, content: tag.content })).join("");
  return [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><title>${escape(head.title)}</title>`,
    head.canonical ? empty("link", { rel: "canonical", href: head.canonical }) : "",
    meta,
    head.structuredData === undefined ? "" : jsonLd(head.structuredData),
    '<script async src="https://securepubads.g.doubleclick.net/tag/js/gpt.js"></script>',
    `<script>window.googletag = window.googletag || { cmd: [] };\n${script}</script></head>`,
    `<body>${adsAt(ads, "TOP")}<div class="page"><main>${main}</main>`,
    `<aside class="rail">${adsAt(ads, "RIGHT_RAIL")}</aside></div>${adsAt(ads, "BOTTOM")}</body></html>`,
  ].join("\n");
}

/** What goes above a headline: "Breaking", the kind of story when readers must be told, the kicker. */
function kicker(story: { breaking: boolean; storyType: TeaserFragment["storyType"]; kicker: string | null }): string {
  const labels = [story.breaking ? "Breaking" : null, STORY_TYPES[story.storyType], story.kicker].filter((label): label is string => label !== null);
  return labels.length ? element("p", { class: `kicker story-${story.storyType.toLowerCase()}` }, escape(labels.join(" · "))) : "";
}

function teaser(story: TeaserFragment): string {
  const image = story.leadMedia?.asset.picture ?? null;
  const art = image ? picture(image, { alt: story.leadMedia?.altText ?? "", sizes: "(min-width: 960px) 320px, 100vw" }) : "";
  const byline = story.authors.map((author) => link(author.path, author.name)).join(", ");
  return element(
    "article",
    { class: "teaser" },
    `${art}${link(story.section.path, story.section.name, { class: "section" })}${kicker(story)}<h3>${link(story.path, story.headline)}</h3>` +
      (story.dek ? element("p", {}, escape(story.dek)) : "") +
      element("p", { class: "meta" }, `${byline} · ${time(story.displayDate)}`),
  );
}

function teasers(label: string, stories: TeaserFragment[]): string {
  return stories.length ? element("section", { class: label.toLowerCase().replace(/\W+/g, "-"), "aria-label": label }, stories.map(teaser).join("")) : "";
}

function more(page: { path: string; hasNextPage: boolean; endCursor: string | null }): string {
  return page.hasNextPage && page.endCursor ? link(`${page.path}?after=${encodeURIComponent(page.endCursor)}`, "More stories", { rel: "next" }) : "";
}

export function storyPage(story: StoryPageFragment): string {
  const byline = story.bylines.map((one) => link(one.author.path, one.author.name) + (one.role ? `, ${escape(one.role)}` : "")).join(" and ");
  const lead = story.leadMedia ? figure(story.leadMedia.asset.picture, story.leadMedia, { sizes: "100vw", eager: true }) : "";
  const updated = story.updatedAt !== story.firstPublishedAt ? ` · Updated ${time(story.updatedAt)}` : "";
  const reading = story.readingTimeMinutes ? ` · ${story.readingTimeMinutes} min read` : "";
  const tags = story.tagList.map((tag) => `<li>${link(tag.path, tag.name)}</li>`).join("");
  const corrections = story.corrections.map((one) => element("p", { class: "correction" }, `${time(one.at)}: ${escape(one.text)}`)).join("");
  const main = [
    breadcrumbs(sectionCrumbs(story.section)),
    kicker(story),
    element("h1", {}, escape(story.headline)),
    story.dek ? element("p", { class: "dek" }, escape(story.dek)) : "",
    story.bylines.length ? element("p", { class: "byline" }, `By ${byline}`) : "",
    element("p", { class: "meta" }, time(story.displayDate) + updated + reading),
    lead,
    (story.dateline ? element("span", { class: "dateline" }, `${escape(story.dateline)} — `) : "") + story.body.map(block).join("\n"),
    corrections,
    tags ? `<ul class="tags">${tags}</ul>` : "",
    teasers("Read next", story.relatedArticles),
  ].join("\n");
  const head = { title: story.seo.title ?? story.headline, canonical: story.seo.canonicalUrl, meta: story.metaTags, structuredData: story.structuredData };
  return layout(head, story.pageAds, main, gptScript(story.pageAds, bodyAds(story.body)));
}

export function sectionFront(front: Front): string {
  const section = front.section;
  const chosen = front.articles.slice(0, front.curatedCount);
  const newest = front.articles.slice(front.curatedCount);
  const subsections = (section?.children ?? []).map((child) => `<li>${link(child.path, child.name)}</li>`).join("");
  const main = [
    breadcrumbs(sectionCrumbs(section)),
    element("h1", {}, escape(section?.name ?? "Top stories")),
    subsections ? `<ul class="subsections">${subsections}</ul>` : "",
    teasers("Top stories", chosen),
    teasers("Latest", newest),
  ].join("\n");
  return layout({ title: section?.name ?? "Home", canonical: section?.url ?? null }, front.pageAds, main);
}

export function authorPage(author: AuthorPageFragment): string {
  const avatar = author.avatar?.picture ? picture(author.avatar.picture, { alt: author.avatar.altText ?? author.name, sizes: "128px" }) : "";
  const links = author.socialLinks
    .map((one) => `<li>${link(one.url, NETWORKS[one.network] ?? one.label, { rel: "me", class: `social-${one.network.toLowerCase()}` })}</li>`)
    .join("");
  const stories = author.articles;
  const main = [
    breadcrumbs([HOME, author]),
    avatar,
    element("h1", {}, escape(author.name)),
    author.title ? element("p", { class: "role" }, escape(author.title)) : "",
    author.location ? element("p", { class: "location" }, escape(author.location)) : "",
    author.bio ? element("p", { class: "bio" }, escape(author.bio)) : "",
    links ? `<ul class="social">${links}</ul>` : "",
    element("p", {}, `${stories.totalCount} stories`),
    teasers("Stories", stories.edges.map((edge) => edge.node)),
    more({ path: author.path, ...stories.pageInfo }),
  ].join("\n");
  return layout({ title: author.name, canonical: author.url, structuredData: author.structuredData }, [], main);
}

export function tagPage(tag: TagPageFragment): string {
  const stories = tag.articles;
  const main = [
    breadcrumbs([HOME, tag]),
    element("h1", {}, escape(tag.name)),
    element("p", {}, `${stories.totalCount} stories`),
    teasers("Stories", stories.edges.map((edge) => edge.node)),
    more({ path: tag.path, ...stories.pageInfo }),
  ].join("\n");
  return layout({ title: tag.name, canonical: tag.url }, [], main);
}
