"""RSS 2.0 and Atom feeds, read back with feedparser: what they list, how, and for how long."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import feedparser
import httpx
import pytest

from cms import model
from cms.domain import media
from cms.domain.workflow import Action
from tests import factories
from tests.conftest import Api
from tests.syndication import SITE, cached, newsroom, picture, rename_tag, settings

__all__ = ["settings"]  # the publisher's settings for every test here


def parsed(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    found = feedparser.parse(response.content)
    assert not found.bozo, found.bozo_exception
    return found


async def test_the_site_rss_feed_lists_the_newest_stories_with_their_pictures(api: Api) -> None:
    room = await newsroom(api)
    older = await room.story("harbour-wall-repairs", hours_ago=5)
    newer = await room.story("ferry-timetable-changes", hours_ago=1, authors=("ben-writer",))
    response = await api.client.get("/feeds/rss")
    assert response.headers["content-type"].startswith("application/rss+xml")
    feed = parsed(response)
    assert feed.version == "rss20"
    assert feed.feed.title == "The Valeport Courier"
    assert feed.feed.link == SITE + "/"
    assert feed.feed.language == "en-GB"
    assert [e.link for e in feed.entries] == [
        f"{SITE}/news/2036/11/24/ferry-timetable-changes",
        f"{SITE}/news/2036/11/24/harbour-wall-repairs",
    ]
    first = feed.entries[0]
    assert first.title == newer.headline
    assert first.summary == newer.dek
    assert first.id == f"tag:www.example-news.org,2036-11-24:article:{newer.id}"
    assert first.guidislink is False
    assert first.published_parsed[:5] == (2036, 11, 24, 8, 0)  # RFC 822, GMT
    assert first.author == "Ben Writer"
    assert [t.term for t in first.tags] == ["News", "flooding"]
    [content] = first.media_content
    assert content["url"].startswith("http://testserver/media/")
    assert (content["width"], content["height"]) == ("1600", "1200")
    assert first.media_credit[0]["content"] == "Photo by Mara Quist/Valeport Press via Wirestream"
    # feedparser files the caption (media:description) with the entry's content, as plain text.
    assert [(c.type, c.value[:19]) for c in first.content] == [
        ("text/plain", "Floodwater reaches ")
    ]
    assert feed.entries[1].id.endswith(older.id)


async def test_the_atom_feed_says_the_same_in_atom(api: Api) -> None:
    room = await newsroom(api)
    story = await room.story("harbour-wall-repairs", hours_ago=2)
    for path in ("/feeds/atom", "/feed"):
        response = await api.client.get(path)
        feed = parsed(response)
        if path == "/feed":
            assert feed.version == "rss20"  # /feed and /rss are the site's RSS
            continue
        assert response.headers["content-type"].startswith("application/atom+xml")
        assert feed.version == "atom10"
        [entry] = feed.entries
        assert entry.id == f"tag:www.example-news.org,2036-11-24:article:{story.id}"
        assert entry.link == f"{SITE}/news/2036/11/24/harbour-wall-repairs"
        assert entry.published == "2036-11-24T07:00:00Z"
        assert entry.updated == "2036-11-24T07:00:00Z"
        assert entry.summary == story.dek
        assert entry.authors[0]["href"] == f"{SITE}/authors/ada-reporter"
        assert feed.feed.links[1]["href"] == "http://testserver/feeds/atom"


async def test_full_text_is_the_body_as_sanitised_html(api: Api) -> None:
    room = await newsroom(api)
    body = (
        model.Paragraph(
            inlines=(
                model.Inline("Read <b>the report</b> "),
                model.Inline("here", href="/reports/river"),
                model.Inline(" or ", marks=(model.Mark.BOLD,)),
                model.Inline("not", href="javascript:alert(1)"),
            )
        ),
        model.Heading(text="What happens next", level=2),
        model.BlockQuote(
            paragraphs=((model.Inline("We will rebuild."),),), attribution="The mayor"
        ),
        model.AdSlotBlock(slot_code="mpu"),
    )
    await room.story("harbour-wall-repairs", hours_ago=2, body=body)
    for path in ("/feeds/rss?full=1", "/feeds/atom?full=1"):
        entry = parsed(await api.client.get(path)).entries[0]
        [html] = [c.value for c in entry.content if c.type == "text/html"]
        assert "Read &lt;b&gt;the report&lt;/b&gt;" in html
        assert f'<a href="{SITE}/reports/river"' in html
        assert "javascript" not in html
        assert "<h2>What happens next</h2>" in html
        assert "<cite>The mayor</cite>" in html
        assert "mpu" not in html
    refused = await api.client.get("/feeds/rss?full=yes")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_section_tag_and_author_feeds(api: Api) -> None:
    room = await newsroom(api)
    await room.story("council-vote", hours_ago=1, section="politics", tags=("council",))
    await room.story("harbour-wall-repairs", hours_ago=2, authors=("ben-writer",))
    await room.story("cup-final", hours_ago=3, section="sport", tags=("football",))

    async def slugs(path: str) -> list[str]:
        return [e.link.rsplit("/", 1)[1] for e in parsed(await api.client.get(path)).entries]

    assert await slugs("/feeds/rss/sections/news") == ["council-vote", "harbour-wall-repairs"]
    assert await slugs("/feeds/atom/sections/politics") == ["council-vote"]
    assert await slugs("/feeds/rss/tags/football") == ["cup-final"]
    assert await slugs("/feeds/atom/authors/ben-writer") == ["harbour-wall-repairs"]
    news = parsed(await api.client.get("/feeds/rss/sections/news"))
    assert news.feed.title == "News | The Valeport Courier"
    assert news.feed.link == f"{SITE}/news"
    for path in ("/feeds/rss/sections/weather", "/feeds/rss/authors/nobody", "/feeds/json"):
        missing = await api.client.get(path)
        assert missing.status_code == 404, path
        assert missing.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_a_feed_holds_the_newest_fifty_by_first_publication(api: Api) -> None:
    room = await newsroom(api)
    lead = await picture(api.store)
    for n in range(52):
        await room.story(f"river-report-{n}", hours_ago=60 - n, lead=lead)
    entries = parsed(await api.client.get("/feeds/rss")).entries
    assert len(entries) == 50
    assert entries[0].link.endswith("river-report-51")
    assert entries[-1].link.endswith("river-report-2")


async def test_caching_headers_and_conditional_requests(api: Api) -> None:
    room = await newsroom(api)
    story = await room.story("harbour-wall-repairs", hours_ago=2)
    first = await api.client.get("/feeds/rss")
    assert first.headers["x-cache"] == "MISS"
    assert first.headers["cache-control"].startswith("public, max-age=30, s-maxage=300")
    assert first.headers["etag"].startswith('W/"')
    keys = first.headers["surrogate-key"].split()
    assert f"article:{story.id}" in keys
    assert "list:all" in keys
    conditional = {"if-none-match": f'"x", {first.headers["etag"]}'}
    for _ in range(100):  # until the change stream has brought the arranged writes
        again = await api.client.get("/feeds/rss", headers=conditional)
        if again.headers["x-cache"] == "HIT":
            break
        await asyncio.sleep(0.02)
    assert again.headers["x-cache"] == "HIT"
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == first.headers["etag"]


async def _feeds(api: Api) -> dict[str, Any]:
    paths = ("/feeds/rss", "/feeds/atom", "/feeds/rss/sections/news", "/feeds/atom/tags/flooding")
    return {path: parsed(await api.client.get(path)) for path in paths}


async def test_a_take_down_leaves_every_feed_at_once(api: Api) -> None:
    room = await newsroom(api)
    await room.story("harbour-wall-repairs", hours_ago=2)
    await room.story("court-case", hours_ago=1)
    await _feeds(api)  # cached now
    await room.take_down("court-case")
    for path, feed in (await _feeds(api)).items():
        assert [e.link.rsplit("/", 1)[1] for e in feed.entries] == ["harbour-wall-repairs"], path
    await room.take_down("harbour-wall-repairs", Action.UNPUBLISH)
    for path, feed in (await _feeds(api)).items():
        assert feed.entries == [], path


async def test_a_tag_rename_reaches_the_feeds_already_cached(api: Api) -> None:
    room = await newsroom(api)
    await room.story("harbour-wall-repairs", hours_ago=2)
    paths = ("/feeds/rss", "/feeds/atom/tags/flooding")
    for path in paths:
        kept = await cached(api, path)
        assert "tag:flooding" in kept.headers["surrogate-key"].split(), path
    await rename_tag(api, "flooding", "Floods and flooding")
    site, tag = [parsed(await api.client.get(path)) for path in paths]
    assert [t.term for t in site.entries[0].tags] == ["News", "Floods and flooding"]
    assert tag.feed.title == "Floods and flooding | The Valeport Courier"
    assert [t.term for t in tag.entries[0].tags] == ["News", "Floods and flooding"]


async def test_a_picture_whose_rights_end_leaves_the_feeds(api: Api) -> None:
    room = await newsroom(api)
    ends = api.clock() + timedelta(hours=1)
    expiring = await picture(api.store, rights_expire_at=ends)
    other = await picture(api.store)
    await room.story("harbour-wall-repairs", hours_ago=2, lead=expiring)
    await room.story("ferry-timetable-changes", hours_ago=3, lead=other)
    for path, feed in (await _feeds(api)).items():
        assert [len(e.get("media_content", [])) for e in feed.entries] == [1, 1], path
    response = await api.client.get("/feeds/rss")
    assert response.headers["cache-control"].startswith("public, max-age=30, s-maxage=300")
    api.clock.advance(minutes=59, seconds=50)
    cut = await api.client.get("/feeds/rss")
    assert "max-age=10, s-maxage=10, stale-while-revalidate=0" in cut.headers["cache-control"]
    api.clock.advance(seconds=10)  # the rights end: the cached answer is not served again
    for path, feed in (await _feeds(api)).items():
        assert [len(e.get("media_content", [])) for e in feed.entries] == [0, 1], path
    # An editor ending the other picture's rights early purges the feeds at once.
    await media.update_media(
        api.store,
        factories.DESK,
        asset_id=other.id,
        changes={"rights_expire_at": api.clock() - timedelta(minutes=1)},
        now=api.clock(),
    )
    for path, feed in (await _feeds(api)).items():
        assert [len(e.get("media_content", [])) for e in feed.entries] == [0, 0], path


@pytest.mark.parametrize("path", ["/rss", "/feeds/rss/sections/news"])
async def test_an_empty_feed_is_still_a_valid_feed(api: Api, path: str) -> None:
    await newsroom(api)
    feed = parsed(await api.client.get(path))
    assert feed.entries == []
    assert feed.feed.title
