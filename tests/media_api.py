"""Helpers for tests of the media library: multipart uploads, agency pictures, files on disk."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import httpx
from PIL import Image

from tests import media_samples as samples
from tests.conftest import Api

ASSET_FIELDS = """
id kind mimeType width height byteSize url caption altText headline keywords dateCreated
credit creator agency distributor source copyright license usageTerms
rightsExpireAt rightsExpired focalPoint { x y } sourceUrl createdAt uploadedBy { email }
"""

UPLOAD = f"""
mutation Upload($file: Upload!, $input: MediaInput) {{
  uploadMedia(file: $file, input: $input) {{ {ASSET_FIELDS} }}
}}
"""

UPDATE_MEDIA = f"""
mutation UpdateMedia($id: ID!, $input: MediaInput!) {{
  updateMedia(id: $id, input: $input) {{ {ASSET_FIELDS} }}
}}
"""

AGENCY_IIM = {
    (2, 120): "Firefighters work through the night at the Halvard chemical plant.",
    (2, 80): "Tomas Averill",
    (2, 110): "AFP via Getty Images",
    (2, 115): "AFP",
    (2, 116): "© 2026 AFP",
    (2, 105): "Chemical plant fire",
    (2, 25): ["fire", "Halvard"],
    (2, 55): "20261123",
}


def agency_jpeg(size: tuple[int, int] = (1600, 1000), **iim: str) -> bytes:
    """An agency photo as it arrives from the wire: IPTC caption, by-line, credit and source."""
    datasets: dict[tuple[int, int], samples.IimValue] = dict(AGENCY_IIM)
    for name, value in iim.items():
        datasets[_IIM_NAMES[name]] = value
    return samples.jpeg(size, iim=datasets)


_IIM_NAMES = {"caption": (2, 120), "byline": (2, 80), "credit": (2, 110), "expires": (2, 37)}


def halves(size: tuple[int, int] = (400, 200), fmt: str = "PNG") -> bytes:
    """A picture red on its left half and blue on its right, to see where a crop was cut."""
    image = Image.new("RGB", size, (20, 40, 220))
    image.paste((220, 20, 20), (0, 0, size[0] // 2, size[1]))
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


async def post_upload(
    api: Api,
    token: str | None,
    data: bytes,
    *,
    filename: str = "photo.jpg",
    content_type: str = "image/jpeg",
    media_input: dict[str, Any] | None = None,
) -> httpx.Response:
    """``uploadMedia`` as the GraphQL multipart request spec sends it."""
    operations = {"query": UPLOAD, "variables": {"file": None, "input": media_input}}
    # A header a cross-site form cannot send: the management API's CSRF guard asks for it.
    headers = {"apollo-require-preflight": "true"}
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    return await api.client.post(
        "/admin/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (filename, data, content_type)},
        headers=headers,
    )


async def upload(api: Api, token: str, data: bytes, **options: Any) -> dict[str, Any]:
    """The asset an upload that must succeed made."""
    response = await post_upload(api, token, data, **options)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    asset: dict[str, Any] = body["data"]["uploadMedia"]
    return asset


async def upload_error(api: Api, token: str, data: bytes, **options: Any) -> dict[str, Any]:
    """The one error an upload that must fail got."""
    response = await post_upload(api, token, data, **options)
    body = response.json()
    assert body.get("errors"), body
    assert body["data"] is None
    error: dict[str, Any] = body["errors"][0]
    return error


def bearer(token: str | None) -> dict[str, str]:
    """The header an editor's requests for unpublished files carry (the desk's cookie aside)."""
    return {} if token is None else {"authorization": f"Bearer {token}"}


def stored_files(root: Path) -> list[str]:
    """Every file under a directory, by name."""
    return sorted(path.name for path in root.rglob("*") if path.is_file())


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image
