"""The delivery API at /graphql: every root field, the body blocks, and drafts never leaking."""

from __future__ import annotations

from typing import Any

from pymongo import AsyncMongoClient

from cms import model
from cms.api.loaders import Catalogues
from tests import factories
from tests.conftest import Api

ARTICLE = """
query Article($slug: String!) {
  article(slug: $slug) {
    id slug headline dek dateline publishedAt firstPublishedAt updatedAt tags
    authors { name slug title }
    bylines { role author { slug } }
    section { slug name parent { slug } }
    leadMedia { url caption credit altText width height asset { id mimeType } }
    seo { title description canonicalUrl }
    body {
      __typename
      ... on Paragraph { html text inlines { text bold italic href } }
      ... on Heading { text level }
      ... on BlockQuote { text html attribution }
      ... on PullQuote { text attribution }
      ... on MediaBlock { url caption credit altText }
      ... on Embed { provider url html }
      ... on RelatedLink { label text externalUrl article { slug headline } }
      ... on ListBlock { ordered items { text html } }
      ... on AdSlotBlock {
        slot { code adUnitPath sizes { width height } targeting { key values } }
      }
    }
  }
}
"""

LIST = """
query List($section: String, $tag: String, $author: String) {
  articles(first: 50, section: $section, tag: $tag, author: $author) {
    edges { node { slug } }
  }
}
"""


async def _every_block(api: Api, author_id: str) -> tuple[model.Block, ...]:
    store = api.store
    related = await factories.story(store, slug="earlier-flood-warning", author_ids=(author_id,))
    photo = await factories.picture(store, caption="Sandbags at the school gate.")
    await store.ad_slots.insert(
        model.AdSlot(
            id=factories.new_id(),
            code="in-article-mrec",
            name="In-article MPU",
            ad_unit_path="/1234/news/article",
            sizes=(model.AdSize(300, 250),),
            targeting=(model.Targeting("pos", ("in-article",)),),
        )
    )
    return (
        model.Paragraph(
            inlines=(
                model.Inline("Water reached "),
                model.Inline("40 homes", (model.Mark.BOLD,)),
                model.Inline(" on <Mill Lane> & "),
                model.Inline("the school", (model.Mark.ITALIC,), href="https://example.org/s"),
                model.Inline(" (see", href="javascript:alert(1)"),
                model.Inline(")."),
            )
        ),
        model.Heading(text="What happens next", level=2),
        model.BlockQuote(
            paragraphs=((model.Inline("We are doing everything we can."),),),
            attribution="Millbrook council statement",
        ),
        model.PullQuote(text="The river rose two metres overnight."),
        model.MediaBlock(media=model.MediaUse(asset_id=photo, credit="Council handout")),
        model.Embed(
            provider="youtube",
            url="https://www.youtube.com/watch?v=abc",
            html=(
                '<iframe src="https://www.youtube-nocookie.com/embed/abc"></iframe>'
                '<script>steal()</script><iframe src="https://evil.example/x"></iframe>'
            ),
        ),
        model.RelatedLink(label="READ:", article_id=related.id),
        model.ListBlock(items=((model.Inline("Move cars"),), (model.Inline("Check alerts"),))),
        factories.paragraph("Roads north of the river stayed open."),
        model.AdSlotBlock(slot_code="in-article-mrec"),
        factories.paragraph("More rain is expected on Friday."),
    )


