"""Inputs at and past their bounds are the caller's fault (``BAD_USER_INPUT``), never a masked
``INTERNAL_SERVER_ERROR`` from the database or an image library; and what an uploaded file
says about itself is kept no longer than the API would take it from an editor.
"""

from __future__ import annotations

import dataclasses
import io
import struct
from typing import Any

import pytest
from PIL import Image

from cms import model
from cms.domain.media_files import MAX_KEYWORD, TEXT_LIMITS
from cms.domain.publishing import import_article
from cms.store.codec import new_id
from tests import factories, newsroom
from tests import media_samples as samples
from tests.conftest import Api
from tests.media_api import UPDATE_MEDIA, post_upload, upload, upload_error

CREATE_AUTHOR = "mutation($i: AuthorInput!) { createAuthor(input: $i) { id slug name } }"
UPDATE_AUTHOR = "mutation($id: ID!, $i: AuthorInput!) { updateAuthor(id: $id, input: $i) { id } }"
CREATE_SECTION = 'mutation($s: String!) { createSection(slug: $s, name: "Long") { slug } }'
URL = "query($id: ID!) { media(id: $id) { url(width: 320) caption } }"
LONG_SLUG = "a" * 201


@pytest.fixture
async def admin(api: Api) -> Api:
    return api.as_editor(await newsroom.user(api, model.Role.ADMIN))


async def _error(desk: Api, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    body = await desk.post(query, variables)
    assert body.get("errors"), body
    error: dict[str, Any] = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    return error


async def test_slugs_and_tags_over_200_characters(admin: Api) -> None:
    refs = await newsroom.newsroom(admin)
    at_limit = "b" * 200
    created = await admin.gql(newsroom.CREATE, {"input": newsroom.story_input(refs, at_limit)})
    assert created["createArticle"]["slug"] == at_limit
    too_long = {"input": newsroom.story_input(refs, LONG_SLUG)}
    assert "slug" in (await _error(admin, newsroom.CREATE, too_long))["extensions"]["fields"]
    tagged = {"input": {**newsroom.story_input(refs, "tagged"), "tags": ["t" * 201]}}
    assert "tags" in (await _error(admin, newsroom.CREATE, tagged))["extensions"]["fields"]
    article = created["createArticle"]
    update = {"id": article["id"], "v": article["version"], "input": {"slug": LONG_SLUG}}
    await _error(admin, newsroom.UPDATE, update)
    await _error(admin, CREATE_AUTHOR, {"i": {"slug": LONG_SLUG, "name": "Ada Long"}})
    await _error(admin, CREATE_SECTION, {"s": LONG_SLUG})


async def test_an_author_needs_a_slug_and_a_name(admin: Api) -> None:
    error = await _error(admin, CREATE_AUTHOR, {"i": {}})
    assert error["extensions"]["fields"] == {"slug": "required", "name": "required"}
    error = await _error(admin, CREATE_AUTHOR, {"i": {"slug": "ines-ortega", "name": " "}})
    assert error["extensions"]["fields"] == {"name": "cannot be empty"}
    made = await admin.gql(CREATE_AUTHOR, {"i": {"slug": "ines-ortega", "name": "Inés Ortega"}})
    author = made["createAuthor"]["id"]
    for emptied in ({"name": None}, {"name": ""}, {"slug": None}):
        await _error(admin, UPDATE_AUTHOR, {"id": author, "i": emptied})


@pytest.mark.parametrize(
    "when",
    [
        "0001-01-01+14:00",
        "9999-12-31-14:00",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:00:00-14:00",
    ],
)
async def test_a_date_outside_what_utc_can_hold(admin: Api, when: str) -> None:
    assert admin.token is not None
    asset = await upload(admin, admin.token, samples.jpeg())
    await _error(admin, UPDATE_MEDIA, {"id": asset["id"], "input": {"rightsExpireAt": when}})
    given = f'id: "{asset["id"]}", input: {{rightsExpireAt: "{when}"}}'
    literal = f"mutation {{ updateMedia({given}) {{ id }} }}"
    codes = {e["extensions"]["code"] for e in (await admin.post(literal))["errors"]}
    assert codes <= {"BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"}, codes


def _tiff(entries: list[tuple[int, int, bytes]]) -> bytes:
    """A big-endian EXIF block whose IFD holds these (tag, type, value) entries."""
    ifd = struct.pack(">H", len(entries))
    for tag, kind, value in entries:
        ifd += struct.pack(">HHI", tag, kind, 1) + value
    return b"MM\x00*" + struct.pack(">I", 8) + ifd + struct.pack(">I", 0)


def _with_exif(fmt: str, exif: bytes | Image.Exif) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 90, 160)).save(out, fmt, exif=exif)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
async def test_a_picture_whose_exif_points_before_its_start(admin: Api, fmt: str) -> None:
    """A negative EXIF IFD pointer made Pillow seek to -8: the damaged block is ignored, as a
    damaged IIM block is, and the picture is kept and rendered."""
    assert admin.token is not None
    data = _with_exif(fmt, _tiff([(0x8769, 9, struct.pack(">i", -8))]))
    asset = await upload(admin, admin.token, data)
    assert (asset["width"], asset["height"]) == (64, 48)
    url = (await admin.gql(URL, {"id": asset["id"]}))["media"]["url"]
    # An unpublished picture: only an editor's session (or a preview) may have it.
    rendition = await admin.client.get(url, headers={"authorization": f"Bearer {admin.token}"})
    assert rendition.status_code == 200, rendition.text


