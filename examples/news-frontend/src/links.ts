// Where each page lives on the site. The delivery API's own `path` fields replace these once
// every type carries one; until then the example uses a simple scheme of its own, which
// site.ts reads back.
import type { CrumbsFragment } from "./gql/graphql";

export const paths = {
  story: (slug: string) => `/stories/${slug}`,
  section: (slug: string) => `/${slug}`,
  author: (slug: string) => `/authors/${slug}`,
  tag: (slug: string) => `/tags/${slug}`,
};

export interface Crumb {
  name: string;
  href: string;
}

/** The breadcrumbs of a page in a section: home, the section's parents, the section. */
export function crumbs(section: CrumbsFragment | null): Crumb[] {
  const trail = section ? [...section.ancestors, { slug: section.slug, name: section.name }] : [];
  return [{ name: "Home", href: "/" }, ...trail.map((one) => ({ name: one.name, href: paths.section(one.slug) }))];
}
