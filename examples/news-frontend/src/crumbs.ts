// Breadcrumbs: the home page, then a section's parents from the top and the section itself,
// each at the address the server gives it (Section.ancestors and path).
import type { SectionCrumbsFragment } from "./gql/graphql.js";
import { element, link } from "./html.js";

export interface Crumb {
  name: string;
  path: string;
}

export const HOME: Crumb = { name: "Home", path: "/" };

export function sectionCrumbs(section: SectionCrumbsFragment | null): Crumb[] {
  return section ? [HOME, ...section.ancestors, section] : [HOME];
}

export function breadcrumbs(trail: Crumb[]): string {
  const items = trail.map((crumb) => `<li>${link(crumb.path, crumb.name)}</li>`).join("");
  return element("nav", { "aria-label": "Breadcrumbs", class: "breadcrumbs" }, `<ol>${items}</ol>`);
}
