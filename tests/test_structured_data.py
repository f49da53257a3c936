"""Structured data (schema.org JSON-LD) and social tags in the delivery API, read back as
linked data with pyld: what search engines and social networks are told of each page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pyld import jsonld

from cms import model
from cms.api.delivery import delivery_schema
from cms.api.management import management_schema
from cms.domain import media, tags
from tests import factories
from tests.conftest import Api
from tests.newsroom import user
from tests.syndication import LOGO, SITE, newsroom, picture, settings

__all__ = ["settings"]  # the publisher's settings for every test here

SCHEMA = "https://schema.org/"
# schema.org's context, as a crawler resolves "@context": "https://schema.org" (no network).
CONTEXT = {"@context": {"@vocab": SCHEMA}}

STORY = """
query Story($slug: String!) {
  article(slug: $slug) { structuredData metaTags { property name content } }
}
"""
SECTION = "query S($slug: String!) { section(slug: $slug) { structuredData } }"
AUTHOR = "query A($slug: String!) { author(slug: $slug) { structuredData } }"


def _loader(url: str, options: dict[str, Any]) -> dict[str, Any]:
    assert url.rstrip("/") == SCHEMA.rstrip("/"), url
    return {"contextUrl": None, "documentUrl": url, "document": CONTEXT}


def nodes(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The document's nodes as JSON-LD reads them (full IRIs), by type."""
    flat = jsonld.flatten(document, options={"documentLoader": _loader})
    found: dict[str, list[dict[str, Any]]] = {}
    for node in flat:
        for kind in node.get("@type", []):
            found.setdefault(kind.removeprefix(SCHEMA), []).append(node)
    return found


def value(node: dict[str, Any], name: str) -> Any:
    [found] = node[SCHEMA + name]
    return found.get("@value", found.get("@id"))


def values(node: dict[str, Any], name: str) -> list[Any]:
    return [v.get("@value", v.get("@id")) for v in node.get(SCHEMA + name, [])]


def by_id(flat: dict[str, list[dict[str, Any]]], ref: dict[str, Any]) -> dict[str, Any]:
    return next(n for kind in flat.values() for n in kind if n["@id"] == ref["@id"])


async def test_a_story_is_a_news_article_with_its_pictures_people_and_breadcrumbs(
    api: Api,
) -> None:
    room = await newsroom(api)
    long_headline = "Council answers questions " + "on the river defences " * 8
    await room.story(
        "council-vote",
        hours_ago=3,
        section="politics",
        tags=("council", "flooding"),
        headline=long_headline,
        corrections=(model.Correction(text="The vote was 7-2.", at=api.clock()),),
    )
    data = (await api.gql(STORY, {"slug": "council-vote"}))["article"]["structuredData"]
    assert data["@context"] == "https://schema.org"
    flat = nodes(data)
    [article] = flat["NewsArticle"]
    url = f"{SITE}/news/politics/2036/11/24/council-vote"
    headline = value(article, "headline")
    assert len(headline) <= 110
    assert headline.endswith("…")
    assert long_headline.startswith(headline[:-1])
    assert value(article, "datePublished") == "2036-11-24T06:00:00Z"
    assert value(article, "dateModified") == "2036-11-24T06:00:00Z"
    assert value(article, "articleSection") == "Politics"
    assert values(article, "keywords") == ["council", "flooding"]
    assert value(article, "isAccessibleForFree") is True
    assert value(article, "inLanguage") == "en-GB"
    assert by_id(flat, article[SCHEMA + "mainEntityOfPage"][0])["@id"] == url
    [author] = [by_id(flat, ref) for ref in article[SCHEMA + "author"]]
    assert author["@type"] == [SCHEMA + "Person"]
    assert value(author, "name") == "Ada Reporter"
    assert value(author, "url") == f"{SITE}/authors/ada-reporter"
    publisher = by_id(flat, article[SCHEMA + "publisher"][0])
    assert value(publisher, "name") == "The Valeport Courier"
    assert value(by_id(flat, publisher[SCHEMA + "logo"][0]), "url") == LOGO
    images = [by_id(flat, ref) for ref in article[SCHEMA + "image"]]
    shapes = sorted((value(i, "width"), value(i, "height")) for i in images)
    assert shapes == [(1200, 1200), (1600, 900), (1600, 1200)]  # 1:1, 16:9, 4:3
    for image in images:
        assert value(image, "width") >= 1200
        assert value(image, "creditText") == "Photo by Mara Quist/Valeport Press via Wirestream"
        assert value(by_id(flat, image[SCHEMA + "creator"][0]), "name") == "Mara Quist"
        assert value(by_id(flat, image[SCHEMA + "provider"][0]), "name") == "Wirestream"
        source = by_id(flat, image[SCHEMA + "sourceOrganization"][0])
        assert value(source, "name") == "Valeport Press"
        assert "/renditions/" in value(image, "url")
    [correction] = [by_id(flat, ref) for ref in article[SCHEMA + "correction"]]
    assert value(correction, "text") == "The vote was 7-2."
    [crumbs] = flat["BreadcrumbList"]
    items = sorted(
        (by_id(flat, ref) for ref in crumbs[SCHEMA + "itemListElement"]),
        key=lambda item: value(item, "position"),
    )
    assert [(value(i, "name"), value(i, "item")) for i in items[:3]] == [
        ("The Valeport Courier", f"{SITE}/"),
        ("News", f"{SITE}/news"),
        ("Politics", f"{SITE}/news/politics"),
    ]
    assert value(items[3], "item") == url