async def test_article_by_slug_returns_the_whole_story(api: Api) -> None:
    store = api.store
    await factories.section(store)
    ada = await factories.author(store)
    body = await _every_block(api, ada)
    published = await factories.story(
        store, slug="millbrook-floods", author_ids=(ada,), body=body, tags=("flooding", "weather")
    )

    article = (await api.gql(ARTICLE, {"slug": "millbrook-floods"}))["article"]

    assert article["id"] == published.id
    assert article["headline"] == "Headline of millbrook-floods"
    assert article["dateline"] == "Millbrook, UK"
    assert article["tags"] == ["flooding", "weather"]
    assert article["publishedAt"].startswith("2026-11-20T12:00:00")
    assert article["authors"] == [
        {"name": "Ada Reporter", "slug": "ada-reporter", "title": "City hall reporter"}
    ]
    assert article["section"] == {"slug": "news", "name": "News", "parent": None}
    lead = article["leadMedia"]
    assert lead["credit"] == "Photo by Jo Lind/Riverside Press via Wirestream"
    assert lead["caption"] == "Flood water on Mill Lane."
    assert lead["url"].startswith("http://testserver/media/")
    assert [b["__typename"] for b in article["body"]] == [
        "Paragraph",
        "Heading",
        "BlockQuote",
        "PullQuote",
        "MediaBlock",
        "Embed",
        "RelatedLink",
        "ListBlock",
        "Paragraph",
        "AdSlotBlock",
        "Paragraph",
    ]
    paragraph, _, quote, _, media, embed, related, listing, _, ad, _ = article["body"]
    assert paragraph["html"] == (
        "Water reached <strong>40 homes</strong> on &lt;Mill Lane&gt; &amp; "
        '<a href="https://example.org/s"><em>the school</em></a> (see).'
    )
    assert paragraph["text"] == "Water reached 40 homes on <Mill Lane> & the school (see)."
    assert paragraph["inlines"][4]["href"] is None, "a javascript: link must not reach a page"
    assert quote["attribution"] == "Millbrook council statement"
    assert media["credit"] == "Council handout", "the use's credit overrides the asset's"
    assert media["caption"] == "Sandbags at the school gate."
    assert "youtube-nocookie.com/embed/abc" in embed["html"]
    assert "script" not in embed["html"]
    assert "evil.example" not in embed["html"]
    assert related["label"] == "READ:"
    assert related["article"]["slug"] == "earlier-flood-warning"
    assert related["text"] == "Headline of earlier-flood-warning"
    assert [item["text"] for item in listing["items"]] == ["Move cars", "Check alerts"]
    assert ad["slot"]["adUnitPath"] == "/1234/news/article"
    assert ad["slot"]["sizes"] == [{"width": 300, "height": 250}]


RICH = "html text inlines { text bold italic href }"
WHOLE_BODY = f"""
query Whole($slug: String!) {{
  article(slug: $slug) {{ body {{
    __typename
    ... on Paragraph {{ {RICH} }}
    ... on BlockQuote {{ {RICH} paragraphs {{ {RICH} }} }}
    ... on ListBlock {{ items {{ {RICH} }} }}
  }} }}
}}
"""
# Each rendering asked for in one place only: what one block type, a quote's paragraphs or a
# list's items select must still be made for them, whatever the rest of the query selects.
NARROW_BODY = """
query Narrow($slug: String!) {
  article(slug: $slug) { body {
    __typename
    ... on Paragraph { html }
    ... on BlockQuote { text paragraphs { inlines { text bold } } }
    ... on ListBlock { items { ...Runs } }
  } }
}
fragment Runs on ListItem { inlines { href } }
"""


def _narrowed(whole: dict[str, Any], narrow: dict[str, Any]) -> dict[str, Any]:
    """``whole`` cut down to the keys ``narrow`` has, at every level."""
    cut: dict[str, Any] = {}
    for key, value in narrow.items():
        full = whole[key]
        if isinstance(value, dict):
            cut[key] = _narrowed(full, value)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            cut[key] = [_narrowed(f, v) for f, v in zip(full, value, strict=True)]
        else:
            cut[key] = full
    return cut


