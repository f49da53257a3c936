// Building HTML as text: every value from the API goes through escape() unless it is HTML the
// API already made safe (a paragraph's `html`, an embed's `html`).

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

/** An element with escaped attributes (null and false leave the attribute out). */
export function element(tag: keyof HTMLElementTagNameMap, attributes: Record<string, string | number | boolean | null>, inner = ""): string {
  const listed = Object.entries(attributes)
    .filter(([, value]) => value !== null && value !== false)
    .map(([name, value]) => (value === true ? name : `${name}="${escape(String(value))}"`));
  return `<${[tag, ...listed].join(" ")}>${inner}</${tag}>`;
}

export function link(href: string, text: string): string {
  return element("a", { href }, escape(text));
}

/** A date as readers see it ("30 November 2026"), from the API's RFC 3339 UTC text. */
export function readable(at: string, timeZone = "UTC"): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone }).format(new Date(at));
}
