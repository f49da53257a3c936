// The four pages of the site, each from one typed query: a story, a section front, an author,
// a tag. Each returns the page's HTML, or null when the API found nothing (a 404).
import { adsAt, gptScript } from "./ads";
import { block, bodyAds } from "./body";
import type { AuthorPageQuery, PageAdFieldsFragment, SectionFrontQuery, StoryPageQuery, TagPageQuery, TeaserFragment } from "./gql/graphql";
import { element, escape, link, readable } from "./html";
import { crumbs, paths, type Crumb } from "./links";
import { figure, picture } from "./pictures";

function breadcrumbs(trail: Crumb[]): string {
  const items = trail.map((crumb) => `<li>${link(crumb.href, crumb.name)}</li>`).join("");
  return element("nav", { "aria-label": "Breadcrumbs" }, `<ol>${items}</ol>`);
}

function layout(title: string, ads: PageAdFieldsFragment[], main: string, script = gptScript(ads)): string {
  return [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>`,
    '<script async src="https://securepubads.g.doubleclick.net/tag/js/gpt.js"></script>',
    `<script>window.googletag = window.googletag || { cmd: [] };\n${script}</script></head>`,
    `<body>${adsAt(ads, "TOP")}<div class="page"><main>${main}</main>`,
    `<aside class="rail">${adsAt(ads, "RIGHT_RAIL")}</aside></div>${adsAt(ads, "BOTTOM")}</body></html>`,
  ].join("\n");
}

function teaser(story: TeaserFragment): string {
  const image = story.leadMedia?.asset.picture ?? null;
  const art = image ? picture(image, { alt: story.leadMedia?.altText ?? "", sizes: "(min-width: 960px) 320px, 100vw" }) : "";
  const byline = story.authors.map((author) => link(paths.author(author.slug), author.name)).join(", ");
  const section = story.section ? link(paths.section(story.section.slug), story.section.name) : "";
  return element(
    "article",
    { class: "teaser" },
    `${art}${section}<h3>${link(paths.story(story.slug), story.headline)}</h3>` +
      (story.dek ? element("p", {}, escape(story.dek)) : "") +
      element("p", { class: "meta" }, `${byline} · ${element("time", { datetime: story.publishedAt }, readable(story.publishedAt))}`),
  );
}

export function storyPage(data: StoryPageQuery): string | null {
  const story = data.article;
  if (!story) return null;
  const byline = story.bylines
    .map((one) => link(paths.author(one.author.slug), one.author.name) + (one.role ? `, ${escape(one.role)}` : ""))
    .join(" and ");
  const lead = story.leadMedia ? figure(story.leadMedia.asset.picture, story.leadMedia, "100vw") : "";
  const tags = story.tags.map((tag) => `<li>${link(paths.tag(tag), tag)}</li>`).join("");
  const corrections = story.corrections
    .map((one) => element("p", { class: "correction" }, `${readable(one.at)}: ${escape(one.text)}`))
    .join("");
  const main = [
    breadcrumbs(crumbs(story.section)),
    element("h1", {}, escape(story.headline)),
    story.dek ? element("p", { class: "dek" }, escape(story.dek)) : "",
    element("p", { class: "byline" }, `By ${byline}`),
    element("time", { datetime: story.publishedAt }, readable(story.publishedAt)),
    lead,
    (story.dateline ? element("span", { class: "dateline" }, `${escape(story.dateline)} — `) : "") + story.body.map(block).join("\n"),
    corrections,
    `<ul class="tags">${tags}</ul>`,
  ].join("\n");
  return layout(story.seo.title ?? story.headline, story.pageAds, main, gptScript(story.pageAds, bodyAds(story.body)));
}

export function sectionFront(data: SectionFrontQuery): string | null {
  const front = data.front;
  if (!front?.section) return null;
  const chosen = front.articles.slice(0, front.curatedCount).map(teaser).join("");
  const newest = front.articles.slice(front.curatedCount).map(teaser).join("");
  const subsections = front.section.children.map((child) => `<li>${link(paths.section(child.slug), child.name)}</li>`).join("");
  const main = [
    breadcrumbs(crumbs(front.section)),
    element("h1", {}, escape(front.section.name)),
    subsections ? `<ul class="subsections">${subsections}</ul>` : "",
    element("section", { class: "top-stories", "aria-label": "Top stories" }, chosen),
    element("section", { class: "latest", "aria-label": "Latest" }, newest),
  ].join("\n");
  return layout(front.section.name, front.pageAds, main);
}

export function authorPage(data: AuthorPageQuery): string | null {
  const author = data.author;
  if (!author) return null;
  const avatar = author.avatar?.picture ? picture(author.avatar.picture, { alt: author.avatar.altText ?? author.name, sizes: "128px" }) : "";
  const links = author.socialLinks.map((one) => `<li>${link(one.url, one.network)}</li>`).join("");
  const main = [
    breadcrumbs([{ name: "Home", href: "/" }, { name: author.name, href: paths.author(author.slug) }]),
    avatar,
    element("h1", {}, escape(author.name)),
    author.title ? element("p", { class: "role" }, escape(author.title)) : "",
    author.bio ? element("p", { class: "bio" }, escape(author.bio)) : "",
    `<ul class="social">${links}</ul>`,
    element("p", {}, `${author.articles.totalCount} stories`),
    author.articles.edges.map((edge) => teaser(edge.node)).join(""),
  ].join("\n");
  return layout(author.name, [], main);
}

export function tagPage(tag: string, data: TagPageQuery): string | null {
  const stories = data.articles.edges.map((edge) => teaser(edge.node));
  if (!stories.length) return null;
  const main = [
    breadcrumbs([{ name: "Home", href: "/" }, { name: tag, href: paths.tag(tag) }]),
    element("h1", {}, escape(tag)),
    element("p", {}, `${data.articles.totalCount} stories`),
    stories.join(""),
  ].join("\n");
  return layout(tag, [], main);
}
