"""HTTP for frontends and CDNs: weak ETags and If-None-Match as RFC 9110 says, and answers over
1 KB compressed in what the client accepts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from cms.http.conditional import none_match
from tests import factories
from tests.conftest import Api

LIST = "{ articles(first: 10) { edges { node { slug headline dek dateline } } } }"
SMALL = "{ sections { slug } }"


async def _newsroom(api: Api) -> None:
    await factories.section(api.store)
    author = await factories.author(api.store)
    for index in range(10):
        await factories.story(
            api.store,
            slug=f"flood-update-{index}",
            author_ids=(author,),
            published_at=factories.NOW - timedelta(minutes=index),
        )


async def _get(api: Api, query: str, **headers: str) -> Any:
    return await api.client.get("/graphql", params={"query": query}, headers=headers)


async def test_if_none_match_answers_304_for_its_tag_in_a_list_weak_or_strong(api: Api) -> None:
    await _newsroom(api)
    first = await _get(api, LIST)
    etag = first.headers["etag"]
    assert etag.startswith('W/"'), "weak: the same content in gzip, brotli or plain"
    opaque = etag.removeprefix("W/")
    for header in (etag, opaque, f'"nope", {etag}', f'W/"a,b", {opaque}', "*"):
        again = await _get(api, LIST, **{"if-none-match": header})
        assert again.status_code == 304, header
        assert again.content == b""
        assert again.headers["etag"] == etag
        assert again.headers["cache-control"].startswith("public")
    for header in ('"nope"', 'W/"nope", W/"other"', "not a tag", etag.replace('"', "")):
        changed = await _get(api, LIST, **{"if-none-match": header})
        assert changed.status_code == 200, header
        assert changed.json()["data"]["articles"]["edges"]


def test_if_none_match_is_read_as_rfc_9110_says() -> None:
    assert none_match('W/"x"', '"x"')
    assert none_match('"x"', 'W/"x"')
    assert none_match(' "y" , W/"x" ', 'W/"x"')
    assert none_match('"a,b", "x"', '"x"')
    assert none_match("*", 'W/"x"')
    assert not none_match('"a,b"', '"b"')
    assert not none_match(None, '"x"')
    assert not none_match("", '"x"')
    assert not none_match("x", '"x"')


async def test_answers_over_1_kb_are_compressed_as_the_client_asks(api: Api) -> None:
    await _newsroom(api)
    plain = await _get(api, LIST, **{"accept-encoding": "identity"})
    assert len(plain.content) > 1024
    assert "content-encoding" not in plain.headers
    for asked, sent in (
        ("gzip", "gzip"),
        ("br", "br"),
        ("gzip, br", "br"),
        ("br;q=0, gzip", "gzip"),
    ):
        answer = await _get(api, LIST, **{"accept-encoding": asked})
        assert answer.headers["content-encoding"] == sent, asked
        assert "accept-encoding" in answer.headers["vary"].lower()
        assert answer.json() == plain.json(), "the same answer, compressed"
    posted = await api.client.post(
        "/graphql",
        json={"query": LIST},
        headers={"accept-encoding": "gzip", "accept": "application/graphql-response+json"},
    )
    assert posted.headers["content-type"].startswith("application/graphql-response+json")
    assert posted.headers["content-encoding"] == "gzip"
    small = await _get(api, SMALL, **{"accept-encoding": "gzip, br"})
    assert len(small.content) < 1024
    assert "content-encoding" not in small.headers, "under 1 KB: sent as it is"
