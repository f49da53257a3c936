"""Pictures a frontend uses as they come: sizes of the files served, AVIF, framework widths,
placeholders. Every file is fetched over HTTP and decoded to check what it really is."""

from __future__ import annotations

import base64
import io
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import pytest
from PIL import Image
from pydantic import ValidationError

from cms import model
from cms.config import Settings
from cms.demo import load_demo
from cms.domain import media
from cms.store.codec import new_id
from cms.store.files import LocalMediaFiles
from tests import newsroom
from tests.conftest import Api
from tests.media_api import decoded, halves, upload
from tests.test_renditions_http import fetch

PICTURE = """
query Picture($id: ID!, $widths: [Int!], $format: ImageFormat) {
  media(id: $id) {
    width height
    picture {
      width height
      placeholder { color dataUri }
      srcset(widths: $widths, format: $format)
      sources(widths: $widths, format: $format) { url width height }
      cover: rendition(width: 1920, height: 1080, format: $format) { url width height }
      wide: rendition(width: 3840) { url width height }
      own: rendition { url width height }
    }
  }
}
"""

FORMATS = {"AVIF": "AVIF", "WEBP": "WEBP", "JPEG": "JPEG"}


@pytest.fixture
async def desk(api: Api) -> Api:
    return api.as_editor(await newsroom.user(api, model.Role.WRITER))


async def _picture(desk: Api, data: bytes) -> str:
    assert desk.token is not None
    asset_id: str = (await upload(desk, desk.token, data))["id"]
    return asset_id


async def _served(desk: Api, url: str) -> Image.Image:
    response = await fetch(desk, url)
    assert response.status_code == 200, response.text
    return decoded(response.content)


