"""Renditions: one picture at the sizes and formats pages need, cut around its focal point.

A rendition is asked for by a ``RenditionSpec`` whose canonical text ("800x450-cover-q80.webp")
is both the cache key and the last part of its URL. Because every variant costs CPU and cache
space, URLs are signed only for the sizes the site allows (``RenditionSizes``), and the edge
serves a spec only when it is signed (``sign``/``verify``) or is one of the plain widths the
site allows (``is_allowed``).

Renditions never enlarge: a picture is not made sharper by upscaling, only heavier. A CONTAIN
rendition stops at the original size; a COVER rendition keeps the asked shape and, when the
original is too small, comes out as the largest crop of that shape at the original resolution.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import re
from dataclasses import KW_ONLY, dataclass
from enum import StrEnum

from PIL import Image

from cms.domain.media_files import DEFAULT_MAX_PIXELS, open_image, upright
from cms.errors import BadUserInput

DEFAULT_QUALITY = 80
MAX_SIDE = 8192
"""No page needs a rendition wider or taller than this; larger asks are malformed."""

Focus = tuple[float, float]
"""A focal point as fractions of width and height, from the top left: (0.5, 0.5) is the centre."""


class Fit(StrEnum):
    """COVER fills the asked box and crops what overflows; CONTAIN fits inside it, uncropped."""

    COVER = "cover"
    CONTAIN = "contain"


class ImageFormat(StrEnum):
    JPEG = "jpeg"
    WEBP = "webp"
    AVIF = "avif"
    PNG = "png"

    @property
    def extension(self) -> str:
        return "jpg" if self is ImageFormat.JPEG else self.value

    @property
    def mime_type(self) -> str:
        return f"image/{self.value}"


@dataclass(frozen=True, slots=True)
class RenditionSpec:
    """The size, fit, format and quality of one rendition; checked when made.

    COVER needs both sides, since it crops to their shape; CONTAIN needs at least one.
    PNG is lossless, so its quality plays no part and is left out of the canonical form.
    """

    width: int | None
    height: int | None
    _: KW_ONLY
    fit: Fit = Fit.CONTAIN
    format: ImageFormat = ImageFormat.JPEG
    quality: int = DEFAULT_QUALITY

    def __post_init__(self) -> None:
        for side, value in (("width", self.width), ("height", self.height)):
            if value is not None and not 1 <= value <= MAX_SIDE:
                raise _invalid(f"{side} must be between 1 and {MAX_SIDE}; got {value}.")
        if self.width is None and self.height is None:
            raise _invalid("A rendition needs a width, a height or both.")
        if self.fit is Fit.COVER and (self.width is None or self.height is None):
            raise _invalid("A cover crop needs both a width and a height.")
        if not 1 <= self.quality <= 100:
            raise _invalid(f"quality must be between 1 and 100; got {self.quality}.")

    @property
    def canonical(self) -> str:
        """The one text for this spec, used as cache key and URL: "800x450-cover-q80.webp"."""
        width = "" if self.width is None else str(self.width)
        height = "" if self.height is None else str(self.height)
        quality = "" if self.format is ImageFormat.PNG else f"-q{self.quality}"
        return f"{width}x{height}-{self.fit}{quality}.{self.format.extension}"


_CANONICAL = re.compile(r"(\d+)?x(\d+)?-(cover|contain)(?:-q(\d+))?\.(jpg|webp|avif|png)")
_FORMATS_BY_EXTENSION = {fmt.extension: fmt for fmt in ImageFormat}


def parse_spec(text: str) -> RenditionSpec:
    """The spec a URL names; only its canonical form is accepted, so one picture, one key."""
    found = _CANONICAL.fullmatch(text)
    if found is None:
        raise _invalid(f"{text!r} is not a rendition such as '800x450-cover-q80.webp'.")
    width, height, fit, quality, extension = found.groups()
    spec = RenditionSpec(
        int(width) if width else None,
        int(height) if height else None,
        fit=Fit(fit),
        format=_FORMATS_BY_EXTENSION[extension],
        quality=int(quality) if quality else DEFAULT_QUALITY,
    )
    if spec.canonical != text:
        raise _invalid(f"{text!r} is not canonical; ask for {spec.canonical!r}.")
    return spec


def _invalid(message: str) -> BadUserInput:
    return BadUserInput(message, reason="INVALID_RENDITION")


# --- Planning ----------------------------------------------------------------------------------


def crop_box(
    src_w: int, src_h: int, *, target_w: int, target_h: int, focal: Focus | None = None
) -> tuple[int, int, int, int]:
    """The largest box of the target's shape inside the picture, centred on the focal point.

    Where centring would leave the picture, the box is pushed back inside it, so the focal
    point stays in the crop even at an edge. Returned as (left, top, right, bottom).
    """
    if min(src_w, src_h, target_w, target_h) < 1:
        raise _invalid("Crop sizes must be positive.")
    x, y = _checked_focus(focal)
    if src_w * target_h > src_h * target_w:  # the picture is wider than the target shape
        box_w, box_h = max(1, min(src_w, round(src_h * target_w / target_h))), src_h
    else:
        box_w, box_h = src_w, max(1, min(src_h, round(src_w * target_h / target_w)))
    left, top = _place(x * src_w, box_w, src_w), _place(y * src_h, box_h, src_h)
    return left, top, left + box_w, top + box_h


def output_size(spec: RenditionSpec, source: tuple[int, int]) -> tuple[int, int]:
    """The pixel size a spec gives for a picture of the source size, never larger than it."""
    src_w, src_h = source
    if spec.width is not None and spec.height is not None and spec.fit is Fit.COVER:
        left, top, right, bottom = crop_box(src_w, src_h, target_w=spec.width, target_h=spec.height)
        if spec.width <= right - left and spec.height <= bottom - top:
            return spec.width, spec.height
        return right - left, bottom - top
    scales = [1.0]
    if spec.width is not None:
        scales.append(spec.width / src_w)
    if spec.height is not None:
        scales.append(spec.height / src_h)
    scale = min(scales)
    return max(1, round(src_w * scale)), max(1, round(src_h * scale))


def _checked_focus(focal: Focus | None) -> Focus:
    x, y = focal if focal is not None else (0.5, 0.5)
    if not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):
        raise BadUserInput(
            f"A focal point is two fractions between 0 and 1; got {(x, y)}.",
            reason="INVALID_FOCAL_POINT",
        )
    return x, y


def _place(centre: float, length: int, room: int) -> int:
    """Where a span of ``length`` starts when centred on ``centre`` but kept inside ``room``."""
    return min(max(round(centre - length / 2), 0), room - length)


# --- Rendering ---------------------------------------------------------------------------------

_PILLOW_NAMES = {
    ImageFormat.JPEG: "JPEG",
    ImageFormat.WEBP: "WEBP",
    ImageFormat.AVIF: "AVIF",
    ImageFormat.PNG: "PNG",
}
AVIF_SPEED = 8
"""libavif's speed (0 slowest … 10 fastest): at 8 a 1920-wide picture takes about a second of
one core, at its default of 6 three times that for files a fifth smaller."""
_ALPHA_MODES = frozenset({"RGBA", "RGBa", "LA", "La", "PA"})
_WHITE = (255, 255, 255)


def render(
    data: bytes,
    spec: RenditionSpec,
    *,
    focal: Focus | None = None,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> bytes:
    """The encoded rendition of a picture: turned upright, cut around the focal point, resized.

    The focal point refers to the picture as displayed, after the EXIF orientation. Only the
    colour profile is carried over: EXIF (with its GPS position) stays in the original.
    """
    original = open_image(data, max_pixels=max_pixels)
    profile = original.info.get("icc_profile") if original.mode in {"RGB", "RGBA"} else None
    picture = _in_mode_for(upright(original), spec.format)
    size = output_size(spec, picture.size)
    box = None
    if spec.fit is Fit.COVER:
        box = crop_box(*picture.size, target_w=size[0], target_h=size[1], focal=focal)
    resized = picture.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
    return _encode(resized, spec, profile=profile)


def _in_mode_for(picture: Image.Image, fmt: ImageFormat) -> Image.Image:
    """RGB, or RGBA where the format keeps transparency; JPEG's transparency becomes white."""
    has_alpha = picture.mode in _ALPHA_MODES or "transparency" in picture.info
    if not has_alpha:
        return picture if picture.mode == "RGB" else picture.convert("RGB")
    with_alpha = picture if picture.mode == "RGBA" else picture.convert("RGBA")
    if fmt is not ImageFormat.JPEG:
        return with_alpha
    flattened = Image.new("RGB", with_alpha.size, _WHITE)
    flattened.paste(with_alpha, mask=with_alpha.getchannel("A"))
    return flattened