async def test_a_body_shows_each_rendering_its_query_selects_wherever_it_selects_it(
    api: Api,
) -> None:
    await factories.section(api.store)
    ada = await factories.author(api.store)
    body = await _every_block(api, ada)
    await factories.story(api.store, slug="millbrook-floods", author_ids=(ada,), body=body)

    whole = (await api.gql(WHOLE_BODY, {"slug": "millbrook-floods"}))["article"]["body"]
    narrow = (await api.gql(NARROW_BODY, {"slug": "millbrook-floods"}))["article"]["body"]

    kinds = {b["__typename"] for b in narrow}
    assert {"Paragraph", "BlockQuote", "ListBlock"} <= kinds
    assert narrow == [_narrowed(w, n) for w, n in zip(whole, narrow, strict=True)]
    quote = next(b for b in narrow if b["__typename"] == "BlockQuote")
    assert quote["text"] == "We are doing everything we can."
    assert quote["paragraphs"][0]["inlines"] == [
        {"text": "We are doing everything we can.", "bold": False}
    ]
    listing = next(b for b in narrow if b["__typename"] == "ListBlock")
    assert listing["items"] == [{"inlines": [{"href": None}]}] * 2


async def test_unknown_slug_is_null_not_an_error(api: Api) -> None:
    assert (await api.gql(ARTICLE, {"slug": "no-such-story"}))["article"] is None


async def test_drafts_never_leak(api: Api) -> None:
    store = api.store
    await factories.section(store)
    ada = await factories.author(store)
    draft_picture = await factories.picture(store, caption="Unpublished picture")
    await factories.story(store, slug="live-story", author_ids=(ada,))
    await factories.story(
        store, slug="secret-draft", author_ids=(ada,), published_at=None, lead_id=draft_picture
    )

    assert (await api.gql(ARTICLE, {"slug": "secret-draft"}))["article"] is None
    for variables in ({}, {"section": "news"}, {"tag": "flooding"}, {"author": "ada-reporter"}):
        edges = (await api.gql(LIST, variables))["articles"]["edges"]
        assert [e["node"]["slug"] for e in edges] == ["live-story"], variables
    nested = await api.gql(
        '{ author(slug: "ada-reporter") { articles { edges { node { slug } } } }'
        ' section(slug: "news") { articles { edges { node { slug } } } } }'
    )
    assert len(nested["author"]["articles"]["edges"]) == 1
    assert len(nested["section"]["articles"]["edges"]) == 1
    media = await api.gql("query M($id: ID!) { media(id: $id) { id } }", {"id": draft_picture})
    assert media["media"] is None, "a draft's picture must not be found by its id"


async def test_a_live_story_related_to_a_draft_leaves_the_link_out(api: Api) -> None:
    store = api.store
    await factories.section(store)
    ada = await factories.author(store)
    draft = await factories.story(store, slug="unfinished", author_ids=(ada,), published_at=None)
    body = (
        factories.paragraph("First."),
        model.RelatedLink(label="READ:", article_id=draft.id),
        factories.paragraph("Second."),
    )
    await factories.story(store, slug="finished", author_ids=(ada,), body=body)

    article = (await api.gql(ARTICLE, {"slug": "finished"}))["article"]

    assert [b["__typename"] for b in article["body"]] == ["Paragraph", "Paragraph"]


async def test_author_section_sections_and_media(api: Api) -> None:
    store = api.store
    await factories.section(store, "news", "News")
    await factories.section(store, "climate", "Climate", parent="news")
    ada = await factories.author(store)
    lead = await factories.picture(store)
    await factories.story(
        store, slug="sea-wall", section="climate", author_ids=(ada,), lead_id=lead
    )

    data = await api.gql(
        """query Q($media: ID!) {
          author(slug: "ada-reporter") {
            name title socialLinks { network } articles(first: 5) { edges { node { slug } } }
          }
          section(slug: "climate") {
            name parent { slug name } articles { edges { node { slug section { slug } } } }
          }
          sections { slug }
          media(id: $media) { id kind url caption credit altText width height mimeType }
        }""",
        {"media": lead},
    )

    assert data["author"]["name"] == "Ada Reporter"
    assert data["author"]["articles"]["edges"][0]["node"]["slug"] == "sea-wall"
    assert data["section"]["parent"] == {"slug": "news", "name": "News"}
    assert data["section"]["articles"]["edges"][0]["node"]["section"]["slug"] == "climate"
    assert [s["slug"] for s in data["sections"]] == ["climate", "news"]
    assert data["media"]["kind"] == "IMAGE"
    assert data["media"]["credit"] == "Photo by Jo Lind/Riverside Press via Wirestream"
    assert data["media"]["width"] == 1200


