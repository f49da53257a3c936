"""Media on an S3-compatible object store: uploads, serving (ranges, ETags, 304), the same-bytes
rule on delete, rights expiry and renditions, against moto's S3 server running locally."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pydantic
import pytest

from cms import model
from cms.config import Settings
from cms.store import Store
from tests import factories, newsroom
from tests.conftest import Api, Clock, running_app, s3_client
from tests.media_api import agency_jpeg, bearer, decoded, stored_files, upload

DELETE = "mutation Delete($id: ID!) { deleteMedia(id: $id) }"
URLS = "query Urls($id: ID!) { media(id: $id) { url rendition: url(width: 320) } }"


def objects(settings: Settings) -> list[str]:
    """The names of every object in the test's bucket."""
    listed = s3_client(settings).list_objects_v2(Bucket=settings.s3_bucket)
    return sorted(entry["Key"] for entry in listed.get("Contents", []))


async def public_urls(api: Api, asset_id: str, author: str = "ada-reporter") -> dict[str, str]:
    """The asset made public (an author's portrait), and its addresses as readers get them."""
    await factories.author(api.store, author, avatar_id=asset_id)
    urls: dict[str, str] = (await api.gql(URLS, {"id": asset_id}))["media"]
    return urls


async def test_an_upload_goes_to_the_bucket_and_is_served_from_it(s3_api: Api) -> None:
    token = await newsroom.user(s3_api, model.Role.WRITER)
    data = agency_jpeg()

    asset = await upload(s3_api, token, data)

    assert objects(s3_api.settings) == [f"media/{asset['url'].rsplit('/', 1)[1]}"]
    assert stored_files(s3_api.settings.media_dir) == [], "nothing on this machine's disk"
    served = await s3_api.client.get(asset["url"], headers=bearer(token))
    assert served.status_code == 200
    assert served.content == data
    assert served.headers["content-type"] == "image/jpeg"
    assert served.headers["content-length"] == str(len(data))
    assert served.headers["accept-ranges"] == "bytes"
    assert served.headers["cache-control"] == "private, no-store", "not public yet"


async def test_ranges_etags_and_head_work_as_they_do_on_disk(s3_api: Api) -> None:
    token = await newsroom.user(s3_api, model.Role.WRITER)
    data = agency_jpeg()
    asset = await upload(s3_api, token, data)
    url = (await public_urls(s3_api, asset["id"]))["url"]
    get = s3_api.client.get

    whole = await get(url)
    assert whole.headers["cache-control"].startswith("public, max-age=31536000")
    etag = whole.headers["etag"]
    assert etag == f'"{url.rsplit("/", 1)[1]}"', "the key is the content hash"
    assert (await get(url, headers={"if-none-match": etag})).status_code == 304
    assert (await get(url, headers={"if-none-match": f'"x", W/{etag}'})).status_code == 304

    part = await get(url, headers={"range": "bytes=100-299"})
    assert part.status_code == 206
    assert part.content == data[100:300]
    assert part.headers["content-range"] == f"bytes 100-299/{len(data)}"
    assert part.headers["content-length"] == "200"
    tail = await get(url, headers={"range": "bytes=-50"})
    assert (tail.status_code, tail.content) == (206, data[-50:])
    rest = await get(url, headers={"range": f"bytes={len(data) - 10}-"})
    assert (rest.status_code, rest.content) == (206, data[-10:])
    past = await get(url, headers={"range": f"bytes={len(data)}-"})
    assert past.status_code == 416
    assert past.headers["content-range"] == f"bytes */{len(data)}"
    stale = await get(url, headers={"range": "bytes=0-9", "if-range": '"another"'})
    assert (stale.status_code, stale.content) == (200, data), "If-Range that differs: all of it"
    several = await get(url, headers={"range": "bytes=0-9, 20-29"})
    assert (several.status_code, several.content) == (200, data)

    head = await s3_api.client.head(url)
    assert head.status_code == 200
    assert head.headers["content-length"] == str(len(data))
    assert head.content == b""


