/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Google Publisher Tag's out-of-page formats (googletag.enums.OutOfPageFormat). */
export type OutOfPageFormat =
  | 'BOTTOM_ANCHOR'
  | 'INTERSTITIAL'
  | 'LEFT_SIDE_RAIL'
  | 'RIGHT_SIDE_RAIL'
  | 'TOP_ANCHOR';

/** Where on a page a page-level ad runs: TOP (the leaderboard above the page), RIGHT_RAIL, BOTTOM, or OUT_OF_PAGE (an interstitial, an anchor: no place in the layout; googletag.defineOutOfPageSlot). */
export type PagePosition =
  | 'BOTTOM'
  | 'OUT_OF_PAGE'
  | 'RIGHT_RAIL'
  | 'TOP';

export type AuthorPageQueryVariables = Exact<{
  slug: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AuthorPageQuery = { author: { slug: string, name: string, title: string | null, bio: string | null, location: string | null, socialLinks: Array<{ network: string, url: string }>, avatar: { altText: string | null, picture: { width: number, height: number, avif: string, webp: string, placeholder: { color: string, dataUri: string } | null, jpeg: Array<{ url: string, width: number, height: number }> } | null } | null, articles: { totalCount: number, edges: Array<{ node: { id: string, slug: string, headline: string, dek: string | null, publishedAt: string, section: { slug: string, name: string } | null, authors: Array<{ slug: string, name: string }>, leadMedia: { altText: string | null, asset: { picture: { width: number, height: number, avif: string, webp: string, placeholder: { color: string, dataUri: string } | null, jpeg: Array<{ url: string, width: number, height: number }> } | null } } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type SectionFrontQueryVariables = Exact<{
  section: string;
  first?: number | null | undefined;
}>;


export type SectionFrontQuery = { front: { curatedCount: number, section: { slug: string, name: string, children: Array<{ slug: string, name: string }>, ancestors: Array<{ slug: string, name: string }> } | null, articles: Array<{ id: string, slug: string, headline: string, dek: string | null, publishedAt: string, section: { slug: string, name: string } | null, authors: Array<{ slug: string, name: string }>, leadMedia: { altText: string | null, asset: { picture: { width: number, height: number, avif: string, webp: string, placeholder: { color: string, dataUri: string } | null, jpeg: Array<{ url: string, width: number, height: number }> } | null } } | null }>, pageAds: Array<{ position: PagePosition, outOfPageFormat: OutOfPageFormat | null, code: string, adUnitPath: string, fluid: boolean, sizes: Array<{ width: number, height: number }>, sizeMapping: Array<{ fluid: boolean, viewport: { width: number, height: number }, sizes: Array<{ width: number, height: number }> }>, targeting: Array<{ key: string, values: Array<string> }> }> } | null };

export type StoryPageQueryVariables = Exact<{
  slug: string;
}>;


export type StoryPageQuery = { article: { id: string, slug: string, headline: string, dek: string | null, dateline: string | null, publishedAt: string, updatedAt: string, tags: Array<string>, section: { slug: string, name: string, ancestors: Array<{ slug: string, name: string }> } | null, bylines: Array<{ role: string | null, author: { slug: string, name: string, title: string | null } }>, leadMedia: { altText: string | null, caption: string | null, credit: string | null, asset: { picture: { width: number, height: number, avif: string, webp: string, placeholder: { color: string, dataUri: string } | null, jpeg: Array<{ url: string, width: number, height: number }> } | null } } | null, body: Array<
      | { __typename: 'AdSlotBlock', position: number, slot: { code: string, adUnitPath: string, fluid: boolean, sizes: Array<{ width: number, height: number }> }, targeting: Array<{ key: string, values: Array<string> }> }
      | { __typename: 'BlockQuote', html: string, attribution: string | null }
      | { __typename: 'Embed', provider: string, url: string, html: string, caption: string | null }
      | { __typename: 'Heading', text: string, level: number }
      | { __typename: 'ListBlock', ordered: boolean, items: Array<{ html: string }> }
      | { __typename: 'MediaBlock', altText: string | null, caption: string | null, credit: string | null, asset: { picture: { width: number, height: number, avif: string, webp: string, placeholder: { color: string, dataUri: string } | null, jpeg: Array<{ url: string, width: number, height: number }> } | null } }
      | { __typename: 'Paragraph', html: string }
      | { __typename: 'PullQuote', text: string, attribution: string | null }
      | { __typename: 'RelatedLink', label: string, text: string, externalUrl: string | null, article: { slug: string, headline: string } | null }
    >, corrections: Array<{ text: string, at: string }>, pageAds: Array<{ position: PagePosition, outOfPageFormat: OutOfPageFormat | null, code: string, adUnitPath: string, fluid: boolean, sizes: Array<{ width: number, height: number }>, sizeMapping: Array<{ fluid: boolean, viewport: { width: number, height: number }, sizes: Array<{ width: number, height: number }> }>, targeting: Array<{ key: string, values: Array<string> }> }>, seo: { title: string | null, description: string | null, canonicalUrl: string | null } } | null };

export type TagPageQueryVariables = Exact<{
  tag: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type TagPageQuery = { articles: { totalCount: number, edges: Array<{ node: { id: string, slug: string, headline: string, dek: string | null, publishedAt: string, section: { slug: string, name: string } | null, authors: Array<{ slug: string, name: string }>, leadMedia: { altText: string | null, asset: { picture: { width: number, height: number, avif: string, webp: string, placeholder: { color: string, dataUri: string } | null, jpeg: Array<{ url: string, width: number, height: number }> } | null } } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type PictureFieldsFragment = { width: number, height: number, avif: string, webp: string, placeholder: { color: string, dataUri: string } | null, jpeg: Array<{ url: string, width: number, height: number }> };

export type PageAdFieldsFragment = { position: PagePosition, outOfPageFormat: OutOfPageFormat | null, code: string, adUnitPath: string, fluid: boolean, sizes: Array<{ width: number, height: number }>, sizeMapping: Array<{ fluid: boolean, viewport: { width: number, height: number }, sizes: Array<{ width: number, height: number }> }>, targeting: Array<{ key: string, values: Array<string> }> };

export type TeaserFragment = { id: string, slug: string, headline: string, dek: string | null, publishedAt: string, section: { slug: string, name: string } | null, authors: Array<{ slug: string, name: string }>, leadMedia: { altText: string | null, asset: { picture: { width: number, height: number, avif: string, webp: string, placeholder: { color: string, dataUri: string } | null, jpeg: Array<{ url: string, width: number, height: number }> } | null } } | null };

export type CrumbsFragment = { slug: string, name: string, ancestors: Array<{ slug: string, name: string }> };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const PageAdFieldsFragmentDoc = new TypedDocumentString(`
    fragment PageAdFields on PageAd {
  position
  outOfPageFormat
  code
  adUnitPath
  fluid
  sizes {
    width
    height
  }
  sizeMapping {
    viewport {
      width
      height
    }
    sizes {
      width
      height
    }
    fluid
  }
  targeting {
    key
    values
  }
}
    `, {"fragmentName":"PageAdFields"}) as unknown as TypedDocumentString<PageAdFieldsFragment, unknown>;
export const PictureFieldsFragmentDoc = new TypedDocumentString(`
    fragment PictureFields on Picture {
  width
  height
  placeholder {
    color
    dataUri
  }
  avif: srcset(format: AVIF)
  webp: srcset(format: WEBP)
  jpeg: sources(format: JPEG) {
    url
    width
    height
  }
}
    `, {"fragmentName":"PictureFields"}) as unknown as TypedDocumentString<PictureFieldsFragment, unknown>;
export const TeaserFragmentDoc = new TypedDocumentString(`
    fragment Teaser on Article {
  id
  slug
  headline
  dek
  publishedAt
  section {
    slug
    name
  }
  authors {
    slug
    name
  }
  leadMedia {
    altText
    asset {
      picture {
        ...PictureFields
      }
    }
  }
}
    fragment PictureFields on Picture {
  width
  height
  placeholder {
    color
    dataUri
  }
  avif: srcset(format: AVIF)
  webp: srcset(format: WEBP)
  jpeg: sources(format: JPEG) {
    url
    width
    height
  }
}`, {"fragmentName":"Teaser"}) as unknown as TypedDocumentString<TeaserFragment, unknown>;
export const CrumbsFragmentDoc = new TypedDocumentString(`
    fragment Crumbs on Section {
  slug
  name
  ancestors {
    slug
    name
  }
}
    `, {"fragmentName":"Crumbs"}) as unknown as TypedDocumentString<CrumbsFragment, unknown>;
export const AuthorPageDocument = new TypedDocumentString(`
    query AuthorPage($slug: String!, $first: Int = 20, $after: String) {
  author(slug: $slug) {
    slug
    name
    title
    bio
    location
    socialLinks {
      network
      url
    }
    avatar {
      altText
      picture {
        ...PictureFields
      }
    }
    articles(first: $first, after: $after) {
      totalCount
      edges {
        node {
          ...Teaser
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    fragment PictureFields on Picture {
  width
  height
  placeholder {
    color
    dataUri
  }
  avif: srcset(format: AVIF)
  webp: srcset(format: WEBP)
  jpeg: sources(format: JPEG) {
    url
    width
    height
  }
}
fragment Teaser on Article {
  id
  slug
  headline
  dek
  publishedAt
  section {
    slug
    name
  }
  authors {
    slug
    name
  }
  leadMedia {
    altText
    asset {
      picture {
        ...PictureFields
      }
    }
  }
}`) as unknown as TypedDocumentString<AuthorPageQuery, AuthorPageQueryVariables>;
export const SectionFrontDocument = new TypedDocumentString(`
    query SectionFront($section: String!, $first: Int = 20) {
  front(section: $section, first: $first) {
    curatedCount
    section {
      ...Crumbs
      children {
        slug
        name
      }
    }
    articles {
      ...Teaser
    }
    pageAds {
      ...PageAdFields
    }
  }
}
    fragment PictureFields on Picture {
  width
  height
  placeholder {
    color
    dataUri
  }
  avif: srcset(format: AVIF)
  webp: srcset(format: WEBP)
  jpeg: sources(format: JPEG) {
    url
    width
    height
  }
}
fragment PageAdFields on PageAd {
  position
  outOfPageFormat
  code
  adUnitPath
  fluid
  sizes {
    width
    height
  }
  sizeMapping {
    viewport {
      width
      height
    }
    sizes {
      width
      height
    }
    fluid
  }
  targeting {
    key
    values
  }
}
fragment Teaser on Article {
  id
  slug
  headline
  dek
  publishedAt
  section {
    slug
    name
  }
  authors {
    slug
    name
  }
  leadMedia {
    altText
    asset {
      picture {
        ...PictureFields
      }
    }
  }
}
fragment Crumbs on Section {
  slug
  name
  ancestors {
    slug
    name
  }
}`) as unknown as TypedDocumentString<SectionFrontQuery, SectionFrontQueryVariables>;
export const StoryPageDocument = new TypedDocumentString(`
    query StoryPage($slug: String!) {
  article(slug: $slug) {
    id
    slug
    headline
    dek
    dateline
    publishedAt
    updatedAt
    tags
    section {
      ...Crumbs
    }
    bylines {
      role
      author {
        slug
        name
        title
      }
    }
    leadMedia {
      altText
      caption
      credit
      asset {
        picture {
          ...PictureFields
        }
      }
    }
    body {
      __typename
      ... on Paragraph {
        html
      }
      ... on Heading {
        text
        level
      }
      ... on BlockQuote {
        html
        attribution
      }
      ... on PullQuote {
        text
        attribution
      }
      ... on MediaBlock {
        altText
        caption
        credit
        asset {
          picture {
            ...PictureFields
          }
        }
      }
      ... on Embed {
        provider
        url
        html
        caption
      }
      ... on RelatedLink {
        label
        text
        externalUrl
        article {
          slug
          headline
        }
      }
      ... on ListBlock {
        ordered
        items {
          html
        }
      }
      ... on AdSlotBlock {
        position
        slot {
          code
          adUnitPath
          fluid
          sizes {
            width
            height
          }
        }
        targeting {
          key
          values
        }
      }
    }
    corrections {
      text
      at
    }
    pageAds {
      ...PageAdFields
    }
    seo {
      title
      description
      canonicalUrl
    }
  }
}
    fragment PictureFields on Picture {
  width
  height
  placeholder {
    color
    dataUri
  }
  avif: srcset(format: AVIF)
  webp: srcset(format: WEBP)
  jpeg: sources(format: JPEG) {
    url
    width
    height
  }
}
fragment PageAdFields on PageAd {
  position
  outOfPageFormat
  code
  adUnitPath
  fluid
  sizes {
    width
    height
  }
  sizeMapping {
    viewport {
      width
      height
    }
    sizes {
      width
      height
    }
    fluid
  }
  targeting {
    key
    values
  }
}
fragment Crumbs on Section {
  slug
  name
  ancestors {
    slug
    name
  }
}`) as unknown as TypedDocumentString<StoryPageQuery, StoryPageQueryVariables>;
export const TagPageDocument = new TypedDocumentString(`
    query TagPage($tag: String!, $first: Int = 20, $after: String) {
  articles(tag: $tag, first: $first, after: $after) {
    totalCount
    edges {
      node {
        ...Teaser
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment PictureFields on Picture {
  width
  height
  placeholder {
    color
    dataUri
  }
  avif: srcset(format: AVIF)
  webp: srcset(format: WEBP)
  jpeg: sources(format: JPEG) {
    url
    width
    height
  }
}
fragment Teaser on Article {
  id
  slug
  headline
  dek
  publishedAt
  section {
    slug
    name
  }
  authors {
    slug
    name
  }
  leadMedia {
    altText
    asset {
      picture {
        ...PictureFields
      }
    }
  }
}`) as unknown as TypedDocumentString<TagPageQuery, TagPageQueryVariables>;