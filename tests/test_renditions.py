"""Renditions: specs, crop planning around the focal point, rendering and signing; pure."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from cms.domain.renditions import (
    Fit,
    ImageFormat,
    RenditionSpec,
    crop_box,
    is_allowed,
    output_size,
    parse_spec,
    render,
    sign,
    verify,
)
from cms.errors import BadUserInput
from tests import media_samples as samples

SECRET = b"rendition-secret-for-tests"
RED, GREY = (220, 20, 20), (128, 128, 128)


def picture(size: tuple[int, int] = (600, 400), fmt: str = "PNG") -> bytes:
    """A grey picture with a red 100 by 100 block in its top-left corner."""
    image = Image.new("RGB", size, GREY)
    image.paste(RED, (0, 0, 100, 100))
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def has_red(image: Image.Image) -> bool:
    colours = [colour for _, colour in image.convert("RGB").getcolors(maxcolors=1 << 16) or []]
    return any(c[0] > 180 and c[1] < 70 and c[2] < 70 for c in colours if isinstance(c, tuple))


# --- specs -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "text"),
    [
        (RenditionSpec(800, 450, fit=Fit.COVER, format=ImageFormat.WEBP), "800x450-cover-q80.webp"),
        (RenditionSpec(800, None), "800x-contain-q80.jpg"),
        (RenditionSpec(None, 300, quality=65), "x300-contain-q65.jpg"),
        (RenditionSpec(640, 640, format=ImageFormat.PNG), "640x640-contain.png"),
    ],
)
def test_canonical_text_round_trips(spec: RenditionSpec, text: str) -> None:
    assert spec.canonical == text
    assert parse_spec(text) == spec


@pytest.mark.parametrize(
    "text", ["800x450-cover.webp", "0800x-contain-q80.jpg", "800x-contain-q80.jpeg", "../x"]
)
def test_only_canonical_text_is_accepted(text: str) -> None:
    with pytest.raises(BadUserInput) as refused:
        parse_spec(text)
    assert refused.value.extensions["reason"] == "INVALID_RENDITION"


@pytest.mark.parametrize(
    ("width", "height", "options"),
    [
        (None, None, {}),
        (0, 100, {}),
        (100, -1, {}),
        (100_000, None, {}),
        (800, None, {"fit": Fit.COVER}),
        (800, None, {"quality": 0}),
        (800, None, {"quality": 101}),
    ],
)
def test_malformed_specs_are_refused(
    width: int | None, height: int | None, options: dict[str, object]
) -> None:
    with pytest.raises(BadUserInput) as refused:
        RenditionSpec(width, height, **options)  # type: ignore[arg-type]
    assert refused.value.extensions["reason"] == "INVALID_RENDITION"


# --- planning ----------------------------------------------------------------------------------


def test_crop_box_is_centred_by_default() -> None:
    assert crop_box(600, 400, target_w=100, target_h=400) == (250, 0, 350, 400)
    assert crop_box(600, 400, target_w=600, target_h=200) == (0, 100, 600, 300)
    assert crop_box(600, 400, target_w=3, target_h=2) == (0, 0, 600, 400)


@pytest.mark.parametrize(
    ("focal", "box"),
    [
        ((0.0, 0.0), (0, 0, 100, 400)),
        ((0.08, 0.1), (0, 0, 100, 400)),
        ((1.0, 1.0), (500, 0, 600, 400)),
        ((0.5, 0.5), (250, 0, 350, 400)),
        ((0.7, 0.5), (370, 0, 470, 400)),
    ],
)
def test_crop_box_follows_the_focal_point_and_stays_inside(
    focal: tuple[float, float], box: tuple[int, int, int, int]
) -> None:
    assert crop_box(600, 400, target_w=1, target_h=4, focal=focal) == box


def test_crop_box_keeps_the_focal_point_for_a_wide_crop_too() -> None:
    assert crop_box(400, 600, target_w=2, target_h=1, focal=(0.5, 0.95)) == (0, 400, 400, 600)


def test_focal_point_outside_the_picture_is_refused() -> None:
    with pytest.raises(BadUserInput) as refused:
        crop_box(600, 400, target_w=1, target_h=1, focal=(1.2, 0.5))
    assert refused.value.extensions["reason"] == "INVALID_FOCAL_POINT"


def test_renditions_never_enlarge() -> None:
    assert output_size(RenditionSpec(1600, None), (800, 600)) == (800, 600)
    assert output_size(RenditionSpec(400, 400), (800, 600)) == (400, 300)
    assert output_size(RenditionSpec(None, 150), (800, 600)) == (200, 150)
    cover = RenditionSpec(1000, 1000, fit=Fit.COVER)
    assert output_size(cover, (800, 600)) == (600, 600)


# --- rendering ---------------------------------------------------------------------------------


def test_cover_gives_exactly_the_asked_size() -> None:
    spec = RenditionSpec(120, 90, fit=Fit.COVER, format=ImageFormat.JPEG)
    assert decoded(render(picture(), spec)).size == (120, 90)
    tall = RenditionSpec(50, 200, fit=Fit.COVER, format=ImageFormat.PNG)
    assert decoded(render(picture(), tall)).size == (50, 200)


def test_contain_and_width_only_keep_the_proportions() -> None:
    assert decoded(render(picture(), RenditionSpec(300, 300))).size == (300, 200)
    assert decoded(render(picture(), RenditionSpec(150, None))).size == (150, 100)


def test_a_small_picture_is_not_enlarged() -> None:
    assert decoded(render(picture((60, 40)), RenditionSpec(1200, None))).size == (60, 40)


@pytest.mark.parametrize(
    ("fmt", "magic"),
    [
        (ImageFormat.JPEG, b"\xff\xd8\xff"),
        (ImageFormat.PNG, b"\x89PNG\r\n\x1a\n"),
        (ImageFormat.WEBP, b"RIFF"),
    ],
)
def test_the_output_is_in_the_asked_format(fmt: ImageFormat, magic: bytes) -> None:
    data = render(picture(fmt="JPEG"), RenditionSpec(100, None, format=fmt))
    assert data.startswith(magic)
    if fmt is ImageFormat.WEBP:
        assert data[8:12] == b"WEBP"


def test_the_focal_point_survives_a_narrow_crop() -> None:
    spec = RenditionSpec(50, 200, fit=Fit.COVER, format=ImageFormat.PNG)
    on_the_block = decoded(render(picture(), spec, focal=(0.08, 0.12)))
    assert has_red(on_the_block)
    assert on_the_block.getpixel((25, 20)) == RED
    assert not has_red(decoded(render(picture(), spec)))


def test_the_picture_is_turned_upright_before_cropping() -> None:
    sideways = samples.jpeg((64, 48), exif={0x0112: 6})
    assert decoded(render(sideways, RenditionSpec(48, None))).size == (48, 64)


def test_transparency_becomes_white_in_jpeg_and_stays_in_webp() -> None:
    clear = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 0, 0)).save(clear, "PNG")
    as_jpeg = decoded(render(clear.getvalue(), RenditionSpec(10, None)))
    assert as_jpeg.mode == "RGB"
    assert as_jpeg.getpixel((5, 5)) == (255, 255, 255)
    webp = RenditionSpec(10, None, format=ImageFormat.WEBP)
    assert decoded(render(clear.getvalue(), webp)).mode == "RGBA"


def test_a_damaged_original_is_refused() -> None:
    data = picture(fmt="JPEG")
    with pytest.raises(BadUserInput) as refused:
        render(data[: len(data) // 2], RenditionSpec(100, None))
    assert refused.value.extensions["reason"] == "CORRUPT_MEDIA"


# --- signing and allowlist ---------------------------------------------------------------------


def test_a_signature_holds_for_its_asset_and_spec_only() -> None:
    spec = RenditionSpec(800, 450, fit=Fit.COVER, format=ImageFormat.WEBP)
    signature = sign("media/ab/cdef.jpg", spec, secret=SECRET)
    assert verify("media/ab/cdef.jpg", spec, signature=signature, secret=SECRET)
    assert not verify("media/ab/other.jpg", spec, signature=signature, secret=SECRET)
    wider = RenditionSpec(1600, 900, fit=Fit.COVER, format=ImageFormat.WEBP)
    assert not verify("media/ab/cdef.jpg", wider, signature=signature, secret=SECRET)
    assert not verify("media/ab/cdef.jpg", spec, signature=signature, secret=b"another")
    assert not verify("media/ab/cdef.jpg", spec, signature=signature[:-1] + "é", secret=SECRET)
    assert not verify("media/ab/cdef.jpg", spec, signature="", secret=SECRET)


def test_signing_without_a_secret_is_a_mistake() -> None:
    with pytest.raises(ValueError, match="secret"):
        sign("media/ab/cdef.jpg", RenditionSpec(800, None), secret=b"")


def test_only_listed_plain_widths_are_allowed_unsigned() -> None:
    widths = frozenset({320, 640, 1280})
    qualities = frozenset({75, 80})
    assert is_allowed(RenditionSpec(640, None, format=ImageFormat.WEBP), widths, qualities)
    assert is_allowed(
        RenditionSpec(640, None, format=ImageFormat.AVIF, quality=75), widths, qualities
    )
    assert not is_allowed(RenditionSpec(641, None), widths, qualities)
    assert not is_allowed(RenditionSpec(640, 480), widths, qualities)
    assert not is_allowed(RenditionSpec(640, None, quality=100), widths, qualities)
