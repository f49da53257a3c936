"""Placeholders: what a page shows while a picture loads, small enough to go inside the HTML.

Each picture gets two, computed once when it arrives and kept with it: its dominant colour
(a flat background, ``#rrggbb``) and a blur preview, the whole picture shrunk to at most
``PREVIEW_SIDE`` pixels a side and inlined as a WebP data URI (what Next.js's
``blurDataURL`` takes; the browser's scaling blurs it). Both are of the picture as displayed,
turned upright, with transparency laid on white.
"""

from __future__ import annotations

import base64
import io

from PIL import Image

from cms import model
from cms.domain.media_files import DEFAULT_MAX_PIXELS, open_image, upright

PREVIEW_SIDE = 16
PREVIEW_QUALITY = 50
_SAMPLE_SIDE = 64
_COLOURS = 8
_WHITE = (255, 255, 255)


def placeholder_of(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> model.Placeholder:
    """The placeholder of a picture file (blocking: decodes the picture)."""
    return placeholder_for(upright(open_image(data, max_pixels=max_pixels)))


def placeholder_for(picture: Image.Image) -> model.Placeholder:
    """The placeholder of a decoded picture, already turned upright."""
    sample = _flattened(picture)
    sample.thumbnail((_SAMPLE_SIDE, _SAMPLE_SIDE), Image.Resampling.BOX)
    return model.Placeholder(color=dominant_colour(sample), data_uri=_preview(sample))


def dominant_colour(picture: Image.Image) -> str:
    """The colour most of the picture is, after reducing it to a few: ``#rrggbb``."""
    reduced = picture.convert("RGB").quantize(colors=_COLOURS, method=Image.Quantize.MEDIANCUT)
    counts = reduced.getcolors(_COLOURS) or [(1, 0)]
    _, index = max(counts)
    palette = reduced.getpalette() or [0, 0, 0]
    position = 3 * int(index) if isinstance(index, int) else 0
    red, green, blue = palette[position : position + 3]
    return f"#{red:02x}{green:02x}{blue:02x}"


def _flattened(picture: Image.Image) -> Image.Image:
    if picture.mode in {"RGBA", "LA", "PA", "P"} or "transparency" in picture.info:
        with_alpha = picture.convert("RGBA")
        flat = Image.new("RGB", with_alpha.size, _WHITE)
        flat.paste(with_alpha, mask=with_alpha.getchannel("A"))
        return flat
    return picture.convert("RGB")


def _preview(sample: Image.Image) -> str:
    tiny = sample.copy()
    tiny.thumbnail((PREVIEW_SIDE, PREVIEW_SIDE), Image.Resampling.BOX)
    out = io.BytesIO()
    tiny.save(out, "WEBP", quality=PREVIEW_QUALITY)
    return "data:image/webp;base64," + base64.b64encode(out.getvalue()).decode()
