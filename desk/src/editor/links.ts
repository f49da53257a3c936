// Which addresses the body may carry. The server hands out links only when they are web
// addresses or site-relative paths (cms/domain/richtext.py is_safe_link, tightened by issue 13
// item 19 to http(s) and paths that cannot become another host), and refuses an embed whose
// URL is not http(s). The editor never produces anything else.

// Whitespace and control characters: browsers drop some of them inside URLs ("/\t/evil").
const HIDDEN = /[\s\u0000-\u001f\u007f]/;

/** An absolute http(s) address with a host. */
export function isWebUrl(value: string): boolean {
  if (value === "" || HIDDEN.test(value)) return false;
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** A path on this site that no browser reads as another host ("//x", "/\x" are refused). */
export function isSitePath(value: string): boolean {
  return /^\/(?![/\\])/.test(value) && !HIDDEN.test(value) && !value.includes("\\");
}

/** A link the server keeps and delivers: a web address or a site-relative path. */
export function isSafeHref(value: string): boolean {
  return isWebUrl(value) || isSitePath(value);
}

/** What a person typed as an address, with https:// added to a bare host ("example.com/x"). */
export function withScheme(typed: string): string {
  const value = typed.trim();
  if (value === "" || value.startsWith("/") || /^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
  return /^[^\s/]+\.[^\s/]+/.test(value) ? `https://${value}` : value;
}

const PROVIDERS: [RegExp, string][] = [
  [/(^|\.)(youtube\.com|youtu\.be|youtube-nocookie\.com)$/, "youtube"],
  [/(^|\.)vimeo\.com$/, "vimeo"],
  [/(^|\.)spotify\.com$/, "spotify"],
  [/(^|\.)soundcloud\.com$/, "soundcloud"],
  [/(^|\.)dailymotion\.com$/, "dailymotion"],
  [/(^|\.)(twitter\.com|x\.com)$/, "x"],
  [/(^|\.)instagram\.com$/, "instagram"],
  [/(^|\.)tiktok\.com$/, "tiktok"],
  [/(^|\.)facebook\.com$/, "facebook"],
];

/** The provider of a player we know ("youtube"), or null for any other address. */
export function knownEmbedProvider(url: string): string | null {
  if (!isWebUrl(url)) return null;
  const host = new URL(url).hostname.toLowerCase();
  for (const [pattern, name] of PROVIDERS) if (pattern.test(host)) return name;
  return null;
}

/** The embed's provider as the model names it ("youtube"), or the site's host for others. */
export function embedProvider(url: string): string {
  const known = knownEmbedProvider(url);
  if (known) return known;
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, "") || "link";
  } catch {
    return "link";
  }
}
