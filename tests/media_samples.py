"""Sample media files built in memory: agency-style JPEGs with IPTC and XMP, odd PNGs, headers.

IIM is written as Photoshop does it: an APP13 "Photoshop 3.0" segment holding an 8BIM
resource 0x0404 whose data is a run of 2:xx datasets (0x1C, record, dataset, length, bytes).
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Mapping, Sequence

from PIL import Image

IimValue = str | Sequence[str]

UTF8_MARKER = b"\x1b%G"
"""IIM 1:90 coded character set: ESC % G says the text is UTF-8."""


def iim_block(datasets: Mapping[tuple[int, int], IimValue]) -> bytes:
    """IIM datasets as bytes, a repeated dataset once per value, UTF-8 declared in 1:90."""
    parts = [_dataset(1, 90, UTF8_MARKER)]
    for (record, number), value in datasets.items():
        for text in [value] if isinstance(value, str) else value:
            parts.append(_dataset(record, number, text.encode()))
    return b"".join(parts)


def _dataset(record: int, number: int, data: bytes) -> bytes:
    return struct.pack(">BBBH", 0x1C, record, number, len(data)) + data


def photoshop_segment(iim: bytes) -> bytes:
    """A JPEG APP13 segment carrying IIM in 8BIM resource 0x0404, with an empty name."""
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim))
    resource += iim + (b"\x00" if len(iim) % 2 else b"")
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def xmp_packet(*, attributes: str = "", elements: str = "") -> bytes:
    """An XMP packet with one rdf:Description: properties as attributes and as elements."""
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"
    {attributes}>
    {elements}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def jpeg(
    size: tuple[int, int] = (64, 48),
    *,
    iim: Mapping[tuple[int, int], IimValue] | None = None,
    xmp: bytes | None = None,
    exif: Mapping[int, str | int] | None = None,
    taken: str | None = None,
) -> bytes:
    """A small JPEG with IIM, XMP, base-IFD EXIF tags and DateTimeOriginal as the arguments say."""
    image = Image.new("RGB", size, (40, 90, 160))
    options: dict[str, object] = {"quality": 80}
    if xmp is not None:
        options["xmp"] = xmp
    if exif is not None or taken is not None:
        tags = Image.Exif()
        tags.update(exif or {})
        if taken is not None:
            tags.get_ifd(0x8769)[0x9003] = taken
        options["exif"] = tags
    out = io.BytesIO()
    image.save(out, "JPEG", **options)
    data = out.getvalue()
    if iim is not None:
        data = data[:2] + photoshop_segment(iim_block(iim)) + data[2:]
    return data


def png(size: tuple[int, int] = (32, 32), colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A few dozen bytes whose header claims a huge picture: a decompression bomb's shape."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    body = zlib.compress(b"\x00" * 16)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body) + _chunk(b"IEND")


def _chunk(kind: bytes, data: bytes = b"") -> bytes:
    crc = zlib.crc32(kind + data)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


# Just enough of each container for its signature to show.
MP4_HEADER = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00\x00\x00\x08free"
MOV_HEADER = b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  " + b"\x00\x00\x00\x08wide"
HEIC_HEADER = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"
WEBM_HEADER = (
    b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04"
    b"\x42\xf3\x81\x08\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02"
)
MKV_HEADER = WEBM_HEADER.replace(b"\x84webm", b"\x88matroska")
MP3_ID3_HEADER = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 32
MP3_FRAME_HEADER = b"\xff\xfb\x90\x64" + b"\x00" * 32
WAV_HEADER = (
    b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00"
    b"\x44\xac\x00\x00\x88\x58\x01\x00\x02\x00\x10\x00data\x00\x00\x00\x00"
)
OGG_HEADER = b"OggS\x00\x02" + b"\x00" * 22 + b"\x01\x13OpusHead\x01\x01"
