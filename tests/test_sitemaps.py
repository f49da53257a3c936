"""Sitemaps, the Google News sitemap and robots.txt, read back with an XML parser and held to
the rules of sitemaps.org and Google News."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
from lxml import etree

from cms import model
from cms.domain import directory, media
from cms.domain.workflow import Action
from tests import factories
from tests.conftest import Api
from tests.syndication import SITE, newsroom, picture, settings

__all__ = ["settings"]  # the publisher's settings for every test here

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
# W3C Datetime, as sitemaps.org asks for lastmod (and Google News for publication_date).
W3C_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?")


def checked(response: httpx.Response, root: str) -> etree._Element:
    """The document parsed, after the rules every sitemap keeps: UTF-8 XML of at most 50 MB
    under the sitemaps.org namespace, at most 50,000 entries, absolute locations under 2,048
    characters, W3C dates."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/xml")
    assert len(response.content) <= 50 * 1024 * 1024
    assert response.content.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    document = etree.fromstring(response.content)
    assert document.tag == f"{{{NS['s']}}}{root}"
    entries = document.findall("s:url", NS) + document.findall("s:sitemap", NS)
    assert len(entries) <= 50_000
    for entry in entries:
        [loc] = entry.findall("s:loc", NS)
        assert loc.text is not None
        assert loc.text.startswith(("https://", "http://")), loc.text
        assert len(loc.text) < 2048
        for lastmod in entry.findall("s:lastmod", NS):
            assert W3C_DATETIME.fullmatch(lastmod.text or ""), lastmod.text
    return document


def locations(document: etree._Element) -> list[str]:
    return [str(loc.text) for loc in document.iterfind(".//s:loc", NS)]


async def test_the_index_names_every_sitemap_and_each_month_with_stories(api: Api) -> None:
    room = await newsroom(api)
    await room.story("harbour-wall-repairs", hours_ago=2)
    await room.story("old-bridge-opens", hours_ago=24 * 40)
    await room.story("older-bridge-closes", hours_ago=24 * 400)
    index = checked(await api.client.get("/sitemap.xml"), "sitemapindex")
    assert locations(index) == [
        "http://testserver/sitemaps/news.xml",
        "http://testserver/sitemaps/sections.xml",
        "http://testserver/sitemaps/authors.xml",
        "http://testserver/sitemaps/articles/2036-11.xml",
        "http://testserver/sitemaps/articles/2036-10.xml",
        "http://testserver/sitemaps/articles/2035-10.xml",
    ]
    for path in locations(index)[1:]:
        checked(await api.client.get(path.removeprefix("http://testserver")), "urlset")


async def test_a_month_lists_its_stories_with_lastmod_and_lead_pictures(api: Api) -> None:
    room = await newsroom(api)
    story = await room.story("harbour-wall-repairs", hours_ago=2, section="politics")
    await room.story("old-bridge-opens", hours_ago=24 * 40)
    month = checked(await api.client.get("/sitemaps/articles/2036-11.xml"), "urlset")
    [url] = month.findall("s:url", NS)
    assert url.findtext("s:loc", namespaces=NS) == (
        f"{SITE}/news/politics/2036/11/24/harbour-wall-repairs"
    )
    assert url.findtext("s:lastmod", namespaces=NS) == "2036-11-24T07:00:00Z"
    [image] = url.findall("image:image/image:loc", NS)
    assert image.text is not None
    assert image.text.startswith("http://testserver/media/")
    assert story.updated_at == datetime(2036, 11, 24, 7, tzinfo=UTC)
    empty = checked(await api.client.get("/sitemaps/articles/2036-09.xml"), "urlset")
    assert locations(empty) == []
    for bad in ("2036-13", "36-11", "latest"):
        refused = await api.client.get(f"/sitemaps/articles/{bad}.xml")
        assert refused.status_code == 404
        assert refused.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_sections_and_authors_sitemaps(api: Api) -> None:
    await newsroom(api)
    sections = checked(await api.client.get("/sitemaps/sections.xml"), "urlset")
    assert locations(sections) == [
        f"{SITE}/",
        f"{SITE}/news",
        f"{SITE}/news/politics",
        f"{SITE}/sport",
    ]
    authors = checked(await api.client.get("/sitemaps/authors.xml"), "urlset")
    assert sorted(locations(authors)) == [
        f"{SITE}/authors/ada-reporter",
        f"{SITE}/authors/ben-writer",
    ]
    await factories.author(api.store, "cleo-lens", "Cleo Lens")
    authors = checked(await api.client.get("/sitemaps/authors.xml"), "urlset")
    assert f"{SITE}/authors/cleo-lens" in locations(authors)


