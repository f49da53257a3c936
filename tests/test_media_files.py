"""Uploads judged by their bytes: sniffing, safe decoding and the metadata agencies embed; pure."""

from __future__ import annotations

import io

import pytest
from PIL import Image, PngImagePlugin

from cms.domain.media_files import (
    ImageFacts,
    Sniffed,
    check_size,
    fill_missing,
    inspect_image,
    sniff,
)
from cms.errors import BadUserInput
from cms.model import MediaKind
from tests import media_samples as samples

MAX_PIXELS = 1_000_000

AGENCY_IIM = {
    (2, 120): "Flood water covers the harbour road in Saltmere on Tuesday.",
    (2, 80): "Ana Ruiz",
    (2, 116): "© 2024 Coastal News Agency",
    (2, 110): "Coastal News Agency",
    (2, 115): "Harbour Press",
    (2, 105): "Harbour road flooded",
    (2, 55): "20240305",
    (2, 60): "143000+0100",
    (2, 25): ["flood", "Saltmere"],
    (2, 37): "20250305",
    (2, 90): "Saltmère",
    (2, 101): "Freedonia",
}

AGENCY_XMP = samples.xmp_packet(
    attributes='photoshop:Credit="Tidewater Photos" photoshop:DateCreated="2024-03-06"',
    elements="""
    <dc:description><rdf:Alt>
      <rdf:li xml:lang="fr">La route du port sous l'eau.</rdf:li>
      <rdf:li xml:lang="x-default">The harbour road under water, seen from the sea wall.</rdf:li>
    </rdf:Alt></dc:description>
    <dc:creator><rdf:Seq><rdf:li>Lena Ortiz</rdf:li></rdf:Seq></dc:creator>
    <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© 2024 Tidewater Photos</rdf:li></rdf:Alt>
    </dc:rights>
    <dc:subject><rdf:Bag><rdf:li>storm</rdf:li><rdf:li>harbour</rdf:li></rdf:Bag></dc:subject>
    <xmpRights:UsageTerms><rdf:Alt><rdf:li xml:lang="x-default">One-time use only.</rdf:li>
    </rdf:Alt></xmpRights:UsageTerms>
    <photoshop:Headline>Storm floods harbour</photoshop:Headline>""",
)


# --- sniffing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind", "mime_type", "extension"),
    [
        (samples.jpeg(), MediaKind.IMAGE, "image/jpeg", "jpg"),
        (samples.png(), MediaKind.IMAGE, "image/png", "png"),
        (samples.MP4_HEADER, MediaKind.VIDEO, "video/mp4", "mp4"),
        (samples.MOV_HEADER, MediaKind.VIDEO, "video/quicktime", "mov"),
        (samples.WEBM_HEADER, MediaKind.VIDEO, "video/webm", "webm"),
        (samples.MP3_ID3_HEADER, MediaKind.AUDIO, "audio/mpeg", "mp3"),
        (samples.MP3_FRAME_HEADER, MediaKind.AUDIO, "audio/mpeg", "mp3"),
        (samples.WAV_HEADER, MediaKind.AUDIO, "audio/wav", "wav"),
        (samples.OGG_HEADER, MediaKind.AUDIO, "audio/ogg", "ogg"),
    ],
)
def test_type_comes_from_the_bytes(
    data: bytes, kind: MediaKind, mime_type: str, extension: str
) -> None:
    assert sniff(data) == Sniffed(kind, mime_type, extension)


@pytest.mark.parametrize("fmt", ["WEBP", "GIF"])
def test_webp_and_gif_pictures_are_recognised(fmt: str) -> None:
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, fmt)
    assert sniff(out.getvalue()).kind is MediaKind.IMAGE


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"Council approves flood defence budget\n",
        samples.HEIC_HEADER,
        samples.MKV_HEADER,
        b"%PDF-1.7\n",
    ],
)
def test_anything_else_is_unsupported(data: bytes) -> None:
    with pytest.raises(BadUserInput) as refused:
        sniff(data)
    assert refused.value.extensions["reason"] == "UNSUPPORTED_MEDIA"