async def test_the_delivery_schema_has_no_author_email(api: Api) -> None:
    codes = await api.error_codes('{ author(slug: "ada-reporter") { email } }')
    assert codes == ["GRAPHQL_VALIDATION_FAILED"]


async def test_bad_arguments_get_stable_codes(api: Api) -> None:
    assert await api.error_codes('{ media(id: "not-an-id") { id } }') == ["BAD_USER_INPUT"]
    assert await api.error_codes("{ articles(first: 101) { edges { cursor } } }") == [
        "BAD_USER_INPUT"
    ]
    assert await api.error_codes("{ articles(first: -1) { edges { cursor } } }") == [
        "BAD_USER_INPUT"
    ]
    assert await api.error_codes(
        '{ articles(after: "bm90LWEtY3Vyc29y") { edges { cursor } } }'
    ) == ["BAD_USER_INPUT"]
    assert await api.error_codes("{ article(slug: ) { id } }") == ["GRAPHQL_PARSE_FAILED"]
    assert await api.error_codes("{ article { id } }") == ["GRAPHQL_VALIDATION_FAILED"]
    assert await api.error_codes(
        "query A($first: Int) { articles(first: $first) { edges { cursor } } }",
        {"first": "many"},
    ) == ["BAD_USER_INPUT"]


async def test_first_above_the_limit_names_the_limit(api: Api) -> None:
    body = await api.post("{ articles(first: 500) { edges { cursor } } }")
    error = body["errors"][0]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "first", "max": 100}
    assert "100" in error["message"]


STORY_PAGE = """
query Page($slug: String!) {
  article(slug: $slug) {
    authors { name }
    leadMedia { caption }
    body { __typename ... on MediaBlock { caption } }
  }
}
"""


async def test_a_live_copy_stored_before_copies_kept_author_ids_still_shows_its_authors(
    api: Api,
) -> None:
    """Older live copies have no ``author_ids`` to join on: their authors are read by id."""
    await factories.section(api.store)
    ada = await factories.author(api.store)
    story = await factories.story(api.store, slug="ferry-returns", author_ids=(ada,))
    client: AsyncMongoClient[Any] = AsyncMongoClient(api.settings.mongodb_uri)
    try:
        live = client[api.settings.database]["live_articles"]
        result = await live.update_one({"slug": story.slug}, {"$unset": {"author_ids": ""}})
        assert result.modified_count == 1
    finally:
        await client.close()

    page = await api.gql(STORY_PAGE, {"slug": story.slug})

    assert page["article"]["authors"] == [{"name": "Ada Reporter"}]
    assert page["article"]["leadMedia"] == {"caption": "Flood water on Mill Lane."}


async def test_the_joined_story_read_keeps_what_readers_may_not_see(api: Api) -> None:
    """Authors come without the newsroom's contact address, pictures without search terms."""
    await factories.section(api.store)
    ada = await factories.author(api.store)
    story = await factories.story(api.store, slug="ferry-returns", author_ids=(ada,))

    page = await api.store.live_articles.story_page(story.slug)
    kept = await Catalogues(api.store).authors_by_id([ada])

    assert page is not None
    assert [a.name for a in kept.values()] == ["Ada Reporter"]
    assert all(a.email is None for a in kept.values())
    assert story.lead_media is not None
    assert set(page.media) == {story.lead_media.asset_id}