def lastmods(document: etree._Element) -> dict[str, str | None]:
    return {
        str(url.findtext("s:loc", namespaces=NS)): url.findtext("s:lastmod", namespaces=NS)
        for url in document.iterfind("s:url", NS)
    }


async def test_sections_and_authors_last_change_when_they_or_their_stories_did(
    api: Api,
) -> None:
    room = await newsroom(api)
    await factories.author(api.store, "cleo-lens", "Cleo Lens")
    await room.story("council-budget", hours_ago=1, section="politics")
    await room.story("harbour-wall-repairs", hours_ago=3, authors=("ada-reporter", "ben-writer"))
    await room.story("cup-final", hours_ago=30, section="sport", authors=("ben-writer",))
    api.commands.commands.clear()
    sections = checked(await api.client.get("/sitemaps/sections.xml"), "urlset")
    # The newest change on each page: news shows politics' stories too.
    assert lastmods(sections) == {
        f"{SITE}/": "2036-11-24T08:00:00Z",
        f"{SITE}/news": "2036-11-24T08:00:00Z",
        f"{SITE}/news/politics": "2036-11-24T08:00:00Z",
        f"{SITE}/sport": "2036-11-23T03:00:00Z",
    }
    # Each page's newest story is found by its index, one story at a time, never the list.
    reads = [c for c in api.commands.commands if c.get("aggregate") == "live_articles"]
    assert reads
    for read in reads:
        first, *_ = read["pipeline"]
        assert "updated_at" in first["$match"]
        assert {"$limit": 1} in read["pipeline"]
    assert len(reads) <= 4 * 4
    authors = checked(await api.client.get("/sitemaps/authors.xml"), "urlset")
    assert lastmods(authors) == {
        f"{SITE}/authors/ada-reporter": "2036-11-24T08:00:00Z",
        f"{SITE}/authors/ben-writer": "2036-11-24T06:00:00Z",
        f"{SITE}/authors/cleo-lens": None,  # nothing known of when it changed
    }

    # A change to the section or the author itself is a change to its page, as is a new
    # story; the cached sitemaps follow.
    api.clock.advance(hours=2)
    admin = model.Principal(user_id=factories.DESK.user_id, role=model.Role.ADMIN, email="a@x.org")
    await directory.update_section(
        api.store, admin, slug="sport", name="Sport and leisure", parent=None, now=api.clock()
    )
    author = await api.store.authors.by_slug("cleo-lens")
    assert author is not None
    await directory.update_author(
        api.store, admin, author.id, {"title": "Photographer"}, now=api.clock()
    )
    await room.story("river-level-falls", hours_ago=0.5, section="news")
    sections = checked(await api.client.get("/sitemaps/sections.xml"), "urlset")
    assert lastmods(sections) == {
        f"{SITE}/": "2036-11-24T10:30:00Z",
        f"{SITE}/news": "2036-11-24T10:30:00Z",
        f"{SITE}/news/politics": "2036-11-24T08:00:00Z",
        f"{SITE}/sport": "2036-11-24T11:00:00Z",
    }
    authors = checked(await api.client.get("/sitemaps/authors.xml"), "urlset")
    assert lastmods(authors) == {
        f"{SITE}/authors/ada-reporter": "2036-11-24T10:30:00Z",
        f"{SITE}/authors/ben-writer": "2036-11-24T06:00:00Z",
        f"{SITE}/authors/cleo-lens": "2036-11-24T11:00:00Z",
    }


async def test_the_news_sitemap_keeps_the_last_two_days(api: Api) -> None:
    room = await newsroom(api)
    await room.story("harbour-wall-repairs", hours_ago=2)
    await room.story("ferry-timetable-changes", hours_ago=47)
    await room.story("old-bridge-opens", hours_ago=49)
    response = await api.client.get("/sitemaps/news.xml")
    news = checked(response, "urlset")
    urls = news.findall("s:url", NS)
    assert [u.findtext("s:loc", namespaces=NS) for u in urls] == [
        f"{SITE}/news/2036/11/24/harbour-wall-repairs",
        f"{SITE}/news/2036/11/22/ferry-timetable-changes",
    ]
    assert len(urls) <= 1000
    for url in urls:
        [item] = url.findall("news:news", NS)
        assert item.findtext("news:publication/news:name", namespaces=NS) == (
            "The Valeport Courier"
        )
        assert item.findtext("news:publication/news:language", namespaces=NS) == "en"
        published = item.findtext("news:publication_date", namespaces=NS) or ""
        assert W3C_DATETIME.fullmatch(published)
        assert item.findtext("news:title", namespaces=NS).startswith("Council answers")  # type: ignore[union-attr]
    # It is kept only until its oldest story leaves the window (in an hour).
    assert "max-age=30, s-maxage=300" in response.headers["cache-control"]
    api.clock.advance(minutes=59, seconds=50)
    cut = await api.client.get("/sitemaps/news.xml")
    assert "s-maxage=10," in cut.headers["cache-control"]
    api.clock.advance(seconds=10)
    news = checked(await api.client.get("/sitemaps/news.xml"), "urlset")
    assert locations(news) == [f"{SITE}/news/2036/11/24/harbour-wall-repairs"]