def _encode(picture: Image.Image, spec: RenditionSpec, *, profile: bytes | None) -> bytes:
    options: dict[str, object] = {}
    if spec.format is not ImageFormat.PNG:
        options["quality"] = spec.quality
    if spec.format is ImageFormat.JPEG:
        options |= {"optimize": True, "progressive": True}
    if spec.format is ImageFormat.AVIF:
        # One thread each: the endpoint's worker slots bound how many encode at once.
        options |= {"speed": AVIF_SPEED, "max_threads": 1}
    if profile:
        options["icc_profile"] = profile
    out = io.BytesIO()
    picture.save(out, _PILLOW_NAMES[spec.format], **options)
    return out.getvalue()


# --- Which sizes the site makes ----------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class RenditionSizes:
    """The renditions an operator allows, so nobody can have the server sign (and then render
    and keep) variants without bound.

    A width alone must be one of ``widths``, a height alone one of ``heights``; both sides
    must be an allowed width and its height at one of ``ratios`` (width:height), e.g. 16:9 at
    1280 wide is 1280x720. With a ``step``, any multiple of it is allowed too, for either
    side and together. A picture's own width is always allowed (a new format at its size),
    and ``qualities`` lists the encoder qualities (PNG has none).
    """

    widths: frozenset[int]
    heights: frozenset[int]
    ratios: tuple[tuple[int, int], ...]
    qualities: frozenset[int]
    step: int | None = None

    def check(self, spec: RenditionSpec, *, own_width: int | None = None) -> None:
        """Refuse a spec outside these sizes, naming the argument and what is allowed."""
        width, height = spec.width, spec.height
        if width is not None and height is None and not self._width_ok(width, own_width):
            raise self._refused("width", f"widths are {_listed(self.widths)}")
        if height is not None and width is None and not self._side_ok(height, self.heights):
            raise self._refused("height", f"heights alone are {_listed(self.heights)}")
        if width is not None and height is not None:
            if not self._width_ok(width, own_width):
                raise self._refused("width", f"widths are {_listed(self.widths)}")
            if not self._pair_ok(width, height):
                ratios = ", ".join(f"{w}:{h}" for w, h in self.ratios)
                raise self._refused("height", f"with a width, heights give {ratios}")
        if spec.format is not ImageFormat.PNG and spec.quality not in self.qualities:
            raise self._refused("quality", f"qualities are {_listed(self.qualities)}")

    def _width_ok(self, width: int, own_width: int | None) -> bool:
        return width == own_width or self._side_ok(width, self.widths)

    def _side_ok(self, side: int, listed: frozenset[int]) -> bool:
        return side in listed or (self.step is not None and side % self.step == 0)

    def _pair_ok(self, width: int, height: int) -> bool:
        if self.step is not None and width % self.step == 0 and height % self.step == 0:
            return True
        return any(round(width * h / w) == height for w, h in self.ratios)

    def _refused(self, argument: str, allowed: str) -> BadUserInput:
        grid = f", or multiples of {self.step}" if self.step else ""
        return BadUserInput(
            f"This site does not make that rendition: {allowed}{grid}.",
            reason="INVALID_RENDITION",
            argument=argument,
        )