async def test_a_file_two_uploads_share_stays_until_both_are_deleted(s3_api: Api) -> None:
    token = await newsroom.user(s3_api, model.Role.WRITER)
    data = agency_jpeg()
    first = await upload(s3_api, token, data)
    second = await upload(s3_api, token, data)
    assert first["url"] == second["url"]
    assert len(objects(s3_api.settings)) == 1, "the same bytes are stored once"
    writer = s3_api.as_editor(token)

    assert (await writer.gql(DELETE, {"id": first["id"]}))["deleteMedia"] is True

    assert len(objects(s3_api.settings)) == 1, "the other upload keeps the file"
    kept = await s3_api.client.get(second["url"], headers=bearer(token))
    assert kept.content == data
    await writer.gql(DELETE, {"id": second["id"]})
    assert objects(s3_api.settings) == []
    gone = await s3_api.client.get(second["url"], headers=bearer(token))
    assert gone.status_code == 404


async def test_readers_lose_an_expired_picture_and_its_renditions(s3_api: Api) -> None:
    token = await newsroom.user(s3_api, model.Role.WRITER)
    expires = s3_api.clock() + timedelta(hours=1)
    asset = await upload(
        s3_api, token, agency_jpeg(), media_input={"rightsExpireAt": expires.isoformat()}
    )
    urls = await public_urls(s3_api, asset["id"])
    original = await s3_api.client.get(urls["url"])
    assert original.status_code == 200
    assert original.headers["cache-control"] == "public, max-age=3600", "no longer than rights"
    rendition = await s3_api.client.get(urls["rendition"])
    assert rendition.status_code == 200

    s3_api.clock.advance(hours=2)

    for url in (urls["url"], urls["rendition"]):
        expired = await s3_api.client.get(url)
        assert expired.status_code == 410
        assert expired.json()["errors"][0]["extensions"]["code"] == "GONE"
    assert len(objects(s3_api.settings)) == 1, "the file stays: editors still see the asset"


async def test_another_instance_renders_from_the_shared_bucket(
    s3_api: Api, s3_settings: Settings, store: Store, tmp_path: Path
) -> None:
    """Renditions are cached on each machine's disk; the original both read is in the bucket."""
    token = await newsroom.user(s3_api, model.Role.WRITER)
    asset = await upload(s3_api, token, agency_jpeg((1600, 1000)))
    urls = await public_urls(s3_api, asset["id"])
    elsewhere = s3_settings.model_copy(update={"media_dir": tmp_path / "other" / "media"})

    async with running_app(elsewhere, store, Clock()) as other:
        answer = await other.client.get(urls["rendition"])
        again = await other.client.get(
            urls["rendition"], headers={"if-none-match": answer.headers["etag"]}
        )

    assert answer.status_code == 200
    assert decoded(answer.content).size == (320, 200)
    assert again.status_code == 304
    assert stored_files(tmp_path / "other" / "media") == [], "the original was not copied here"
    assert stored_files(elsewhere.renditions_dir), "the variant is cached on this machine"


async def test_an_unreachable_store_is_a_503_to_retry(
    s3_settings: Settings, store: Store, clock: Clock
) -> None:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    settings = s3_settings.model_copy(update={"s3_endpoint_url": f"http://{host}:{port}"})
    s3_client(settings).create_bucket(Bucket=settings.s3_bucket)
    async with running_app(settings, store, clock) as api:
        token = await newsroom.user(api, model.Role.WRITER)
        asset = await upload(api, token, agency_jpeg())
        server.stop()

        answer = await api.client.get(asset["url"], headers=bearer(token))

    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "1"
    assert answer.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"


def test_s3_storage_needs_a_bucket_and_both_halves_of_a_key() -> None:
    with pytest.raises(pydantic.ValidationError, match="CMS_S3_BUCKET"):
        Settings(media_storage="s3")
    with pytest.raises(pydantic.ValidationError, match="CMS_S3_SECRET_ACCESS_KEY"):
        Settings(media_storage="s3", s3_bucket="pictures", s3_access_key_id="AKIA")
    assert Settings().media_storage == "local", "local disk stays the default"
