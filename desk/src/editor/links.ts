// Which addresses the body may carry, by the server's rules (cms/domain/richtext.py, tightened
// by issue 13 item 19): a link in the text is an http(s) address, a path on this site that no
// browser reads as another host, or a mailto: address; an embed's URL is an http(s) address;
// a related link's URL is an http(s) address or a path on this site. No tab, newline, space,
// control character or backslash anywhere: browsers drop or rewrite them ("/\t/evil").
// The editor never produces anything the server would refuse.

const UNSAFE = /[\u0000-\u0020\u007f\\]/;

/** An absolute http(s) address with a host. */
export function isWebUrl(value: string): boolean {
  if (value === "" || UNSAFE.test(value)) return false;
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
  return /^\/(?!\/)/.test(value) && !UNSAFE.test(value);
}

/** A mail address to write to. */
export function isMailto(value: string): boolean {
  return /^mailto:[^@\s]+@[^@\s]+$/i.test(value) && !UNSAFE.test(value);
}

/** A link in the text that the server keeps: a web address, a site path or a mail address. */
export function isSafeHref(value: string): boolean {
  return isWebUrl(value) || isSitePath(value) || isMailto(value);
}

/** Where a related link may lead: a web address or a page of this site. */
export function isPageAddress(value: string): boolean {
  return isWebUrl(value) || isSitePath(value);
}

/** What a person typed as an address: https:// added to a bare host, mailto: to an email. */
export function withScheme(typed: string): string {
  const value = typed.trim();
  if (value === "" || value.startsWith("/") || /^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
  if (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(value)) return `mailto:${value}`;
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