def _listed(values: frozenset[int]) -> str:
    return ", ".join(str(v) for v in sorted(values)) or "none"


# --- Who may ask for what ----------------------------------------------------------------------


def sign(asset_key: str, spec: RenditionSpec, *, secret: bytes) -> str:
    """An HMAC-SHA256 over the asset and the spec, URL-safe, proving we issued this rendition."""
    if not secret:
        raise ValueError("Rendition signing needs a non-empty secret.")
    # The canonical spec holds no "/", so "key/spec" cannot be read two ways.
    message = f"{asset_key}/{spec.canonical}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def verify(asset_key: str, spec: RenditionSpec, *, signature: str, secret: bytes) -> bool:
    """Whether the signature was made by us for this asset and this spec; constant time."""
    expected = sign(asset_key, spec, secret=secret)
    return hmac.compare_digest(expected.encode(), signature.encode())


def is_allowed(
    spec: RenditionSpec, allowed_widths: frozenset[int], allowed_qualities: frozenset[int]
) -> bool:
    """Whether an unsigned request may have this rendition: a listed width at a listed quality,
    in any format (what a frontend framework's image loader builds from a width and a quality).

    Heights and crops need a signature, so nobody can fill the cache with variants by changing
    numbers in a URL: the unsigned variants of a picture are bounded by the two lists.
    """
    quality_ok = spec.format is ImageFormat.PNG or spec.quality in allowed_qualities
    return spec.height is None and spec.width in allowed_widths and quality_ok