async def test_pictures_are_never_enlarged(api: Api) -> None:
    room = await newsroom(api)
    wide = await picture(api.store, width=1400, height=700)
    await room.story("harbour-wall-repairs", hours_ago=1, lead=wide)
    small = await picture(api.store, width=1000, height=800)
    await room.story("ferry-timetable-changes", hours_ago=1, lead=small)
    data = (await api.gql(STORY, {"slug": "harbour-wall-repairs"}))["article"]["structuredData"]
    images = [by_id(nodes(data), ref) for ref in nodes(data)["NewsArticle"][0][SCHEMA + "image"]]
    # 16:9 at 1200 fits in 1400 x 700; 4:3 and 1:1 at 1200 would need more height.
    assert [(value(i, "width"), value(i, "height")) for i in images] == [(1200, 675)]
    data = (await api.gql(STORY, {"slug": "ferry-timetable-changes"}))["article"]
    assert SCHEMA + "image" not in nodes(data["structuredData"])["NewsArticle"][0]


async def test_meta_tags_for_open_graph_and_twitter(api: Api) -> None:
    room = await newsroom(api)
    await room.story("harbour-wall-repairs", hours_ago=1, tags=("flooding", "harbour"))
    tags = (await api.gql(STORY, {"slug": "harbour-wall-repairs"}))["article"]["metaTags"]
    by_property = {}
    for tag in tags:
        assert (tag["property"] is None) != (tag["name"] is None)
        by_property.setdefault(tag["property"] or tag["name"], []).append(tag["content"])
    url = f"{SITE}/news/2036/11/24/harbour-wall-repairs"
    assert by_property["og:type"] == ["article"]
    assert by_property["og:url"] == [url]
    assert by_property["og:site_name"] == ["The Valeport Courier"]
    assert by_property["og:locale"] == ["en_GB"]
    assert by_property["og:image:width"] == ["1600"]
    assert by_property["og:image:height"] == ["900"]
    assert by_property["og:image:alt"] == ["Brown water around a stone staircase."]
    assert by_property["article:tag"] == ["flooding", "harbour"]
    assert by_property["article:published_time"] == ["2036-11-24T08:00:00Z"]
    assert by_property["article:author"] == [f"{SITE}/authors/ada-reporter"]
    assert by_property["twitter:card"] == ["summary_large_image"]
    assert by_property["twitter:image"] == by_property["og:image"]
    assert by_property["description"] == by_property["og:description"]


async def test_a_picture_whose_rights_ended_is_not_described(api: Api) -> None:
    room = await newsroom(api)
    lead = await picture(api.store, rights_expire_at=api.clock() + timedelta(hours=1))
    await room.story("harbour-wall-repairs", hours_ago=1, lead=lead)

    async def shown() -> tuple[int, bool]:
        article = (await api.gql(STORY, {"slug": "harbour-wall-repairs"}))["article"]
        images = nodes(article["structuredData"])["NewsArticle"][0].get(SCHEMA + "image", [])
        og = any(t["property"] == "og:image" for t in article["metaTags"])
        return len(images), og

    assert await shown() == (3, True)
    api.clock.advance(hours=1)
    assert await shown() == (0, False)
    await media.update_media(
        api.store,
        factories.DESK,
        asset_id=lead.id,
        changes={"rights_expire_at": api.clock() + timedelta(days=30)},
        now=api.clock(),
    )
    assert await shown() == (3, True)


