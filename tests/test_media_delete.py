"""Deleting media: only what nothing uses, only by whoever may, and its file with it."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from cms import model
from cms.domain import media
from cms.store.files import LocalMediaFiles
from tests import factories, newsroom
from tests.conftest import Api
from tests.media_api import agency_jpeg, bearer, halves, stored_files, upload
from tests.newsroom import CREATE, UPDATE, step

DELETE = "mutation Delete($id: ID!) { deleteMedia(id: $id) }"
SHOWN = "query Shown($id: ID!) { media(id: $id) { id } }"


async def _error(desk: Api, asset_id: str) -> dict[str, Any]:
    body = await desk.post(DELETE, {"id": asset_id})
    assert body["data"] is None
    error: dict[str, Any] = body["errors"][0]
    return error


async def test_an_unused_upload_goes_with_its_file(api: Api) -> None:
    token = await newsroom.user(api, model.Role.WRITER)
    writer = api.as_editor(token)
    photo = await upload(api, token, halves())
    assert (await api.client.get(photo["url"], headers=bearer(token))).status_code == 200

    assert (await writer.gql(DELETE, {"id": photo["id"]}))["deleteMedia"] is True

    assert (await writer.gql(SHOWN, {"id": photo["id"]}))["media"] is None
    assert stored_files(api.settings.media_dir) == []
    assert (await api.client.get(photo["url"], headers=bearer(token))).status_code == 404
    again = await _error(writer, photo["id"])
    assert again["extensions"]["code"] == "NOT_FOUND"


async def test_an_asset_a_story_or_an_avatar_uses_is_kept(api: Api) -> None:
    refs = await newsroom.newsroom(api)
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    story = (await editor.gql(CREATE, {"input": newsroom.story_input(refs)}))["createArticle"]

    in_use = await _error(editor, refs["picture"])

    assert in_use["extensions"]["code"] == "BAD_USER_INPUT"
    assert in_use["extensions"]["reason"] == "IN_USE"
    assert in_use["extensions"]["articles"] == [story["id"]]
    assert in_use["extensions"]["authors"] == []
    assert await api.store.media.get(refs["picture"]) is not None

    in_body = await factories.picture(api.store, caption="Cables under the deck.")
    social = await factories.picture(api.store, caption="The bridge at dawn.")
    shows_more = {
        **newsroom.story_input(refs, slug="bridge-cables"),
        "body": [{"media": {"assetId": in_body}}],
        "seo": {"socialImageId": social},
    }
    second = (await editor.gql(CREATE, {"input": shows_more}))["createArticle"]
    for used in (in_body, social):
        assert (await _error(editor, used))["extensions"]["articles"] == [second["id"]]

    avatar = await factories.picture(api.store, caption="Ada at her desk.")
    ada = await api.store.authors.get(refs["author"])
    assert ada is not None
    await api.store.authors.replace(dataclasses.replace(ada, avatar_id=avatar))
    assert (await _error(editor, avatar))["extensions"]["authors"] == [refs["author"]]


async def test_a_picture_only_the_live_copy_still_shows_is_kept(api: Api) -> None:
    refs = await newsroom.newsroom(api)
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    story = (await editor.gql(CREATE, {"input": newsroom.story_input(refs)}))["createArticle"]
    for version, mutation in enumerate(("submitArticle", "approveArticle", "publishArticle"), 1):
        await editor.gql(step(mutation), {"id": story["id"], "v": version})
    other = await factories.picture(api.store, caption="The bridge from the north bank.")
    await editor.gql(
        UPDATE, {"id": story["id"], "v": 4, "input": {"leadMedia": {"assetId": other}}}
    )

    in_use = await _error(editor, refs["picture"])

    assert in_use["extensions"]["reason"] == "IN_USE"
    assert in_use["extensions"]["articles"] == [story["id"]], "readers still see it"


async def test_writers_delete_only_their_own_uploads(api: Api) -> None:
    owner = await newsroom.user(api, model.Role.WRITER)
    photo = await upload(api, owner, halves())
    colleague = api.as_editor(await newsroom.user(api, model.Role.WRITER))

    refused = await _error(colleague, photo["id"])

    assert refused["extensions"]["code"] == "FORBIDDEN"
    assert await api.store.media.get(photo["id"]) is not None
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    assert (await editor.gql(DELETE, {"id": photo["id"]}))["deleteMedia"] is True


async def test_the_file_stays_while_another_upload_of_it_remains(api: Api) -> None:
    token = await newsroom.user(api, model.Role.WRITER)
    writer = api.as_editor(token)
    data = agency_jpeg()
    first = await upload(api, token, data)
    second = await upload(api, token, data)

    await writer.gql(DELETE, {"id": first["id"]})

    kept = await api.client.get(second["url"], headers=bearer(token))
    assert kept.status_code == 200
    assert kept.content == data
    await writer.gql(DELETE, {"id": second["id"]})
    assert stored_files(api.settings.media_dir) == []


async def test_deleting_needs_a_login_and_a_well_formed_id(api: Api) -> None:
    anonymous = await api.as_editor(None).post(DELETE, {"id": factories.new_id()})
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    writer = api.as_editor(await newsroom.user(api, model.Role.WRITER))
    assert (await _error(writer, "not-an-id"))["extensions"]["code"] == "BAD_USER_INPUT"


LIMITS = media.UploadLimits(max_bytes=10_000_000, max_pixels=50_000_000)
Meddling = Callable[[], Coroutine[Any, Any, Any]]


class _Meddled(LocalMediaFiles):
    """The real file store, except that once, at the moment a subclass names, something else
    runs to completion on the event loop (file calls come from a worker thread)."""

    def __init__(self, root: Path, meddle: Meddling) -> None:
        super().__init__(root)
        self._pending: Meddling | None = meddle
        self._loop = asyncio.get_running_loop()

    def _meddle(self) -> None:
        meddle, self._pending = self._pending, None
        if meddle is not None:
            asyncio.run_coroutine_threadsafe(meddle(), self._loop).result(timeout=30)


class _UploadDuringDelete(_Meddled):
    """Another upload of the same bytes lands just before the file is removed."""

    def delete(self, key: str) -> None:
        self._meddle()
        super().delete(key)


class _DeleteDuringUpload(_Meddled):
    """A delete runs just after the file is put, while the upload's asset is not yet stored."""

    def put(self, data: bytes, *, extension: str) -> str:
        key = super().put(data, extension=extension)
        self._meddle()
        return key


