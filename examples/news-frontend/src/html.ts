// Building HTML as text: every value from the API goes through escape() unless it is HTML the
// API already made safe (a paragraph's `html`, an embed's `html`).

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

type Attributes = Record<string, string | number | boolean | null>;

function open(tag: keyof HTMLElementTagNameMap, attributes: Attributes): string {
  const listed = Object.entries(attributes)
    .filter(([, value]) => value !== null && value !== false)
    .map(([name, value]) => (value === true ? name : `${name}="${escape(String(value))}"`));
  return `<${[tag, ...listed].join(" ")}>`;
}

/** An element with escaped attributes (null and false leave the attribute out). */
export function element(tag: keyof HTMLElementTagNameMap, attributes: Attributes, inner = ""): string {
  return `${open(tag, attributes)}${inner}</${tag}>`;
}

/** An element HTML gives no end tag (img, source, meta, link). */
export function empty(tag: "img" | "source" | "meta" | "link", attributes: Attributes): string {
  return open(tag, attributes);
}

export function link(href: string, text: string, attributes: Attributes = {}): string {
  return element("a", { href, ...attributes }, escape(text));
}

/** JSON for a <script type="application/ld+json">, which no text of it can close early. */
export function jsonLd(data: unknown): string {
  return element("script", { type: "application/ld+json" }, JSON.stringify(data).replace(/</g, "\\u003c"));
}

/** A date as readers see it ("30 November 2026"), from the API's RFC 3339 UTC text. */
export function readable(at: string, timeZone = "UTC"): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone }).format(new Date(at));
}

export function time(at: string): string {
  return element("time", { datetime: at }, readable(at));
}
