"""Uploaded files judged by their bytes: what they are, whether they decode, what they say.

The file name and the browser's content type are never trusted: the type comes from the
file's own signature, and a picture is decoded in full, behind a pixel limit, before we keep
it. Agency pictures carry their caption, credit and rights inside the file; these are read
from XMP first, then IPTC IIM, then EXIF, as the photo desk ranks them.

Every refusal is a ``BadUserInput`` whose ``reason`` extension says why:

    UNSUPPORTED_MEDIA    not a picture, clip or recording in a format we accept
    CORRUPT_MEDIA        the picture does not decode (truncated, damaged)
    TOO_LARGE            more bytes than an upload may carry
    DECOMPRESSION_BOMB   more pixels than we agree to decode
"""

from __future__ import annotations

import dataclasses
import io
import re
import struct
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from PIL import Image, ImageFile, ImageOps, IptcImagePlugin

from cms.errors import BadUserInput
from cms.model import MediaKind

DEFAULT_MAX_PIXELS = 50_000_000
"""About a 50-megapixel camera frame: any real news photo fits, a crafted bomb does not."""

# --- What a file is ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sniffed:
    """The type a file's own bytes declare, with the extension we store it under."""

    kind: MediaKind
    mime_type: str
    extension: str


JPEG = Sniffed(MediaKind.IMAGE, "image/jpeg", "jpg")
PNG = Sniffed(MediaKind.IMAGE, "image/png", "png")
WEBP = Sniffed(MediaKind.IMAGE, "image/webp", "webp")
GIF = Sniffed(MediaKind.IMAGE, "image/gif", "gif")
MP4 = Sniffed(MediaKind.VIDEO, "video/mp4", "mp4")
MOV = Sniffed(MediaKind.VIDEO, "video/quicktime", "mov")
WEBM = Sniffed(MediaKind.VIDEO, "video/webm", "webm")
OGG_VIDEO = Sniffed(MediaKind.VIDEO, "video/ogg", "ogv")
M4A = Sniffed(MediaKind.AUDIO, "audio/mp4", "m4a")
MP3 = Sniffed(MediaKind.AUDIO, "audio/mpeg", "mp3")
WAV = Sniffed(MediaKind.AUDIO, "audio/wav", "wav")
OGG_AUDIO = Sniffed(MediaKind.AUDIO, "audio/ogg", "ogg")

_PREFIXES: tuple[tuple[bytes, Sniffed], ...] = (
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"ID3", MP3),
)
_RIFF_FORMS = {b"WEBP": WEBP, b"WAVE": WAV}
# ISO base media brands that hold still pictures (HEIC, AVIF), not clips: refused.
_STILL_BRANDS = frozenset(
    {b"avif", b"avis", b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
)
_AUDIO_BRANDS = frozenset({b"M4A ", b"M4B ", b"M4P "})
_PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP", GIF: "GIF"}


def sniff(data: bytes) -> Sniffed:
    """The type of an upload from its signature alone; anything unrecognised is refused."""
    head = data[:512]
    found = _by_prefix(head) or _riff(head) or _iso_media(head) or _ebml(head) or _ogg(head)
    if found is None and _is_mpeg_audio_frame(head):
        found = MP3
    if found is None:
        raise BadUserInput(
            "The file is not a picture, video or audio file we accept "
            "(JPEG, PNG, WebP, GIF, MP4, MOV, WebM, MP3, WAV, Ogg).",
            reason="UNSUPPORTED_MEDIA",
        )
    return found


def check_size(byte_count: int, *, max_bytes: int) -> None:
    """Refuse an upload past the size limit; callable with a declared length before reading."""
    if byte_count > max_bytes:
        raise BadUserInput(
            f"The file is {byte_count} bytes; uploads may be at most {max_bytes} bytes.",
            reason="TOO_LARGE",
            max_bytes=max_bytes,
        )


def _by_prefix(head: bytes) -> Sniffed | None:
    return next((found for prefix, found in _PREFIXES if head.startswith(prefix)), None)


def _riff(head: bytes) -> Sniffed | None:
    return _RIFF_FORMS.get(head[8:12]) if head.startswith(b"RIFF") else None


def _iso_media(head: bytes) -> Sniffed | None:
    """MP4, MOV and M4A all open with an ``ftyp`` box naming the file's brand."""
    if head[4:8] != b"ftyp":
        return None
    brand = head[8:12]
    if brand in _STILL_BRANDS:
        return None
    if brand == b"qt  ":
        return MOV
    return M4A if brand in _AUDIO_BRANDS else MP4


def _ebml(head: bytes) -> Sniffed | None:
    """WebM is Matroska with the doctype "webm"; other Matroska files are refused."""
    return WEBM if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:64] else None


