// An author's profile as its form holds it, and read back into an AuthorInput.
import type { AuthorInput } from "../gql/graphql";

export interface AuthorForm {
  name: string;
  slug: string;
  title: string;
  location: string;
  email: string;
  bio: string;
  socialLinks: { network: string; url: string }[];
}

export const EMPTY_AUTHOR: AuthorForm = { name: "", slug: "", title: "", location: "", email: "", bio: "", socialLinks: [] };

interface AuthorLike {
  name: string;
  slug: string;
  title: string | null;
  location: string | null;
  email: string | null;
  bio: string | null;
  socialLinks: readonly { network: string; url: string }[];
}

export function authorForm(author: AuthorLike): AuthorForm {
  return {
    name: author.name,
    slug: author.slug,
    title: author.title ?? "",
    location: author.location ?? "",
    email: author.email ?? "",
    bio: author.bio ?? "",
    socialLinks: author.socialLinks.map(({ network, url }) => ({ network, url })),
  };
}

/** Empty optional fields are cleared (null), not stored as empty text. */
export function authorInput(form: AuthorForm): AuthorInput {
  const optional = (value: string) => value.trim() || null;
  return {
    name: form.name.trim(),
    slug: form.slug.trim(),
    title: optional(form.title),
    location: optional(form.location),
    email: optional(form.email),
    bio: optional(form.bio),
  };
}