async def _first_upload(api: Api) -> tuple[model.Principal, bytes, dict[str, Any]]:
    """A writer, a picture's bytes, and the asset of their first upload."""
    token, user_id = await newsroom.login_as(api, model.Role.WRITER)
    data = agency_jpeg()
    first = await upload(api, token, data)
    return model.Principal(user_id=user_id, role=model.Role.WRITER), data, first


async def test_an_upload_landing_during_a_delete_keeps_its_file(api: Api) -> None:
    writer, data, first = await _first_upload(api)
    arrived: list[model.MediaAsset] = []

    async def upload_again() -> None:
        arrived.append(
            await media.upload_media(
                api.store, files, writer, data=data, details={}, limits=LIMITS, now=api.clock()
            )
        )

    files = _UploadDuringDelete(api.settings.media_dir, upload_again)
    await media.delete_media(api.store, files, writer, asset_id=first["id"], now=api.clock())

    assert len(arrived) == 1, "the upload ran while the delete was removing the file"
    again = arrived[0]
    assert again.file is not None
    assert (api.settings.media_dir / again.file).read_bytes() == data
    editor = bearer(await newsroom.user(api, model.Role.EDITOR))
    served = await api.client.get(f"{first['url'].rsplit('/', 1)[0]}/{again.file}", headers=editor)
    assert served.content == data


async def test_a_delete_landing_during_an_upload_leaves_the_upload_its_file(api: Api) -> None:
    writer, data, first = await _first_upload(api)
    plain = LocalMediaFiles(api.settings.media_dir)
    deleted: list[str] = []

    async def delete_first() -> None:
        await media.delete_media(api.store, plain, writer, asset_id=first["id"], now=api.clock())
        deleted.append(first["id"])

    files = _DeleteDuringUpload(api.settings.media_dir, delete_first)
    again = await media.upload_media(
        api.store, files, writer, data=data, details={}, limits=LIMITS, now=api.clock()
    )

    assert deleted == [first["id"]], "the delete ran while the upload was storing its file"
    assert again.file is not None
    assert (api.settings.media_dir / again.file).read_bytes() == data
