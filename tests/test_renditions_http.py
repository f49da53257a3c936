"""Renditions over HTTP: asked sizes, the focal point, signatures and the allowlist, caching."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from cms import model
from tests import factories, newsroom
from tests import media_samples as samples
from tests.conftest import Api
from tests.media_api import UPDATE_MEDIA, decoded, halves, stored_files, upload

RED, BLUE = (220, 20, 20), (20, 40, 220)

URL = """
query Url($id: ID!, $w: Int, $h: Int, $format: ImageFormat, $fit: ImageFit, $q: Int) {
  media(id: $id) { url(width: $w, height: $h, format: $format, fit: $fit, quality: $q) }
}
"""

SRCSET = """
query Srcset($id: ID!, $widths: [Int!], $format: ImageFormat) {
  media(id: $id) { srcset(widths: $widths, format: $format) }
}
"""


@pytest.fixture
async def desk(api: Api) -> Api:
    return api.as_editor(await newsroom.user(api, model.Role.WRITER))


async def picture(desk: Api, data: bytes | None = None, **details: Any) -> str:
    """A 400 by 200 picture, red on the left and blue on the right, uploaded by the desk."""
    assert desk.token is not None
    asset = await upload(desk, desk.token, data or halves(), media_input=details or None)
    asset_id: str = asset["id"]
    return asset_id


async def url_of(desk: Api, asset_id: str, **asked: Any) -> str:
    data = await desk.gql(URL, {"id": asset_id, **asked})
    url: str = data["media"]["url"]
    return url


async def fetch(api: Api, url: str, **headers: str) -> httpx.Response:
    """GET a URL as this client: with its bearer token, if it has one (the desk does)."""
    if api.token is not None:
        headers["authorization"] = f"Bearer {api.token}"
    return await api.client.get(url, headers=headers)


def colour(data: bytes) -> tuple[int, ...]:
    """The colour of a rendition's centre."""
    image = decoded(data).convert("RGB")
    found = image.getpixel((image.width // 2, image.height // 2))
    assert isinstance(found, tuple)
    return found


def near(found: tuple[int, ...], expected: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(found, expected, strict=False))


@pytest.mark.parametrize(
    ("asked", "size", "mime_type"),
    [
        pytest.param({"w": 160}, (160, 80), "image/png", id="width-keeps-png"),
        pytest.param({"h": 90, "format": "JPEG"}, (180, 90), "image/jpeg", id="height-jpeg"),
        pytest.param({"w": 160, "h": 120, "format": "WEBP"}, (160, 120), "image/webp", id="cover"),
        pytest.param(
            {"w": 160, "h": 120, "fit": "CONTAIN", "format": "WEBP"},
            (160, 80),
            "image/webp",
            id="contain",
        ),
        pytest.param({"w": 800}, (400, 200), "image/png", id="never-enlarged"),
        pytest.param({"format": "WEBP", "q": 60}, (400, 200), "image/webp", id="format-only"),
    ],
)
async def test_a_rendition_has_the_asked_size_and_format(
    api: Api, desk: Api, asked: dict[str, Any], size: tuple[int, int], mime_type: str
) -> None:
    url = await url_of(desk, await picture(desk), **asked)

    response = await fetch(desk, url)

    assert response.status_code == 200
    assert response.headers["content-type"] == mime_type
    assert decoded(response.content).size == size


async def test_the_plain_url_is_the_file_and_other_kinds_have_no_renditions(
    api: Api, desk: Api
) -> None:
    photo = await picture(desk)
    assert "/media/" in await url_of(desk, photo)
    clip = await picture(desk, samples.MP4_HEADER + b"\x00" * 64)
    assert "/media/" in await url_of(desk, clip, w=100), "a clip is never resized"
    assert (await desk.gql(SRCSET, {"id": clip}))["media"]["srcset"] is None


async def test_a_crop_keeps_the_focal_point(api: Api, desk: Api) -> None:
    asset_id = await picture(desk, focalPoint={"x": 0.1, "y": 0.5})
    left = await url_of(desk, asset_id, w=160, h=160)
    assert near(colour((await fetch(desk, left)).content), RED)

    await desk.gql(UPDATE_MEDIA, {"id": asset_id, "input": {"focalPoint": {"x": 0.9, "y": 0.5}}})
    right = await url_of(desk, asset_id, w=160, h=160)

    assert right != left, "a new crop gets a new URL, so a cached one may be kept forever"
    assert near(colour((await fetch(desk, right)).content), BLUE)
    moved = await fetch(desk, left)
    assert moved.status_code == 307
    assert moved.headers["location"] == right


def _without_signature(url: str) -> str:
    return url.split("?")[0]


def _with_spec(url: str, spec: str) -> str:
    path = urlsplit(url).path.rsplit("/", 1)[0]
    return f"{path}/{spec}"


async def test_only_signed_or_allowed_renditions_are_rendered(api: Api, desk: Api) -> None:
    asset_id = await picture(desk)
    signed = await url_of(desk, asset_id, w=160, h=160)
    signature = parse_qs(urlsplit(signed).query)["sig"][0]

    assert (await fetch(desk, signed)).status_code == 200
    tampered = signed.replace(
        signature, signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")
    )
    other_size = _with_spec(signed, "161x160-cover.png") + f"?sig={signature}"
    for refused in (_without_signature(signed), tampered, other_size):
        response = await fetch(desk, refused)
        assert response.status_code == 403, refused
        assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    # Plain widths the site allows need no signature; anything else does.
    assert (await fetch(desk, _with_spec(signed, "320x-contain-q80.webp"))).status_code == 200
    for spec in ("321x-contain-q80.webp", "320x100-contain-q80.webp", "320x-contain-q95.webp"):
        assert (await fetch(desk, _with_spec(signed, spec))).status_code == 403, spec

    malformed = await fetch(desk, _with_spec(signed, "0320x-contain-q80.webp"))
    assert (malformed.status_code, malformed.json()["errors"][0]["extensions"]["code"]) == (
        400,
        "INVALID_RENDITION",
    )
    unknown = _with_spec(signed, "320x-contain-q80.webp").replace(
        asset_id, "6b057bc1e0d4c618beb88c49"
    )
    assert (await fetch(desk, unknown)).status_code == 404
    not_an_id = _with_spec(signed, "320x-contain-q80.webp").replace(asset_id, "passwd")
    assert (await fetch(desk, not_an_id)).status_code == 404


async def test_renditions_are_cached_with_a_strong_etag(api: Api, desk: Api) -> None:
    asset_id = await picture(desk)
    url = await url_of(desk, asset_id, w=160, format="WEBP")
    unpublished = await fetch(desk, url)
    assert unpublished.headers["cache-control"] == "private, no-store"
    assert "surrogate-key" not in unpublished.headers
    await factories.author(api.store, avatar_id=asset_id)  # an author's portrait is public

    first = await fetch(api, url)
    etag = first.headers["etag"]
    assert etag.startswith('"'), "a strong validator, not W/"
    assert first.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert first.headers["surrogate-key"] == f"media:{asset_id}"

    again = await fetch(api, url, **{"if-none-match": etag})
    assert again.status_code == 304
    assert again.headers["etag"] == etag

    # Served from the disk cache, kept apart from the public /media directory.
    assert stored_files(api.settings.renditions_dir)
    assert not api.settings.renditions_dir.is_relative_to(api.settings.media_dir)
    assert len(stored_files(api.settings.media_dir)) == 1, "the original alone"
    for original in api.settings.media_dir.iterdir():
        original.unlink()
    assert (await fetch(api, url)).content == first.content


async def test_srcset_lists_renditions_no_wider_than_the_picture(api: Api, desk: Api) -> None:
    asset_id = await picture(desk)

    srcset = (await desk.gql(SRCSET, {"id": asset_id, "widths": [320, 160, 800]}))["media"][
        "srcset"
    ]

    candidates = [entry.rsplit(" ", 1) for entry in srcset.split(", ")]
    assert [descriptor for _, descriptor in candidates] == ["160w", "320w", "400w"]
    for url, descriptor in candidates:
        response = await fetch(desk, url)
        assert decoded(response.content).width == int(descriptor.removesuffix("w"))
    default = (await desk.gql(SRCSET, {"id": asset_id, "format": "WEBP"}))["media"]["srcset"]
    assert default.endswith("400w")
    assert "320x-contain-q80.webp" in default


async def test_bad_rendition_arguments_get_stable_codes(desk: Api) -> None:
    asset_id = await picture(desk)
    for asked in ({"w": 0}, {"w": 9000}, {"w": 100, "q": 101}, {"h": 50, "fit": "COVER"}):
        body = await desk.post(URL, {"id": asset_id, **asked})
        assert body["errors"][0]["extensions"]["reason"] == "INVALID_RENDITION", asked
    body = await desk.post(SRCSET, {"id": asset_id, "widths": list(range(1, 40))})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