async def test_robots_txt_names_the_sitemaps(api: Api) -> None:
    response = await api.client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /desk/",
        "",
        "Sitemap: http://testserver/sitemap.xml",
        "Sitemap: http://testserver/sitemaps/news.xml",
    ]


async def _sitemaps(api: Api) -> dict[str, etree._Element]:
    paths = ("/sitemaps/articles/2036-11.xml", "/sitemaps/news.xml")
    return {p: checked(await api.client.get(p), "urlset") for p in paths}


async def test_a_take_down_or_unpublish_leaves_every_sitemap(api: Api) -> None:
    room = await newsroom(api)
    await room.story("harbour-wall-repairs", hours_ago=2)
    await room.story("court-case", hours_ago=1)
    index = checked(await api.client.get("/sitemap.xml"), "sitemapindex")
    assert "http://testserver/sitemaps/articles/2036-11.xml" in locations(index)
    await _sitemaps(api)
    await room.take_down("court-case")
    for path, document in (await _sitemaps(api)).items():
        assert [u.rsplit("/", 1)[1] for u in locations(document)] == ["harbour-wall-repairs"], path
    await room.take_down("harbour-wall-repairs", Action.UNPUBLISH)
    for path, document in (await _sitemaps(api)).items():
        assert locations(document) == [], path
    index = checked(await api.client.get("/sitemap.xml"), "sitemapindex")
    assert "http://testserver/sitemaps/articles/2036-11.xml" not in locations(index)


async def test_a_picture_whose_rights_end_leaves_the_article_sitemap(api: Api) -> None:
    room = await newsroom(api)
    lead = await picture(api.store, rights_expire_at=api.clock() + timedelta(hours=1))
    other = await picture(api.store)
    await room.story("harbour-wall-repairs", hours_ago=2, lead=lead)
    await room.story("ferry-timetable-changes", hours_ago=3, lead=other)

    async def images() -> list[int]:
        month = checked(await api.client.get("/sitemaps/articles/2036-11.xml"), "urlset")
        return [len(u.findall("image:image", NS)) for u in month.findall("s:url", NS)]

    assert await images() == [1, 1]
    api.clock.advance(hours=1)
    assert await images() == [0, 1]
    await media.update_media(
        api.store,
        factories.DESK,
        asset_id=other.id,
        changes={"rights_expire_at": api.clock() - timedelta(minutes=1)},
        now=api.clock(),
    )
    assert await images() == [0, 0]


async def test_the_index_asks_about_months_not_stories(api: Api) -> None:
    room = await newsroom(api)
    lead = await picture(api.store)
    for n in range(6):
        await room.story(f"river-report-{n}", hours_ago=1 + n, lead=lead)
    await room.story("last-year", hours_ago=24 * 365, lead=lead)
    api.commands.commands.clear()
    index = checked(await api.client.get("/sitemap.xml"), "sitemapindex")
    assert locations(index)[3:] == [
        "http://testserver/sitemaps/articles/2036-11.xml",
        "http://testserver/sitemaps/articles/2035-11.xml",
    ]
    finds = [c for c in api.commands.commands if c.get("find") == "live_articles"]
    # Each asks whether a window of time holds a story: one document, in no order.
    assert finds
    for find in finds:
        assert find["limit"] == 1
        assert "sort" not in find
        assert set(find["filter"]) == {"first_published_at"}
    # Two questions for each month with stories, a few more to cross the gap between them.
    assert len(finds) <= 2 * 2 + 2 * 12


async def test_a_story_marked_noindex_stays_out_of_the_sitemaps(api: Api) -> None:
    room = await newsroom(api)
    await room.story("harbour-wall-repairs", hours_ago=2)
    await room.story("sponsored-guide", hours_ago=1, seo=model.Seo(noindex=True))
    for path, document in (await _sitemaps(api)).items():
        assert [u.rsplit("/", 1)[1] for u in locations(document)] == ["harbour-wall-repairs"], path