def _red_mostly(size: tuple[int, int] = (1000, 500)) -> bytes:
    """Three quarters red, a quarter blue on the right: its dominant colour is red."""
    image = Image.new("RGB", size, (20, 40, 220))
    image.paste((220, 20, 20), (0, 0, size[0] * 3 // 4, size[1]))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


@pytest.mark.parametrize("image_format", ["AVIF", "WEBP", "JPEG"])
async def test_renditions_report_the_size_of_the_file_they_serve(
    desk: Api, image_format: str
) -> None:
    asset_id = await _picture(desk, _red_mostly((1000, 500)))
    asked = {"id": asset_id, "widths": [320, 1920], "format": image_format}

    data = (await desk.gql(PICTURE, asked))["media"]
    picture = data["picture"]

    assert (picture["width"], picture["height"]) == (1000, 500)
    sources = picture["sources"]
    assert [(s["width"], s["height"]) for s in sources] == [(320, 160), (1000, 500)]
    assert (data["width"], data["height"]) == (1000, 500)
    assert picture["srcset"] == ", ".join(f"{s['url']} {s['width']}w" for s in sources)
    for source in sources:
        served = await _served(desk, source["url"])
        assert served.format == FORMATS[image_format]
        assert served.size == (source["width"], source["height"])
    # Never enlarged: a 16:9 crop asked at 1920 comes at the picture's own height.
    cover = picture["cover"]
    assert (cover["width"], cover["height"]) == (889, 500)
    assert (await _served(desk, cover["url"])).size == (889, 500)


async def test_a_wide_ask_and_no_ask_serve_the_picture_at_its_own_size(desk: Api) -> None:
    asset_id = await _picture(desk, halves((600, 300), fmt="PNG"))

    picture = (await desk.gql(PICTURE, {"id": asset_id}))["media"]["picture"]

    for name in ("wide", "own"):
        rendition = picture[name]
        assert (rendition["width"], rendition["height"]) == (600, 300), name
        served = await _served(desk, rendition["url"])
        assert (served.size, served.format) == ((600, 300), "PNG")
    widths = [source["width"] for source in picture["sources"]]
    assert widths == [320, 600], "the srcset widths up to the picture's own"


@pytest.mark.parametrize(
    ("spec", "size", "pillow_format"),
    [
        pytest.param("828x-contain-q75.avif", (828, 414), "AVIF", id="next-default-avif"),
        pytest.param("640x-contain-q60.webp", (640, 320), "WEBP", id="quality-step"),
        pytest.param("3840x-contain-q75.jpg", (1200, 600), "JPEG", id="4k-never-enlarged"),
    ],
)
async def test_framework_widths_and_quality_steps_need_no_signature(
    desk: Api, spec: str, size: tuple[int, int], pillow_format: str
) -> None:
    asset_id = await _picture(desk, _red_mostly((1200, 600)))
    signed = (await desk.gql(PICTURE, {"id": asset_id}))["media"]["picture"]["own"]["url"]
    unsigned = urlsplit(signed).path.rsplit("/", 1)[0] + "/" + spec

    served = await _served(desk, unsigned)

    assert (served.size, served.format) == (size, pillow_format)
    refused = urlsplit(signed).path.rsplit("/", 1)[0] + "/828x-contain-q77.avif"
    assert (await fetch(desk, refused)).status_code == 403


def _preview(data_uri: str) -> Image.Image:
    prefix = "data:image/webp;base64,"
    assert data_uri.startswith(prefix)
    return decoded(base64.b64decode(data_uri.removeprefix(prefix)))


async def test_an_upload_gets_a_placeholder_of_its_dominant_colour(desk: Api) -> None:
    asset_id = await _picture(desk, _red_mostly((800, 400)))

    data = (await desk.gql(PICTURE, {"id": asset_id}))["media"]

    placeholder = data["picture"]["placeholder"]
    red, green, blue = (int(placeholder["color"][i : i + 2], 16) for i in (1, 3, 5))
    assert (red > 180, green < 80, blue < 80) == (True, True, True), placeholder["color"]
    preview = _preview(placeholder["dataUri"])
    assert preview.size == (16, 8)
    assert len(placeholder["dataUri"]) < 400, "small enough to inline in a page"


def test_srcset_widths_must_be_widths_the_site_makes(settings: Settings) -> None:
    with pytest.raises(ValidationError, match="srcset_widths"):
        settings.model_validate({**settings.model_dump(), "srcset_widths": (333,)})


async def test_pictures_kept_from_before_get_their_placeholder(api: Api, desk: Api) -> None:
    files = LocalMediaFiles(api.settings.media_dir)
    older = model.MediaAsset(
        id=new_id(),
        kind=model.MediaKind.IMAGE,
        mime_type="image/png",
        file=files.put(halves((300, 300)), extension="png"),
        width=300,
        height=300,
        created_at=datetime(2025, 1, 1, tzinfo=UTC),
    )
    await api.store.media.insert(older)
    fresh = await _picture(desk, _red_mostly())
    before = (await desk.gql(PICTURE, {"id": older.id}))["media"]["picture"]
    assert before["placeholder"] is None

    filled = await media.fill_placeholders(api.store, files, max_pixels=10_000_000)

    assert filled == 1, "the fresh upload had one already"
    after = (await desk.gql(PICTURE, {"id": older.id}))["media"]["picture"]["placeholder"]
    assert _preview(after["dataUri"]).size == (16, 16)
    assert (await desk.gql(PICTURE, {"id": fresh}))["media"]["picture"]["placeholder"]
    assert await media.fill_placeholders(api.store, files, max_pixels=10_000_000) == 0


DEMO_PICTURES = """
query { articles(first: 50) { edges { node {
  leadMedia { asset { picture { width height placeholder { color dataUri } } } }
  authors { avatar { picture { width height placeholder { color } } } }
} } } }
"""


async def test_the_demo_pictures_come_with_size_and_placeholder(api: Api) -> None:
    await load_demo(api.store, LocalMediaFiles(api.settings.media_dir), now=datetime.now(UTC))

    edges = (await api.gql(DEMO_PICTURES))["articles"]["edges"]

    pictures: list[dict[str, Any]] = [
        picture
        for edge in edges
        for picture in [
            ((edge["node"]["leadMedia"] or {}).get("asset") or {}).get("picture"),
            *((author["avatar"] or {}).get("picture") for author in edge["node"]["authors"]),
        ]
        if picture is not None
    ]
    assert len(pictures) > 5
    for picture in pictures:
        assert min(picture["width"], picture["height"]) > 0
        assert picture["placeholder"]["color"].startswith("#")
