"""Uploads at /admin/graphql: metadata read from the file, refusals that leave nothing behind."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

from cms import model
from cms.config import Settings
from cms.store import Store
from tests import media_samples as samples
from tests import newsroom
from tests.conftest import Api, Clock, running_app
from tests.media_api import (
    ASSET_FIELDS,
    UPDATE_MEDIA,
    agency_jpeg,
    bearer,
    halves,
    post_upload,
    stored_files,
    upload,
    upload_error,
)

BY_URL = f"""
mutation ByUrl($url: String!, $kind: MediaKind!, $mimeType: String, $input: MediaInput) {{
  addMediaByUrl(url: $url, kind: $kind, mimeType: $mimeType, input: $input) {{ {ASSET_FIELDS} }}
}}
"""


@pytest.fixture
async def writer(api: Api) -> str:
    return await newsroom.user(api, model.Role.WRITER)


async def assert_nothing_kept(api: Api) -> None:
    assert stored_files(api.settings.media_dir) == []
    assert await api.store.media.count() == 0


async def test_an_agency_photo_fills_its_own_caption_and_credit(api: Api, writer: str) -> None:
    asset = await upload(api, writer, agency_jpeg())

    assert asset["kind"] == "IMAGE"
    assert asset["mimeType"] == "image/jpeg"
    assert (asset["width"], asset["height"]) == (1600, 1000)
    assert asset["caption"] == "Firefighters work through the night at the Halvard chemical plant."
    assert asset["credit"] == "Photo by Tomas Averill/AFP via Getty Images"
    assert (asset["creator"], asset["agency"], asset["distributor"]) == (
        "Tomas Averill",
        "AFP",
        "Getty Images",
    )
    assert asset["source"] == "AFP"
    assert asset["copyright"] == "© 2026 AFP"
    assert asset["headline"] == "Chemical plant fire"
    assert asset["keywords"] == ["fire", "Halvard"]
    assert asset["dateCreated"] == "2026-11-23"
    assert asset["uploadedBy"]["email"].startswith("writer-")
    assert asset["url"].startswith("http://testserver/admin/media/")
    served = await api.client.get(
        asset["url"].removeprefix("http://testserver"), headers=bearer(writer)
    )
    assert served.content == agency_jpeg()


async def test_what_the_editor_types_wins_over_the_file(api: Api, writer: str) -> None:
    asset = await upload(
        api,
        writer,
        agency_jpeg(),
        media_input={
            "caption": "Smoke over the Halvard plant on Monday night.",
            "credit": "Reuters",
            "altText": "Orange flames behind a chain-link fence.",
            "focalPoint": {"x": 0.25, "y": 0.4},
            "license": "Agency subscription",
            "rightsExpireAt": "2027-01-31T23:59:59Z",
        },
    )

    assert asset["caption"] == "Smoke over the Halvard plant on Monday night."
    assert asset["credit"] == "Reuters"
    assert (asset["creator"], asset["agency"], asset["distributor"]) == (None, "Reuters", None)
    assert asset["altText"] == "Orange flames behind a chain-link fence."
    assert asset["focalPoint"] == {"x": 0.25, "y": 0.4}
    assert asset["rightsExpireAt"].startswith("2027-01-31T23:59:59")
    assert asset["source"] == "AFP", "what the editor left out still comes from the file"


async def test_an_agency_expiry_date_becomes_the_rights_expiry(api: Api, writer: str) -> None:
    asset = await upload(api, writer, agency_jpeg(expires="20370105"))

    assert asset["rightsExpireAt"].startswith("2037-01-06T00:00:00"), "usable all of its last day"
    assert asset["rightsExpired"] is False


async def test_a_file_whose_name_lies_is_judged_by_its_bytes(api: Api, writer: str) -> None:
    asset = await upload(
        api, writer, samples.png(), filename="photo.jpg", content_type="image/jpeg"
    )

    assert asset["mimeType"] == "image/png"
    assert asset["url"].endswith(".png")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(
            b"Dear editor, please find the photo attached.", "UNSUPPORTED_MEDIA", id="text"
        ),
        pytest.param(samples.HEIC_HEADER + b"\x00" * 64, "UNSUPPORTED_MEDIA", id="heic"),
        pytest.param(agency_jpeg()[:2000], "CORRUPT_MEDIA", id="truncated-jpeg"),
        pytest.param(samples.png_declaring(30_000, 30_000), "DECOMPRESSION_BOMB", id="bomb"),
    ],
)
async def test_a_bad_file_is_refused_and_nothing_is_kept(
    api: Api, writer: str, data: bytes, reason: str
) -> None:
    error = await upload_error(api, writer, data, filename="photo.jpg")

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["reason"] == reason
    await assert_nothing_kept(api)


@pytest.fixture
async def small_uploads(settings: Settings, store: Store, clock: Clock) -> AsyncIterator[Api]:
    """The app with a 20 kB upload limit."""
    limited = settings.model_copy(update={"max_upload_bytes": 20_000})
    async with running_app(limited, store, clock) as running:
        yield running


async def test_an_oversized_file_is_refused_and_nothing_is_kept(small_uploads: Api) -> None:
    api = small_uploads
    token = await newsroom.user(api, model.Role.WRITER)

    error = await upload_error(api, token, agency_jpeg((1600, 1000)))

    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["reason"] == "TOO_LARGE"
    assert error["extensions"]["max_bytes"] == 20_000
    await assert_nothing_kept(api)


async def test_a_body_far_over_the_limit_is_refused_before_it_is_read(small_uploads: Api) -> None:
    api = small_uploads
    token = await newsroom.user(api, model.Role.WRITER)
    huge = b"\xff\xd8\xff" + b"\x00" * 2_000_000

    declared = await post_upload(api, token, huge)

    async def chunks() -> AsyncIterator[bytes]:
        yield b'--xyz\r\nContent-Disposition: form-data; name="0"; filename="a.jpg"\r\n\r\n'
        for _ in range(40):
            yield b"x" * 65_536

    chunked = await api.client.post(
        "/admin/graphql",
        content=chunks(),
        headers={
            "authorization": f"Bearer {token}",
            "content-type": "multipart/form-data; boundary=xyz",
            "apollo-require-preflight": "true",
        },
    )

    for response in (declared, chunked):
        assert response.status_code == 413
        error = response.json()["errors"][0]
        assert error["extensions"] == {
            "code": "BAD_USER_INPUT",
            "reason": "TOO_LARGE",
            "max_bytes": 20_000,
        }
    await assert_nothing_kept(api)


async def test_the_same_bytes_uploaded_twice_are_stored_once(api: Api, writer: str) -> None:
    first = await upload(api, writer, agency_jpeg())
    second = await upload(api, writer, agency_jpeg(), media_input={"caption": "Second use."})

    assert first["id"] != second["id"], "each upload is its own asset, with its own caption"
    assert first["url"] == second["url"]
    assert len(stored_files(api.settings.media_dir)) == 1
    assert await api.store.media.count() == 2


async def refuse_new_media(settings: Settings) -> None:
    """Make the database refuse every new media record, as a failing write would."""
    client: AsyncMongoClient[Any] = AsyncMongoClient(settings.mongodb_uri)
    try:
        await client[settings.database].command(
            "collMod", "media", validator={"$jsonSchema": {"required": ["never-present"]}}
        )
    finally:
        await client.close()


async def test_a_failed_record_leaves_no_file_behind(api: Api, writer: str) -> None:
    await refuse_new_media(api.settings)

    body = (await post_upload(api, writer, agency_jpeg())).json()

    assert body["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert stored_files(api.settings.media_dir) == []


async def test_a_failed_record_keeps_a_file_another_asset_uses(api: Api, writer: str) -> None:
    await upload(api, writer, agency_jpeg())
    await refuse_new_media(api.settings)

    body = (await post_upload(api, writer, agency_jpeg())).json()

    assert body["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert len(stored_files(api.settings.media_dir)) == 1


@pytest.mark.parametrize(
    ("data", "kind", "mime_type"),
    [
        pytest.param(samples.MP4_HEADER + b"\x00" * 256, "VIDEO", "video/mp4", id="mp4"),
        pytest.param(samples.MP3_ID3_HEADER, "AUDIO", "audio/mpeg", id="mp3"),
    ],
)
async def test_video_and_audio_are_stored_with_their_basic_facts(
    api: Api, writer: str, data: bytes, kind: str, mime_type: str
) -> None:
    asset = await upload(
        api,
        writer,
        data,
        filename="clip.bin",
        content_type="application/octet-stream",
        media_input={"credit": "Video by Jo Lind/Riverside Press", "caption": "The fire at dawn."},
    )

    assert (asset["kind"], asset["mimeType"]) == (kind, mime_type)
    assert asset["byteSize"] == len(data)
    assert asset["width"] is None
    assert asset["creator"] == "Jo Lind"
    assert asset["credit"].endswith("by Jo Lind/Riverside Press")
    assert len(stored_files(api.settings.media_dir)) == 1


async def test_a_clip_can_be_referenced_by_its_address(api: Api, writer: str) -> None:
    editor = api.as_editor(writer)
    data = await editor.gql(
        BY_URL,
        {
            "url": "https://video.example.org/2026/halvard-fire.mp4",
            "kind": "VIDEO",
            "input": {"caption": "The fire at dawn.", "credit": "Halvard Fire Service"},
        },
    )

    clip = data["addMediaByUrl"]
    assert (clip["kind"], clip["mimeType"]) == ("VIDEO", "video/mp4")
    assert clip["url"] == clip["sourceUrl"] == "https://video.example.org/2026/halvard-fire.mp4"
    assert clip["credit"] == "Halvard Fire Service"
    assert stored_files(api.settings.media_dir) == []


@pytest.mark.parametrize(
    "variables",
    [
        {"url": "http://video.example.org/fire.mp4", "kind": "VIDEO"},
        {"url": "https://video.example.org/fire", "kind": "VIDEO"},
        {"url": "https://video.example.org/fire.mp3", "kind": "VIDEO"},
        {"url": "https://pictures.example.org/fire.jpg", "kind": "IMAGE"},
    ],
)
async def test_a_reference_must_be_https_and_fit_its_kind(
    api: Api, writer: str, variables: dict[str, Any]
) -> None:
    body = await api.as_editor(writer).post(BY_URL, variables)

    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert await api.store.media.count() == 0


async def test_editors_correct_an_asset_later(api: Api, writer: str) -> None:
    editor = api.as_editor(writer)
    asset = await upload(api, writer, agency_jpeg())

    agency = await editor.gql(
        UPDATE_MEDIA, {"id": asset["id"], "input": {"distributor": "Alamy", "altText": "Flames."}}
    )
    assert agency["updateMedia"]["credit"] == "Photo by Tomas Averill/AFP via Alamy"
    assert agency["updateMedia"]["caption"] == asset["caption"], "left out means unchanged"

    line = await editor.gql(
        UPDATE_MEDIA,
        {"id": asset["id"], "input": {"credit": "Lena Ostrova/Pool/AFP", "caption": None}},
    )
    updated = line["updateMedia"]
    assert updated["credit"] == "Photo by Lena Ostrova/Pool/AFP"
    assert (updated["creator"], updated["agency"], updated["distributor"]) == (
        "Lena Ostrova/Pool",
        "AFP",
        None,
    )
    assert updated["caption"] is None
    assert updated["altText"] == "Flames."


async def test_bad_media_input_names_every_field(api: Api, writer: str) -> None:
    asset = await upload(api, writer, agency_jpeg())

    body = await api.as_editor(writer).post(
        UPDATE_MEDIA,
        {
            "id": asset["id"],
            "input": {
                "focalPoint": {"x": 1.5, "y": 0.5},
                "rightsExpireAt": "2027-01-31T12:00:00",
                "dateCreated": "last Tuesday",
            },
        },
    )

    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["reason"] == "INVALID_MEDIA_INPUT"
    assert set(error["extensions"]["fields"]) == {"focalPoint", "rightsExpireAt", "dateCreated"}


async def test_uploads_need_a_login_and_a_file(api: Api, writer: str) -> None:
    anonymous = await post_upload(api, None, agency_jpeg())
    assert anonymous.status_code == 401
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

    not_a_file = await api.as_editor(writer).post(
        "mutation U($file: Upload!) { uploadMedia(file: $file) { id } }", {"file": "photo.jpg"}
    )
    assert not_a_file["errors"][0]["extensions"]["reason"] == "NOT_A_FILE"
    missing = await api.as_editor(writer).post(
        UPDATE_MEDIA, {"id": "6b057bc1e0d4c618beb88c49", "input": {"caption": "x"}}
    )
    assert missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    await assert_nothing_kept(api)


LIBRARY = """
query Library($first: Int, $after: String, $kind: MediaKind, $agency: String,
              $distributor: String, $source: String, $credit: String, $text: String) {
  mediaAssets(first: $first, after: $after, kind: $kind, agency: $agency,
              distributor: $distributor, source: $source, credit: $credit, text: $text) {
    edges { cursor node { caption } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def _library(api: Api, token: str) -> None:
    """Four assets uploaded a minute apart, oldest first."""
    wires: list[tuple[bytes, dict[str, Any]]] = [
        (agency_jpeg(), {"caption": "Flood water on Mill Lane."}),
        (halves(), {"caption": "Harbour bridge at dusk.", "credit": "Jo Lind/Reuters"}),
        (samples.png((40, 40)), {"caption": "Mill owners meet the mayor.", "credit": "Staff"}),
        (samples.MP3_ID3_HEADER, {"caption": "Mill Lane residents speak.", "source": "Radio Co"}),
    ]
    for data, details in wires:
        await upload(api, token, data, media_input=details)
        api.clock.advance(minutes=1)


async def _captions(api: Api, token: str, **variables: Any) -> list[str]:
    data = await api.as_editor(token).gql(LIBRARY, variables)
    return [edge["node"]["caption"] for edge in data["mediaAssets"]["edges"]]


async def test_the_library_lists_and_searches_newest_first(api: Api, writer: str) -> None:
    await _library(api, writer)

    assert await _captions(api, writer) == [
        "Mill Lane residents speak.",
        "Mill owners meet the mayor.",
        "Harbour bridge at dusk.",
        "Flood water on Mill Lane.",
    ]
    assert await _captions(api, writer, kind="AUDIO") == ["Mill Lane residents speak."]
    assert await _captions(api, writer, agency="reuters") == ["Harbour bridge at dusk."]
    assert await _captions(api, writer, agency="Reut") == [], "agency names match whole"
    assert await _captions(api, writer, distributor="GETTY images") == ["Flood water on Mill Lane."]
    assert await _captions(api, writer, source="radio co") == ["Mill Lane residents speak."]
    assert await _captions(api, writer, credit="lind") == ["Harbour bridge at dusk."]
    assert await _captions(api, writer, credit="tomas averill") == ["Flood water on Mill Lane."]
    assert await _captions(api, writer, text="mill lane") == [
        "Mill Lane residents speak.",
        "Flood water on Mill Lane.",
    ]
    assert await _captions(api, writer, text="MILL", kind="IMAGE") == [
        "Mill owners meet the mayor.",
        "Flood water on Mill Lane.",
    ]
    assert await _captions(api, writer, text=".* (") == await _captions(api, writer)
    assert await _captions(api, writer, text="^flood$") == ["Flood water on Mill Lane."]
    assert await _captions(api, writer, text="ill") == [], "words match from their start"


async def test_the_library_pages_with_cursors(api: Api, writer: str) -> None:
    await _library(api, writer)
    editor = api.as_editor(writer)

    seen: list[str] = []
    after = None
    while True:
        page = (await editor.gql(LIBRARY, {"first": 3, "after": after}))["mediaAssets"]
        seen += [edge["node"]["caption"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    assert seen == await _captions(api, writer)
    bad = await editor.post(LIBRARY, {"after": "bm90LWEtY3Vyc29y"})
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    too_many = await editor.post(LIBRARY, {"first": 101})
    assert too_many["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_an_upload_without_a_valid_caller_is_refused_before_its_body_is_read(
    api: Api, writer: str
) -> None:
    read: list[int] = []

    async def body() -> AsyncIterator[bytes]:
        for chunk in range(4):
            read.append(chunk)
            yield b"--x\r\n" + b"0" * 1024

    async def post(**headers: str) -> httpx.Response:
        return await api.client.post(
            "/admin/graphql",
            content=body(),
            headers={
                "content-type": "multipart/form-data; boundary=x",
                "apollo-require-preflight": "true",
                **headers,
            },
        )

    anonymous = await post()
    assert anonymous.status_code == 401
    assert anonymous.json()["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}
    assert anonymous.headers["x-request-id"]
    forged = await post(authorization="Bearer not-a-token")
    assert forged.status_code == 401
    api.clock.advance(seconds=api.settings.token_ttl_seconds + 1)
    expired = await post(authorization=f"Bearer {writer}")
    assert expired.json()["errors"][0]["extensions"] == {
        "code": "UNAUTHENTICATED",
        "reason": "EXPIRED",
    }
    assert read == [], "not a byte of the body was read"
