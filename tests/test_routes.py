"""Addresses on delivery: url and path on every page, route(path:), and old slugs that still
lead to their story, through the real HTTP stack and database."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cms import model
from cms.config import Settings
from cms.store import Store
from tests import factories, newsroom
from tests.conftest import Api, Clock, running_app

SITE = "http://testserver"
STORY = "/news/2026/11/20/council-approves-flood-defence-budget"

ADDRESSES = """
query Addresses($slug: String!, $author: String!) {
  article(slug: $slug) {
    path url redirect { path }
    seo { canonicalUrl }
    section { path url ancestors { path } }
    authors { path url }
    tagList { slug name path url }
  }
  author(slug: $author) { path url }
  section(slug: "politics") { path url }
}
"""

PAGE_FIELDS = """
  __typename path url redirect { path url statusCode permanent }
  ... on Article { slug headline }
  ... on Section { slug name }
  ... on Author { slug name }
  ... on Tag { slug name articles(first: 5) { edges { node { slug } } } }
"""
ROUTE = f"query Route($path: String!) {{ route(path: $path) {{ {PAGE_FIELDS} }} }}"
BY_SLUG = """
query BySlug($slug: String!) {
  article(slug: $slug) { slug headline path redirect { path url statusCode permanent } }
}
"""
EDIT_SLUG = """
mutation Edit($id: ID!, $v: Int!, $slug: String!) {
  updateArticle(id: $id, expectedVersion: $v, input: {slug: $slug}) { version }
}
"""


async def _newsroom(api: Api) -> tuple[model.Article, str]:
    """A published story in News, by an author, tagged; and a subsection Politics."""
    await factories.section(api.store)
    await factories.section(api.store, slug="politics", name="Politics", parent="news")
    author = await factories.author(api.store, slug="amara-okafor", name="Amara Okafor")
    story = await factories.story(
        api.store,
        slug="council-approves-flood-defence-budget",
        author_ids=(author,),
        tags=("flood-defences", "millbrook"),
    )
    return story, author


async def test_every_page_has_its_path_and_absolute_url(api: Api) -> None:
    await _newsroom(api)
    data = await api.gql(
        ADDRESSES, {"slug": "council-approves-flood-defence-budget", "author": "amara-okafor"}
    )
    story = data["article"]
    assert story["path"] == STORY
    assert story["url"] == SITE + STORY
    assert story["redirect"] is None
    assert story["seo"]["canonicalUrl"] == SITE + STORY, "canonical defaults to the story's URL"
    assert story["section"] == {"path": "/news", "url": SITE + "/news", "ancestors": []}
    assert story["authors"] == [
        {"path": "/authors/amara-okafor", "url": SITE + "/authors/amara-okafor"}
    ]
    assert story["tagList"] == [
        {
            "slug": "flood-defences",
            "name": "flood defences",
            "path": "/tags/flood-defences",
            "url": SITE + "/tags/flood-defences",
        },
        {
            "slug": "millbrook",
            "name": "millbrook",
            "path": "/tags/millbrook",
            "url": SITE + "/tags/millbrook",
        },
    ]
    assert data["author"]["url"] == SITE + "/authors/amara-okafor"
    assert data["section"] == {"path": "/news/politics", "url": SITE + "/news/politics"}


async def test_an_editor_set_canonical_url_is_kept(api: Api) -> None:
    await factories.section(api.store)
    author = await factories.author(api.store)
    story = await factories.story(api.store, slug="syndicated-story", author_ids=(author,))
    canonical = "https://partner.example.org/original-story"
    await api.store.live_articles.put(
        model.Article(**{**_fields(story), "seo": model.Seo(canonical_url=canonical)})
    )
    query = '{ article(slug: "syndicated-story") { seo { canonicalUrl } } }'
    assert (await api.gql(query))["article"]["seo"]["canonicalUrl"] == canonical


def _fields(story: model.Article) -> dict[str, Any]:
    return {name: getattr(story, name) for name in story.__dataclass_fields__}


async def test_route_resolves_each_kind_of_page(api: Api) -> None:
    await _newsroom(api)
    story = (await api.gql(ROUTE, {"path": STORY}))["route"]
    assert story["__typename"] == "Article"
    assert story["slug"] == "council-approves-flood-defence-budget"
    assert story["redirect"] is None
    section = (await api.gql(ROUTE, {"path": "/news/politics/"}))["route"]
    assert (section["__typename"], section["slug"], section["redirect"]) == (
        "Section",
        "politics",
        None,
    )
    author = (await api.gql(ROUTE, {"path": "/authors/amara-okafor"}))["route"]
    assert (author["__typename"], author["name"]) == ("Author", "Amara Okafor")
    tag = (await api.gql(ROUTE, {"path": "/tags/millbrook?page=2"}))["route"]
    assert tag["__typename"] == "Tag"
    assert tag["path"] == "/tags/millbrook"
    assert tag["articles"]["edges"] == [{"node": {"slug": "council-approves-flood-defence-budget"}}]


async def test_route_answers_null_for_an_address_that_shows_nothing(api: Api) -> None:
    await _newsroom(api)
    for path in (
        "/",
        "/news/2026/11/20/no-such-story",
        "/authors/nobody-here",
        "/tags/no-such-tag",
        "/sport",
        "/Not A Path/",
        "/news/../authors/amara-okafor",
    ):
        assert (await api.gql(ROUTE, {"path": path}))["route"] is None, path


async def test_route_redirects_a_story_path_with_the_wrong_date_or_section(api: Api) -> None:
    await _newsroom(api)
    for path in (
        "/news/2026/11/21/council-approves-flood-defence-budget",
        "/news/politics/2026/11/20/council-approves-flood-defence-budget",
    ):
        found = (await api.gql(ROUTE, {"path": path}))["route"]
        assert found["__typename"] == "Article"
        assert found["redirect"] == {
            "path": STORY,
            "url": SITE + STORY,
            "statusCode": 308,
            "permanent": True,
        }


async def test_route_redirects_a_section_that_moved(api: Api) -> None:
    await _newsroom(api)
    found = (await api.gql(ROUTE, {"path": "/politics"}))["route"]
    assert found["__typename"] == "Section"
    assert found["redirect"]["path"] == "/news/politics"


async def test_a_changed_slug_of_a_published_story_redirects_to_the_new_address(
    api: Api,
) -> None:
    story, _ = await _newsroom(api)
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    new_slug = "council-backs-flood-defence-budget"
    await editor.gql(EDIT_SLUG, {"id": story.id, "v": story.version, "slug": new_slug})

    # Until the change is published, the old address is still the story's own.
    still = (await api.gql(BY_SLUG, {"slug": story.slug}))["article"]
    assert (still["slug"], still["redirect"]) == (story.slug, None)
    assert (await api.gql(BY_SLUG, {"slug": new_slug}))["article"] is None

    await editor.gql(newsroom.step("publishArticle"), {"id": story.id, "v": story.version + 1})
    new_path = "/news/2026/11/20/council-backs-flood-defence-budget"
    moved = (await api.gql(BY_SLUG, {"slug": story.slug}))["article"]
    assert moved["slug"] == new_slug
    assert moved["redirect"] == {
        "path": new_path,
        "url": SITE + new_path,
        "statusCode": 308,
        "permanent": True,
    }
    assert (await api.gql(BY_SLUG, {"slug": new_slug}))["article"]["redirect"] is None
    routed = (await api.gql(ROUTE, {"path": STORY}))["route"]
    assert (routed["__typename"], routed["redirect"]["path"]) == ("Article", new_path)
    assert (await api.gql(ROUTE, {"path": new_path}))["route"]["redirect"] is None


async def test_an_old_slug_follows_every_later_change_and_yields_to_a_new_story(
    api: Api,
) -> None:
    story, author = await _newsroom(api)
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    version = story.version
    for slug in ("flood-budget-approved", "flood-budget-approved-after-vote"):
        await editor.gql(EDIT_SLUG, {"id": story.id, "v": version, "slug": slug})
        await editor.gql(newsroom.step("publishArticle"), {"id": story.id, "v": version + 1})
        version += 2
    for old in (story.slug, "flood-budget-approved"):
        found = (await api.gql(BY_SLUG, {"slug": old}))["article"]
        assert found["slug"] == "flood-budget-approved-after-vote", old
        assert found["redirect"]["path"].endswith("/flood-budget-approved-after-vote")

    # A new story published under an old slug owns it from then on.
    await factories.story(
        api.store,
        slug="flood-budget-approved",
        author_ids=(author,),
        published_at=datetime(2026, 11, 22, 9, 0, tzinfo=UTC),
    )
    own = (await api.gql(BY_SLUG, {"slug": "flood-budget-approved"}))["article"]
    assert (own["slug"], own["redirect"]) == ("flood-budget-approved", None)


async def test_an_old_slug_of_a_story_no_longer_live_answers_null(api: Api) -> None:
    story, _ = await _newsroom(api)
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    await editor.gql(EDIT_SLUG, {"id": story.id, "v": story.version, "slug": "renamed-story"})
    await editor.gql(newsroom.step("publishArticle"), {"id": story.id, "v": story.version + 1})
    await editor.gql(
        newsroom.step("unpublishArticle", "reason"),
        {"id": story.id, "v": story.version + 2, "reason": "Legal review"},
    )
    assert (await api.gql(BY_SLUG, {"slug": story.slug}))["article"] is None
    assert (await api.gql(ROUTE, {"path": STORY}))["route"] is None


async def test_a_site_whose_story_paths_carry_the_id_finds_the_story_by_it(
    settings: Settings, store: Store, clock: Clock
) -> None:
    custom = settings.model_copy(
        update={"article_path_pattern": "/{yyyy}/{slug}-{id}", "site_url": "https://news.example"}
    )
    async with running_app(custom, store, clock) as api:
        story, _ = await _newsroom(api)
        own = f"/2026/{story.slug}-{story.id}"
        found = (await api.gql(ROUTE, {"path": own}))["route"]
        assert (found["url"], found["redirect"]) == ("https://news.example" + own, None)
        # A link shared with an older slug in it still finds the story by its id.
        shared = f"/2026/council-vote-{story.id}"
        moved = (await api.gql(ROUTE, {"path": shared}))["route"]
        assert (moved["slug"], moved["redirect"]["path"]) == (story.slug, own)
        missing = f"/2026/council-vote-{factories.new_id()}"
        assert (await api.gql(ROUTE, {"path": missing}))["route"] is None


RENAME_AUTHOR = """
mutation Rename($id: ID!, $slug: String!) {
  updateAuthor(id: $id, input: {slug: $slug}) { slug }
}
"""
CREATE_AUTHOR = """
mutation Create($slug: String!) { createAuthor(input: {slug: $slug, name: "Ravi Menon"}) { id } }
"""
AUTHOR_BY_SLUG = """
query Author($slug: String!) {
  author(slug: $slug) { slug name path redirect { path url statusCode permanent } }
}
"""


async def test_a_renamed_authors_old_slugs_redirect_to_their_page(api: Api) -> None:
    _, author = await _newsroom(api)
    admin = api.as_editor(await newsroom.user(api, model.Role.ADMIN))
    for slug in ("amara-okafor-mensah", "amara-mensah"):
        await admin.gql(RENAME_AUTHOR, {"id": author, "slug": slug})

    for old in ("amara-okafor", "amara-okafor-mensah"):
        found = (await api.gql(AUTHOR_BY_SLUG, {"slug": old}))["author"]
        assert (found["slug"], found["name"]) == ("amara-mensah", "Amara Okafor"), old
        assert found["redirect"] == {
            "path": "/authors/amara-mensah",
            "url": SITE + "/authors/amara-mensah",
            "statusCode": 308,
            "permanent": True,
        }
        routed = (await api.gql(ROUTE, {"path": f"/authors/{old}"}))["route"]
        assert (routed["__typename"], routed["slug"]) == ("Author", "amara-mensah")
        assert routed["redirect"]["path"] == "/authors/amara-mensah"
    own = (await api.gql(AUTHOR_BY_SLUG, {"slug": "amara-mensah"}))["author"]
    assert own["redirect"] is None
    assert (await api.gql(ROUTE, {"path": "/authors/amara-mensah"}))["route"]["redirect"] is None

    # Renamed back, the slug is theirs again, and the one in between leads to it.
    await admin.gql(RENAME_AUTHOR, {"id": author, "slug": "amara-okafor"})
    own = (await api.gql(AUTHOR_BY_SLUG, {"slug": "amara-okafor"}))["author"]
    assert (own["slug"], own["redirect"]) == ("amara-okafor", None)
    back = (await api.gql(AUTHOR_BY_SLUG, {"slug": "amara-mensah"}))["author"]
    assert back["redirect"]["path"] == "/authors/amara-okafor"


async def test_a_new_author_under_an_old_slug_owns_it(api: Api) -> None:
    _, author = await _newsroom(api)
    admin = api.as_editor(await newsroom.user(api, model.Role.ADMIN))
    assert (await api.gql(AUTHOR_BY_SLUG, {"slug": "amara-okafor"}))["author"]["redirect"] is None
    await admin.gql(RENAME_AUTHOR, {"id": author, "slug": "amara-okafor-mensah"})
    # Asked for once while it redirects (a cached answer the new author's arrival must end).
    moved = (await api.gql(AUTHOR_BY_SLUG, {"slug": "amara-okafor"}))["author"]
    assert moved["slug"] == "amara-okafor-mensah"

    await admin.gql(CREATE_AUTHOR, {"slug": "amara-okafor"})
    own = (await api.gql(AUTHOR_BY_SLUG, {"slug": "amara-okafor"}))["author"]
    assert (own["slug"], own["name"], own["redirect"]) == ("amara-okafor", "Ravi Menon", None)
    assert (await api.gql(AUTHOR_BY_SLUG, {"slug": "nobody-here"}))["author"] is None