def test_a_text_file_named_like_a_photo_is_refused() -> None:
    photo_jpg = b"Not a picture, whatever its name says.\n"  # the name never reaches us
    with pytest.raises(BadUserInput) as refused:
        inspect_image(photo_jpg, max_pixels=MAX_PIXELS)
    assert refused.value.extensions["reason"] == "UNSUPPORTED_MEDIA"


def test_a_clip_is_not_inspected_as_a_picture() -> None:
    with pytest.raises(BadUserInput) as refused:
        inspect_image(samples.MP4_HEADER, max_pixels=MAX_PIXELS)
    assert refused.value.extensions["reason"] == "UNSUPPORTED_MEDIA"


def test_uploads_past_the_size_limit_are_refused() -> None:
    check_size(1000, max_bytes=1000)
    with pytest.raises(BadUserInput) as refused:
        check_size(1001, max_bytes=1000)
    assert refused.value.extensions == {"reason": "TOO_LARGE", "max_bytes": 1000}


# --- decoding ----------------------------------------------------------------------------------


def test_a_truncated_jpeg_is_refused_as_corrupt() -> None:
    data = samples.jpeg((200, 150))
    with pytest.raises(BadUserInput) as refused:
        inspect_image(data[: len(data) // 2], max_pixels=MAX_PIXELS)
    assert refused.value.extensions["reason"] == "CORRUPT_MEDIA"


def test_a_picture_declaring_a_huge_size_is_refused_before_decoding() -> None:
    with pytest.raises(BadUserInput) as refused:
        inspect_image(samples.png_declaring(30_000, 30_000), max_pixels=10**10)
    assert refused.value.extensions["reason"] == "DECOMPRESSION_BOMB"


def test_pillows_own_warning_threshold_is_a_refusal_too() -> None:
    assert Image.MAX_IMAGE_PIXELS is not None
    side = int((Image.MAX_IMAGE_PIXELS * 1.5) ** 0.5)  # past the warning, short of the error
    with pytest.raises(BadUserInput) as refused:
        inspect_image(samples.png_declaring(side, side), max_pixels=10**10)
    assert refused.value.extensions["reason"] == "DECOMPRESSION_BOMB"


def test_the_callers_pixel_limit_applies() -> None:
    with pytest.raises(BadUserInput) as refused:
        inspect_image(samples.png((100, 100)), max_pixels=9_999)
    assert refused.value.extensions == {"reason": "DECOMPRESSION_BOMB", "max_pixels": 9_999}
    assert inspect_image(samples.png((100, 100)), max_pixels=10_000).width == 100


def test_a_png_without_metadata_gives_its_size_only() -> None:
    facts = inspect_image(samples.png((40, 30)), max_pixels=MAX_PIXELS)
    assert facts == ImageFacts(mime_type="image/png", width=40, height=30)


def test_displayed_size_follows_the_exif_orientation() -> None:
    facts = inspect_image(samples.jpeg((64, 48), exif={0x0112: 6}), max_pixels=MAX_PIXELS)
    assert (facts.width, facts.height) == (48, 64)


# --- embedded metadata -------------------------------------------------------------------------


def test_iptc_iim_fields_are_read() -> None:
    facts = inspect_image(samples.jpeg(iim=AGENCY_IIM), max_pixels=MAX_PIXELS)
    assert facts == ImageFacts(
        mime_type="image/jpeg",
        width=64,
        height=48,
        caption="Flood water covers the harbour road in Saltmere on Tuesday.",
        credit="Coastal News Agency",
        creator="Ana Ruiz",
        copyright="© 2024 Coastal News Agency",
        source="Harbour Press",
        headline="Harbour road flooded",
        date_created="2024-03-05T14:30:00+01:00",
        keywords=("flood", "Saltmere"),
        rights_expire_on="2025-03-05",
        city="Saltmère",
        country="Freedonia",
    )


def test_latin1_iim_text_is_still_read() -> None:
    data = samples.jpeg()
    by_line = "José Peña".encode("latin-1")
    iim = b"\x1c\x02\x50" + len(by_line).to_bytes(2, "big") + by_line
    data = data[:2] + samples.photoshop_segment(iim) + data[2:]
    assert inspect_image(data, max_pixels=MAX_PIXELS).creator == "José Peña"


def test_xmp_fields_are_read_from_elements_and_attributes() -> None:
    facts = inspect_image(samples.jpeg(xmp=AGENCY_XMP), max_pixels=MAX_PIXELS)
    assert facts.caption == "The harbour road under water, seen from the sea wall."
    assert facts.creator == "Lena Ortiz"
    assert facts.copyright == "© 2024 Tidewater Photos"
    assert facts.credit == "Tidewater Photos"
    assert facts.headline == "Storm floods harbour"
    assert facts.date_created == "2024-03-06"
    assert facts.keywords == ("storm", "harbour")
    assert facts.usage_terms == "One-time use only."


def test_xmp_is_read_from_png_and_webp_too() -> None:
    packet = samples.xmp_packet(attributes='photoshop:Credit="Tidewater Photos"')
    text = PngImagePlugin.PngInfo()
    text.add_itxt("XML:com.adobe.xmp", packet.decode())
    for fmt, options in (("PNG", {"pnginfo": text}), ("WEBP", {"xmp": packet})):
        out = io.BytesIO()
        Image.new("RGB", (8, 8)).save(out, fmt, **options)
        assert inspect_image(out.getvalue(), max_pixels=MAX_PIXELS).credit == "Tidewater Photos"


def test_xmp_beats_iim_and_iim_fills_what_xmp_lacks() -> None:
    data = samples.jpeg(iim=AGENCY_IIM, xmp=AGENCY_XMP)
    facts = inspect_image(data, max_pixels=MAX_PIXELS)
    assert facts.caption == "The harbour road under water, seen from the sea wall."
    assert facts.creator == "Lena Ortiz"
    assert facts.credit == "Tidewater Photos"
    assert facts.date_created == "2024-03-06"
    assert facts.source == "Harbour Press"
    assert facts.city == "Saltmère"


def test_exif_is_the_last_resort() -> None:
    exif = {0x010E: "Boats at anchor", 0x013B: "Sam Lee", 0x8298: "Sam Lee 2024"}
    data = samples.jpeg(iim={(2, 80): "Ana Ruiz"}, exif=exif, taken="2024:03:05 09:15:00")
    facts = inspect_image(data, max_pixels=MAX_PIXELS)
    assert facts.caption == "Boats at anchor"
    assert facts.creator == "Ana Ruiz"
    assert facts.copyright == "Sam Lee 2024"
    assert facts.date_created == "2024-03-05T09:15:00"


def test_a_camera_name_is_not_a_caption() -> None:
    data = samples.jpeg(exif={0x010E: "OLYMPUS DIGITAL CAMERA"})
    assert inspect_image(data, max_pixels=MAX_PIXELS).caption is None


def test_a_broken_or_hostile_xmp_packet_is_ignored() -> None:
    hostile = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    for packet in (b"<x:xmpmeta not closed", hostile):
        facts = inspect_image(samples.jpeg(xmp=packet), max_pixels=MAX_PIXELS)
        assert facts.caption is None


# --- filling the asset -------------------------------------------------------------------------


def test_editor_values_win_and_blanks_are_filled_from_the_file() -> None:
    facts = inspect_image(samples.jpeg(iim=AGENCY_IIM), max_pixels=MAX_PIXELS)
    editor = {"caption": "Saltmere harbour road, Tuesday.", "credit": "  ", "alt_text": "A road"}
    assert fill_missing(editor, facts) == {
        "caption": "Saltmere harbour road, Tuesday.",
        "credit": "Coastal News Agency",
        "alt_text": "A road",
        "creator": "Ana Ruiz",
        "copyright": "© 2024 Coastal News Agency",
        "source": "Harbour Press",
        "usage_terms": None,
    }
