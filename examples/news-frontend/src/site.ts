// Which query and which page a path is: the whole site, in one place.
import { query } from "./client";
import { AuthorPageDocument, SectionFrontDocument, StoryPageDocument, TagPageDocument } from "./gql/graphql";
import { authorPage, sectionFront, storyPage, tagPage } from "./pages";

/** The HTML for a path of the site, or null for a page that does not exist. */
export async function render(endpoint: string, path: string): Promise<string | null> {
  const [first = "", second = ""] = path.split("/").filter(Boolean);
  if (first === "stories") return storyPage(await query(endpoint, StoryPageDocument, { slug: second }));
  if (first === "authors") return authorPage(await query(endpoint, AuthorPageDocument, { slug: second }));
  if (first === "tags") return tagPage(second, await query(endpoint, TagPageDocument, { tag: second }));
  return sectionFront(await query(endpoint, SectionFrontDocument, { section: first || "news" }));
}