def _ogg(head: bytes) -> Sniffed | None:
    if not head.startswith(b"OggS"):
        return None
    return OGG_VIDEO if b"\x80theora" in head else OGG_AUDIO


def _is_mpeg_audio_frame(head: bytes) -> bool:
    """An MP3 without ID3 tag opens on a frame header: 11 sync bits, then valid fields."""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer = (head[1] >> 3) & 0b11, (head[1] >> 1) & 0b11
    bitrate, sample_rate = head[2] >> 4, (head[2] >> 2) & 0b11
    return version != 0b01 and layer != 0b00 and bitrate not in (0, 0xF) and sample_rate != 0b11


# --- Decoding a picture safely -----------------------------------------------------------------

_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error)


def open_image(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> ImageFile.ImageFile:
    """A picture decoded in full, refused if it is not one, is damaged, or has too many pixels.

    Only the decoder for the sniffed format is tried, so no exotic Pillow plugin ever sees
    an upload. The size is checked from the header before a single pixel is decoded.
    """
    sniffed = sniff(data)
    pillow_format = _PILLOW_FORMATS.get(sniffed)
    if pillow_format is None:
        raise BadUserInput(
            f"Expected a picture (JPEG, PNG, WebP or GIF); the file is {sniffed.mime_type}.",
            reason="UNSUPPORTED_MEDIA",
        )
    try:
        with warnings.catch_warnings():
            # Pillow warns between its limit and twice it; we refuse in both cases. The filter
            # is process-wide only while this block runs and is restored on leaving it.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[pillow_format])
            _refuse_too_many_pixels(image.size, max_pixels=max_pixels)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _bomb(min(max_pixels, Image.MAX_IMAGE_PIXELS or max_pixels)) from error
    except _DECODE_ERRORS as error:
        raise BadUserInput(
            "The picture is damaged or incomplete and cannot be decoded.",
            reason="CORRUPT_MEDIA",
        ) from error
    return image


def _refuse_too_many_pixels(size: tuple[int, int], *, max_pixels: int) -> None:
    if size[0] * size[1] > max_pixels:
        raise _bomb(max_pixels)


def _bomb(max_pixels: int) -> BadUserInput:
    return BadUserInput(
        f"The picture has more than {max_pixels} pixels; we do not decode pictures that large.",
        reason="DECOMPRESSION_BOMB",
        max_pixels=max_pixels,
    )


# --- What a picture says about itself ----------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ImageFacts:
    """Size and photo-desk metadata read from a picture file.

    ``width`` and ``height`` are as displayed, after the EXIF orientation is applied. Dates are
    ISO 8601 text as precise as the file gives them ("2024-03-05" or "2024-03-05T14:30:00+01:00"),
    because agencies often omit the time and the zone and we will not invent them.
    """

    mime_type: str
    width: int
    height: int
    caption: str | None = None
    credit: str | None = None
    creator: str | None = None
    copyright: str | None = None
    source: str | None = None
    headline: str | None = None
    date_created: str | None = None
    keywords: tuple[str, ...] = ()
    usage_terms: str | None = None
    instructions: str | None = None
    rights_expire_on: str | None = None
    city: str | None = None
    country: str | None = None

    def desk_fields(self) -> dict[str, str | None]:
        """The values a media asset keeps as text, named as on the asset."""
        return {
            "caption": self.caption,
            "credit": self.credit,
            "creator": self.creator,
            "copyright": self.copyright,
            "source": self.source,
            "usage_terms": self.usage_terms,
        }


# The longest text the API accepts for each field an asset keeps (``updateMedia``,
# ``uploadMedia``'s input); what a file says about itself is cut to the same lengths.
TEXT_LIMITS = {
    "caption": 2000,
    "alt_text": 1000,
    "credit": 1000,
    "creator": 300,
    "agency": 300,
    "distributor": 300,
    "source": 300,
    "copyright": 500,
    "license": 300,
    "usage_terms": 2000,
    "headline": 500,
    "instructions": 2000,
    "city": 200,
    "country": 200,
}
MAX_KEYWORD, MAX_KEYWORDS = 200, 100


def capped(text: str | None, limit: int) -> str | None:
    """At most ``limit`` characters, cut at a word where one is near."""
    if text is None or len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit * 3 // 4 else cut).rstrip() or None


def inspect_image(data: bytes, *, max_pixels: int) -> ImageFacts:
    """Decode an uploaded picture and read its size, caption, credit and rights from the file,
    each text no longer than the API would take it from an editor."""
    image = open_image(data, max_pixels=max_pixels)
    found = _Embedded(_read_xmp(_xmp_packet(image)), _read_iim(image), _read_exif(image))
    width, height = image.size
    if found.exif.get("orientation") in {"5", "6", "7", "8"}:
        width, height = height, width
    facts = _facts(found, mime_type=sniff(data).mime_type, width=width, height=height)
    texts: dict[str, Any] = {
        name: capped(getattr(facts, name), limit)
        for name, limit in TEXT_LIMITS.items()
        if hasattr(facts, name)
    }
    keywords = tuple(k for k in (capped(k, MAX_KEYWORD) for k in facts.keywords) if k)
    return dataclasses.replace(facts, **texts, keywords=keywords[:MAX_KEYWORDS])


def _facts(found: _Embedded, *, mime_type: str, width: int, height: int) -> ImageFacts:
    return ImageFacts(
        mime_type=mime_type,
        width=width,
        height=height,
        caption=found.text(f"{{{_DC}}}description", (2, 120), "description"),
        credit=found.text(f"{{{_PS}}}Credit", (2, 110)),
        creator=found.text(f"{{{_DC}}}creator", (2, 80), "artist"),
        copyright=found.text(f"{{{_DC}}}rights", (2, 116), "copyright"),
        source=found.text(f"{{{_PS}}}Source", (2, 115)),
        headline=found.text(f"{{{_PS}}}Headline", (2, 105)),
        date_created=found.date_created(),
        keywords=found.xmp.get(f"{{{_DC}}}subject") or found.iim.get((2, 25)) or (),
        usage_terms=found.text(f"{{{_XMP_RIGHTS}}}UsageTerms"),
        instructions=found.text(f"{{{_PS}}}Instructions", (2, 40)),
        rights_expire_on=_iim_date(found.iim.get((2, 37)), None),
        city=found.text(f"{{{_PS}}}City", (2, 90)),
        country=found.text(f"{{{_PS}}}Country", (2, 101)),
    )


def fill_missing(editor: Mapping[str, str | None], extracted: ImageFacts) -> dict[str, str | None]:
    """The editor's values, with blanks filled from the file: what the editor typed wins.

    A value of only whitespace counts as not supplied, as an empty form field does.
    """
    filled = dict(editor)
    for name, value in extracted.desk_fields().items():
        if not (filled.get(name) or "").strip():
            filled[name] = value
    return filled


@dataclass(frozen=True, slots=True)
class _Embedded:
    """What a file says about itself in its three metadata blocks, in the desk's order of trust."""

    xmp: dict[str, tuple[str, ...]]
    iim: dict[tuple[int, int], tuple[str, ...]]
    exif: dict[str, str]

    def text(
        self, xmp_name: str, iim_tag: tuple[int, int] | None = None, exif_name: str = ""
    ) -> str | None:
        """One field from XMP, else IIM, else EXIF."""
        return _first(
            _joined(self.xmp.get(xmp_name)),
            _joined(self.iim.get(iim_tag)) if iim_tag else None,
            self.exif.get(exif_name),
        )

    def date_created(self) -> str | None:
        return _first(
            _xmp_date(_joined(self.xmp.get(f"{{{_PS}}}DateCreated"))),
            _iim_date(self.iim.get((2, 55)), self.iim.get((2, 60))),
            self.exif.get("taken"),
        )


def _first(*candidates: str | None) -> str | None:
    return next((value for value in candidates if value), None)


def _joined(values: tuple[str, ...] | None) -> str | None:
    """Several values (two creators, a repeated IIM dataset) become one line."""
    return ", ".join(values) if values else None


# --- XMP ---------------------------------------------------------------------------------------

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_DC = "http://purl.org/dc/elements/1.1/"
_PS = "http://ns.adobe.com/photoshop/1.0/"
_XMP_RIGHTS = "http://ns.adobe.com/xap/1.0/rights/"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ALT = f"{{{_RDF}}}Alt"
_LISTS = (_ALT, f"{{{_RDF}}}Seq", f"{{{_RDF}}}Bag")


def _xmp_packet(image: Image.Image) -> bytes:
    packet = image.info.get("xmp") or b""
    return packet.encode() if isinstance(packet, str) else bytes(packet)


def _read_xmp(packet: bytes) -> dict[str, tuple[str, ...]]:
    """Every simple or list property of an XMP packet, by ``{namespace}name``.

    A packet declaring a DTD is ignored: XMP never needs one, and entities are how XML
    parsers are attacked.
    """
    if not packet or b"<!DOCTYPE" in packet or b"<!ENTITY" in packet:
        return {}
    try:
        root = ET.fromstring(packet.strip(b"\x00 \t\r\n"))
    except ET.ParseError:
        return {}
    properties: dict[str, tuple[str, ...]] = {}
    for description in root.iter(f"{{{_RDF}}}Description"):
        for name, value in description.attrib.items():
            if not name.startswith(f"{{{_RDF}}}") and value.strip():
                properties.setdefault(name, (value.strip(),))
        for element in description:
            if values := _xmp_values(element):
                properties.setdefault(element.tag, values)
    return properties


def _xmp_values(element: ET.Element) -> tuple[str, ...]:
    """The text of a simple property, the items of an rdf:Seq or rdf:Bag, or one of an rdf:Alt.

    An rdf:Alt holds the same text in several languages: the x-default one, else the first.
    """
    container = next((child for child in element if child.tag in _LISTS), None)
    if container is None:
        return (text,) if len(element) == 0 and (text := _clean(element.text)) else ()
    items = container.findall(f"{{{_RDF}}}li")
    texts = tuple(text for item in items if (text := _clean(item.text)))
    if container.tag != _ALT:
        return texts
    default = (_clean(item.text) for item in items if item.get(_XML_LANG) == "x-default")
    return (next(default, None) or texts[0],) if texts else ()


def _xmp_date(text: str | None) -> str | None:
    pattern = r"\d{4}(-\d\d(-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?)?)?)?"
    return text if text and re.fullmatch(pattern, text) else None


# --- IPTC IIM ----------------------------------------------------------------------------------


def _read_iim(image: ImageFile.ImageFile) -> dict[tuple[int, int], tuple[str, ...]]:
    """IIM datasets by (record, dataset); a damaged block is ignored, not the picture."""
    try:
        raw = IptcImagePlugin.getiptcinfo(image) or {}
    except _DECODE_ERRORS:
        return {}
    datasets: dict[tuple[int, int], tuple[str, ...]] = {}
    for tag, value in raw.items():
        values = value if isinstance(value, list) else [value]
        if texts := tuple(text for item in values if (text := _clean(_decode(item)))):
            datasets[tag] = texts
    return datasets


def _decode(value: bytes | None) -> str | None:
    if value is None:
        return None
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


def _iim_date(day: tuple[str, ...] | None, time: tuple[str, ...] | None) -> str | None:
    """IIM writes dates as CCYYMMDD and times as HHMMSS±HHMM."""
    found = re.fullmatch(r"(\d{4})(\d\d)(\d\d)", day[0]) if day else None
    if found is None or not _is_real_day(found.group(1, 2, 3)):
        return None
    iso_day = "-".join(found.group(1, 2, 3))
    clock = re.fullmatch(r"(\d\d)(\d\d)(\d\d)(?:([+-]\d\d)(\d\d))?", time[0]) if time else None
    if clock is None:
        return iso_day
    hours, minutes, seconds, zone_hours, zone_minutes = clock.groups()
    zone = f"{zone_hours}:{zone_minutes}" if zone_hours else ""
    return f"{iso_day}T{hours}:{minutes}:{seconds}{zone}"


def _is_real_day(parts: tuple[str | None, ...]) -> bool:
    try:
        date(*(int(part or 0) for part in parts))
    except ValueError:
        return False
    return True


# --- EXIF --------------------------------------------------------------------------------------

_EXIF_TAGS = {"description": 0x010E, "artist": 0x013B, "copyright": 0x8298, "orientation": 0x0112}
_EXIF_IFD, _TAKEN, _TAKEN_ZONE = 0x8769, 0x9003, 0x9011
# Cameras write their own name into ImageDescription; that is not a caption.
_CAMERA_PLACEHOLDERS = frozenset({"OLYMPUS DIGITAL CAMERA", "SONY DSC", "DCIM", "DEFAULT"})


def _read_exif(image: Image.Image) -> dict[str, str]:
    """The few EXIF values a desk uses, as text: caption, artist, copyright, orientation, date.
    A damaged block (a negative IFD pointer, say) is ignored, not the picture, as for IIM."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # Pillow's "Corrupt EXIF data"
            return _exif_values(image)
    except _DECODE_ERRORS:
        return {}


def upright(image: Image.Image) -> Image.Image:
    """The picture turned as its EXIF orientation says; as it is when that block is damaged."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return ImageOps.exif_transpose(image)
    except _DECODE_ERRORS:
        return image


def _exif_values(image: Image.Image) -> dict[str, str]:
    exif = image.getexif()
    values = {name: _exif_text(exif.get(tag)) for name, tag in _EXIF_TAGS.items()}
    if (values["description"] or "").upper() in _CAMERA_PLACEHOLDERS:
        values["description"] = None
    details = exif.get_ifd(_EXIF_IFD)
    values["taken"] = _exif_date(
        _exif_text(details.get(_TAKEN)), _exif_text(details.get(_TAKEN_ZONE))
    )
    return {name: value for name, value in values.items() if value}


def _exif_text(value: object) -> str | None:
    """EXIF text may be bytes and may hold several NUL-separated parts; keep the first."""
    if isinstance(value, bytes):
        value = _decode(value)
    if value is None:
        return None
    return _clean(str(value).split("\x00")[0])


def _exif_date(taken: str | None, zone: str | None) -> str | None:
    found = re.fullmatch(r"(\d{4}):(\d\d):(\d\d) (\d\d:\d\d:\d\d)", taken) if taken else None
    if found is None or not _is_real_day(found.group(1, 2, 3)):
        return None
    day = "-".join(found.group(1, 2, 3))
    offset = zone if zone and re.fullmatch(r"[+-]\d\d:\d\d", zone) else ""
    return f"{day}T{found.group(4)}{offset}"


def _clean(text: str | None) -> str | None:
    """Trimmed text without the NUL padding some writers leave; blank means absent."""
    if text is None:
        return None
    return text.replace("\x00", "").strip() or None
