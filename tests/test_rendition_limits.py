"""Renditions are bounded: URLs are signed only for the sizes the site makes, and the cache on
disk has a size limit, least recently used first, and loses a picture's variants with it."""

from __future__ import annotations

import io
import random
from datetime import timedelta
from pathlib import Path
from typing import Any

from PIL import Image

from cms import model
from cms.store import Store
from cms.store.files import RenditionCache
from tests import newsroom
from tests.conftest import Api, Clock, running_app
from tests.media_api import bearer, upload

URL = """
query Url($id: ID!, $w: Int, $h: Int, $format: ImageFormat, $fit: ImageFit, $q: Int) {
  media(id: $id) { url(width: $w, height: $h, format: $format, fit: $fit, quality: $q) }
}
"""

SRCSET = "query Srcset($id: ID!, $widths: [Int!]) { media(id: $id) { srcset(widths: $widths) } }"
DELETE = "mutation Delete($id: ID!) { deleteMedia(id: $id) }"


def noisy_jpeg(size: tuple[int, int] = (1920, 1440), seed: int = 1) -> bytes:
    """A picture that compresses badly, so its renditions are large files on disk."""
    pixels = random.Random(seed).randbytes(size[0] * size[1] * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", size, pixels).save(out, "JPEG", quality=95)
    return out.getvalue()


async def _desk_picture(api: Api, data: bytes | None = None) -> tuple[Api, str]:
    token = await newsroom.user(api, model.Role.EDITOR)
    asset = await upload(api, token, data or noisy_jpeg((1920, 1440)))
    return api.as_editor(token), asset["id"]


async def test_only_the_sizes_the_site_makes_are_signed(api: Api) -> None:
    desk, asset_id = await _desk_picture(api)
    aliases = " ".join(
        f"u{i}: url(width: {1000 + i}, height: {700 + i}, quality: {50 + i})" for i in range(30)
    )

    attack = await desk.post(f'query {{ media(id: "{asset_id}") {{ {aliases} }} }}')

    assert attack["data"] == {"media": None}, "no URL was signed"
    assert {e["extensions"]["code"] for e in attack["errors"]} == {"BAD_USER_INPUT"}
    assert {e["extensions"]["argument"] for e in attack["errors"]} == {"width"}
    allowed: list[dict[str, Any]] = [
        {"w": 1280, "h": 720},  # 16:9
        {"w": 1200, "h": 675},  # 16:9 for structured data
        {"w": 1024, "h": 768},  # 4:3
        {"w": 640, "h": 640},  # 1:1
        {"w": 320, "h": 400},  # 4:5
        {"w": 160, "h": 90, "format": "WEBP", "q": 60},  # the desk's thumbnails
        {"h": 360},
        {"format": "WEBP"},  # the picture's own size
    ]
    for asked in allowed:
        url = (await desk.gql(URL, {"id": asset_id, **asked}))["media"]["url"]
        assert "?sig=" in url, asked
    refused = [
        ({"w": 1000}, "width"),
        ({"w": 1280, "h": 700}, "height"),
        ({"h": 361}, "height"),
        ({"w": 640, "q": 95}, "quality"),
    ]
    for asked, argument in refused:
        body = await desk.post(URL, {"id": asset_id, **asked})
        error = body["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", asked
        assert error["extensions"]["argument"] == argument, asked
        assert "This site does not make that rendition" in error["message"]
    srcset = await desk.post(SRCSET, {"id": asset_id, "widths": [320, 500]})
    assert srcset["errors"][0]["extensions"]["argument"] == "widths"


async def test_an_operator_may_allow_a_grid_of_sizes(api: Api, store: Store, clock: Clock) -> None:
    settings = api.settings.model_copy(update={"rendition_size_step": 100})
    async with running_app(settings, store, clock) as grid:
        desk, asset_id = await _desk_picture(grid)

        url = (await desk.gql(URL, {"id": asset_id, "w": 1000, "h": 700}))["media"]["url"]

        assert "/1000x700-cover-q80.jpg?" in url
        served = await grid.client.get(url, headers=bearer(desk.token))
        assert served.status_code == 200
        body = await desk.post(URL, {"id": asset_id, "w": 1001, "h": 700})
        assert body["errors"][0]["extensions"]["argument"] == "width"


def _variants(root: Path) -> list[Path]:
    """The rendered variants kept as files (diskcache's index beside them aside)."""
    return [p for p in root.rglob("*") if p.is_file() and not p.name.startswith("cache.db")]


async def _rendered(api: Api, desk: Api, asset_id: str) -> str:
    url: str = (await desk.gql(URL, {"id": asset_id, "w": 1280, "h": 720}))["media"]["url"]
    assert (await api.client.get(url, headers=bearer(desk.token))).status_code == 200
    return url


async def test_a_deleted_pictures_renditions_leave_the_cache(api: Api) -> None:
    desk, asset_id = await _desk_picture(api)
    await _rendered(api, desk, asset_id)
    assert len(_variants(api.settings.renditions_dir)) == 1

    assert (await desk.gql(DELETE, {"id": asset_id}))["deleteMedia"] is True

    assert _variants(api.settings.renditions_dir) == []


async def test_renditions_go_once_the_rights_end(api: Api) -> None:
    token = await newsroom.user(api, model.Role.EDITOR)
    ends = (api.clock() + timedelta(hours=1)).isoformat()
    asset = await upload(api, token, noisy_jpeg(), media_input={"rightsExpireAt": ends})
    desk = api.as_editor(token)
    url = await _rendered(api, desk, asset["id"])
    assert len(_variants(api.settings.renditions_dir)) == 1

    api.clock.advance(hours=1)
    gone = await api.client.get(url, headers=bearer(token))

    assert gone.status_code == 410
    assert _variants(api.settings.renditions_dir) == []


def test_the_cache_keeps_to_its_size_and_drops_the_least_recently_used(tmp_path: Path) -> None:
    limit = 1024 * 1024
    cache = RenditionCache(tmp_path, max_bytes=limit)
    variant = random.Random(7).randbytes(40_000)  # a few dozen fit
    cache.put("front/0", variant, tag="front")
    for n in range(1, 80):
        assert cache.get("front/0") == variant, "the one in use stays"
        cache.put(f"other/{n}", variant, tag=f"other-{n}")
        assert cache.volume() <= limit + len(variant)

    assert cache.get("other/1") is None, "the least recently used went first"
    assert cache.get("other/79") == variant
    assert cache.drop("front") == 1
    assert cache.get("front/0") is None
    cache.close()
