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
  /** The portrait, picked from the picture desk. */
  avatar: { id: string; url: string; altText: string | null } | null;
}

export const EMPTY_AUTHOR: AuthorForm = { name: "", slug: "", title: "", location: "", email: "", bio: "", socialLinks: [], avatar: null };

interface AuthorLike {
  name: string;
  slug: string;
  title: string | null;
  location: string | null;
  email: string | null;
  bio: string | null;
  socialLinks: readonly { network: string; url: string }[];
  avatar: { id: string; url: string; altText: string | null } | null;
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
    avatar: author.avatar ? { id: author.avatar.id, url: author.avatar.url, altText: author.avatar.altText } : null,
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
    avatarId: form.avatar?.id ?? null,
    socialLinks: form.socialLinks
      .map((link) => ({ network: link.network.trim(), url: link.url.trim() }))
      .filter((link) => link.network || link.url),
  };
}