async def test_text_from_a_file_is_cut_to_what_the_api_accepts(admin: Api) -> None:
    """A 1 MB EXIF caption was kept and delivered whole."""
    assert admin.token is not None
    exif = Image.Exif()
    exif[0x010E] = "Flood water on Mill Lane. " * 40_000
    keywords = ["k" * 500] * 3
    iim = {(2, 25): keywords, (2, 105): "H" * 5000}
    data = _with_exif("PNG", exif)
    asset = await upload(admin, admin.token, data)
    limit = TEXT_LIMITS["caption"]
    assert asset["caption"].startswith("Flood water on Mill Lane.")
    assert len(asset["caption"]) <= limit
    assert len(asset["caption"]) > limit - 30, "cut near the limit, at a word"
    agency = await upload(admin, admin.token, samples.jpeg(iim=iim))
    assert len(agency["headline"]) == TEXT_LIMITS["headline"]
    assert agency["keywords"]
    assert all(len(k) == MAX_KEYWORD for k in agency["keywords"])


async def test_an_editor_may_not_send_more_than_a_file_may_say(admin: Api) -> None:
    assert admin.token is not None
    long_caption = {"caption": "c" * (TEXT_LIMITS["caption"] + 1)}
    error = await upload_error(admin, admin.token, samples.jpeg(), media_input=long_caption)
    assert error["extensions"]["reason"] == "INVALID_MEDIA_INPUT", error
    assert "caption" in error["extensions"]["fields"]
    asset = await upload(admin, admin.token, samples.jpeg())
    too_many = {"keywords": ["flood"] * 101}
    error = await _error(admin, UPDATE_MEDIA, {"id": asset["id"], "input": too_many})
    assert "keywords" in error["extensions"]["fields"]
    fits = {"caption": "c" * TEXT_LIMITS["caption"]}
    updated = await admin.gql(UPDATE_MEDIA, {"id": asset["id"], "input": fits})
    assert updated["updateMedia"]["caption"] == fits["caption"]
    response = await post_upload(admin, admin.token, samples.jpeg(), media_input=fits)
    assert "errors" not in response.json(), response.text


def _with_body(refs: dict[str, str], slug: str, *blocks: dict[str, Any]) -> dict[str, Any]:
    return {"input": {**newsroom.story_input(refs, slug), "body": list(blocks)}}


def _link(href: str) -> dict[str, Any]:
    return {"paragraph": {"inlines": [{"text": "Read the report", "href": href}]}}


@pytest.mark.parametrize(
    ("what", "field", "change"),
    [
        ("a script as canonical URL", "seo", {"seo": {"canonicalUrl": "javascript:alert(1)"}}),
        ("a path as canonical URL", "seo", {"seo": {"canonicalUrl": "/news/story"}}),
        ("a backslash host", "body", {"body": [_link("/\\evil.example/login")]}),
        ("a tab before the host", "body", {"body": [_link("/\t/evil.example")]}),
        (
            "a script link in a list",
            "body",
            {"body": [{"list": {"items": [[{"text": "x", "href": "javascript:x()"}]]}}]},
        ),
        (
            "a mail address as an embed",
            "body",
            {"body": [{"embed": {"provider": "x", "url": "mailto:a@b.c"}}]},
        ),
        (
            "a script as related link",
            "body",
            {"body": [{"relatedLink": {"url": "javascript:x()"}}]},
        ),
    ],
)
async def test_only_followable_urls_are_stored(
    admin: Api, what: str, field: str, change: dict[str, Any]
) -> None:
    refs = await newsroom.newsroom(admin)
    story = {"input": {**newsroom.story_input(refs), **change}}
    error = await _error(admin, newsroom.CREATE, story)
    assert field in error["extensions"]["fields"], (what, error)


async def test_followable_urls_are_kept(admin: Api) -> None:
    refs = await newsroom.newsroom(admin)
    story = {
        "input": {
            **newsroom.story_input(refs),
            "seo": {"canonicalUrl": "https://www.example.org/news/harbour-bridge"},
            "body": [
                _link("/news/harbour-bridge-timeline"),
                _link("mailto:desk@newsroom.example"),
                {"relatedLink": {"url": "/news/older-story", "text": "The first closure"}},
            ],
        }
    }
    assert (await admin.gql(newsroom.CREATE, story))["createArticle"]["id"]


async def test_a_stored_script_canonical_url_is_not_delivered(api: Api) -> None:
    """What an import (or an older version) let through is left out on the way to readers."""
    author = await factories.author(api.store)
    await factories.section(api.store)
    story = await factories.story(api.store, slug="old-canonical", author_ids=(author,))
    imported = dataclasses.replace(
        story, id=new_id(), slug="imported-canonical", seo=model.Seo(canonical_url="javascript:x")
    )
    await import_article(api.store, imported, actor=factories.DESK, now=factories.NOW)
    query = '{ article(slug: "imported-canonical") { url seo { canonicalUrl } } }'
    data = (await api.gql(query))["article"]
    assert data["seo"] == {"canonicalUrl": data["url"]}, "the story's own address instead"