async def test_sections_and_authors_describe_their_pages(api: Api) -> None:
    await newsroom(api)
    section = (await api.gql(SECTION, {"slug": "politics"}))["section"]["structuredData"]
    flat = nodes(section)
    [page] = flat["CollectionPage"]
    assert page["@id"] == f"{SITE}/news/politics"
    assert value(page, "name") == "Politics"
    crumbs = by_id(flat, page[SCHEMA + "breadcrumb"][0])
    assert len(crumbs[SCHEMA + "itemListElement"]) == 3
    author = (await api.gql(AUTHOR, {"slug": "ada-reporter"}))["author"]["structuredData"]
    flat = nodes(author)
    [profile] = flat["ProfilePage"]
    person = by_id(flat, profile[SCHEMA + "mainEntity"][0])
    assert person["@type"] == [SCHEMA + "Person"]
    assert value(person, "name") == "Ada Reporter"
    assert value(person, "jobTitle") == "City hall reporter"
    assert value(person, "url") == f"{SITE}/authors/ada-reporter"


async def test_a_take_down_leaves_no_description_behind(api: Api) -> None:
    room = await newsroom(api)
    await room.story("court-case", hours_ago=1)
    params = {"query": STORY, "variables": '{"slug": "court-case"}'}
    first = await api.client.get("/graphql", params=params)
    assert first.json()["data"]["article"]["structuredData"]["@graph"]
    await room.take_down("court-case")
    after = (await api.client.get("/graphql", params=params)).json()
    assert after["data"]["article"] is None
    assert [e["extensions"]["code"] for e in after["errors"]] == ["TAKEN_DOWN"]


async def test_keywords_are_tag_names_and_follow_a_rename(api: Api) -> None:
    room = await newsroom(api)
    await tags.create_tag(
        api.store, factories.DESK, slug="flooding", name="Flooding", now=api.clock()
    )
    await room.story("harbour-wall-repairs", hours_ago=1, tags=("flooding",))
    params = {"query": STORY, "variables": '{"slug": "harbour-wall-repairs"}'}

    async def keywords() -> tuple[list[str], list[str]]:
        article = (await api.client.get("/graphql", params=params)).json()["data"]["article"]
        graph = nodes(article["structuredData"])
        shown = [t["content"] for t in article["metaTags"] if t["property"] == "article:tag"]
        return values(graph["NewsArticle"][0], "keywords"), shown

    assert await keywords() == (["Flooding"], ["Flooding"])
    await tags.rename_tag(
        api.store,
        factories.DESK,
        slug="flooding",
        name="Floods",
        expected_version=None,
        now=api.clock(),
    )
    assert await keywords() == (["Floods"], ["Floods"])


async def test_a_story_marked_noindex_asks_robots_to_leave_it(api: Api) -> None:
    room = await newsroom(api)
    await room.story("sponsored-guide", hours_ago=1, seo=model.Seo(noindex=True))
    await room.story("harbour-wall-repairs", hours_ago=1)
    marked = (await api.gql(STORY, {"slug": "sponsored-guide"}))["article"]["metaTags"]
    assert marked[0] == {"property": None, "name": "robots", "content": "noindex"}
    plain = (await api.gql(STORY, {"slug": "harbour-wall-repairs"}))["article"]["metaTags"]
    assert all(tag["name"] != "robots" for tag in plain)


def _fields(schema: Any, type_name: str) -> set[str]:
    found = schema._schema.get_type(type_name)
    assert found is not None, type_name
    return set(found.fields)


def test_what_a_readers_page_puts_in_its_head_is_in_the_delivery_schema_only() -> None:
    delivery, management = delivery_schema(), management_schema()
    head = {"structuredData", "metaTags"}
    assert head <= _fields(delivery, "Article")
    assert "structuredData" in _fields(delivery, "Section") & _fields(delivery, "Author")
    for shared in ("Article", "EditorialArticle", "Section", "EditorialSection", "Author"):
        assert not head & _fields(management, shared), shared
    assert management._schema.get_type("MetaTag") is None


async def test_editors_asking_for_structured_data_are_told_it_is_not_theirs(api: Api) -> None:
    editor = api.as_editor(await user(api, model.Role.EDITOR))
    query = "{ articles(first: 1) { edges { node { headline %s } } } }"
    await editor.gql(query % "")
    for field in ("structuredData", "metaTags { content }"):
        assert await editor.error_codes(query % field) == ["GRAPHQL_VALIDATION_FAILED"]
