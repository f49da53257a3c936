// What the site answers for an address: route(path:) says which page it is (by the server's
// own path patterns, so the site parses no paths), and an old address answers a redirect.
import { query } from "./client.js";
import { RouteDocument, SectionFrontDocument } from "./gql/graphql.js";
import { authorPage, sectionFront, storyPage, tagPage } from "./pages.js";

export type Response = { status: 200; html: string } | { status: number; location: string } | { status: 404 };

const NOT_FOUND: Response = { status: 404 };

async function front(endpoint: string, section: string | null): Promise<Response> {
  const { front } = await query(endpoint, SectionFrontDocument, { section });
  return front ? { status: 200, html: sectionFront(front) } : NOT_FOUND;
}

/** The answer for an address of the site ("/news/politics", "/authors/x?after=cursor"). */
export async function render(endpoint: string, address: string): Promise<Response> {
  const { pathname, search } = new URL(address, "http://site.invalid");
  if (pathname === "/") return front(endpoint, null);
  const after = new URLSearchParams(search).get("after");
  const { route } = await query(endpoint, RouteDocument, { path: pathname, after });
  if (!route) return NOT_FOUND;
  if (route.redirect) return { status: route.redirect.statusCode, location: route.redirect.path + search };
  switch (route.__typename) {
    case "Article":
      return { status: 200, html: storyPage(route) };
    case "Section":
      return front(endpoint, route.slug);
    case "Author":
      return { status: 200, html: authorPage(route) };
    case "Tag":
      return { status: 200, html: tagPage(route) };
    default: {
      const unknown: never = route;
      return unknown;
    }
  }
}
