"""Who may fetch /media and /renditions: readers what delivery could show, editors the rest."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from cms import model
from tests import factories, newsroom
from tests.conftest import Api
from tests.media_api import UPDATE_MEDIA, bearer, halves, upload
from tests.newsroom import CREATE, step

URLS = """
query Urls($id: ID!) {
  media(id: $id) { url signed: url(width: 160, height: 160) plain: url(width: 320, format: WEBP) }
}
"""

PREVIEW = """
query Preview($slug: String!, $token: String) {
  article(slug: $slug, previewToken: $token) {
    leadMedia { url asset { url(width: 160, height: 90) } }
  }
}
"""

MINT = "mutation Mint($id: ID!) { createPreviewToken(id: $id) { token } }"

UNKNOWN_ID = "6b057bc1e0d4c618beb88c49"
VARYING = {"x-request-id", "date"}


class Desk:
    """An editor with a story in draft whose lead picture nobody has published yet."""

    def __init__(self, api: Api, editor: Api, story_id: str, picture: str) -> None:
        self.api, self.editor, self.story_id, self.picture = api, editor, story_id, picture

    async def urls(self) -> dict[str, str]:
        urls: dict[str, str] = (await self.editor.gql(URLS, {"id": self.picture}))["media"]
        return urls

    async def publish(self) -> None:
        for version, mutation in enumerate(
            ("submitArticle", "approveArticle", "publishArticle"), 1
        ):
            await self.editor.gql(step(mutation), {"id": self.story_id, "v": version})


@pytest.fixture
async def desk(api: Api) -> Desk:
    token = await newsroom.user(api, model.Role.EDITOR)
    editor = api.as_editor(token)
    refs = await newsroom.newsroom(api)
    photo = await upload(api, token, halves())
    created = await editor.gql(
        CREATE, {"input": newsroom.story_input({**refs, "picture": photo["id"]})}
    )
    await editor.gql(UPDATE_MEDIA, {"id": photo["id"], "input": {"credit": "Ana Lim/Valeport"}})
    return Desk(api, editor, created["createArticle"]["id"], photo["id"])


def readers(url: str) -> str:
    """The same file at the readers' address (the desk's are under /admin)."""
    return url.replace("/admin/", "/", 1)


def other_id(url: str, asset_id: str) -> str:
    return url.replace(asset_id, UNKNOWN_ID)


def answer(response: httpx.Response) -> tuple[int, bytes, dict[str, str]]:
    headers = {k: v for k, v in response.headers.items() if k not in VARYING}
    return response.status_code, response.content, headers


async def test_readers_get_no_unpublished_picture_and_cannot_tell_it_exists(
    api: Api, desk: Desk
) -> None:
    urls = await desk.urls()
    file = readers(urls["url"])
    missing_file = file.rsplit("/", 1)[0] + "/" + "0" * 64 + ".png"
    version = urlsplit(urls["signed"]).path.split("/")[-2]
    for prefix in (readers, lambda url: url):
        unsigned = prefix(urls["plain"]).split("?")[0]  # a width anyone may ask for
        unknown = await api.client.get(other_id(unsigned, desk.picture))
        assert unknown.status_code == 404
        old_version = unsigned.replace(version, "0123456789abcdef")
        for url in (urls["signed"], unsigned, old_version):
            hidden = await api.client.get(prefix(url))
            assert answer(hidden) == answer(unknown), "an unpublished id looks like a wrong one"
            assert "surrogate-key" not in hidden.headers
    hidden = await api.client.get(file)
    assert answer(hidden) == answer(await api.client.get(missing_file))
    assert hidden.status_code == 404


async def test_the_desk_sees_unpublished_pictures_privately(api: Api, desk: Desk) -> None:
    urls = await desk.urls()
    assert urlsplit(urls["url"]).path.startswith("/admin/media/"), "the desk's cookie goes there"
    assert urlsplit(urls["signed"]).path.startswith("/admin/renditions/")

    for url in urls.values():
        seen = await api.client.get(url, headers=bearer(desk.editor.token))
        assert seen.status_code == 200, url
        assert seen.headers["cache-control"] == "private, no-store"
        assert "surrogate-key" not in seen.headers
        assert "cache-tag" not in seen.headers
    # The desk's <img> sends its session cookie (Path=/admin) and cannot add X-CMS-Desk.
    cookie = {"cookie": f"cms_session={desk.editor.token}"}
    for url in urls.values():
        thumbnail = await api.client.get(url, headers=cookie)
        assert thumbnail.status_code == 200, url
        assert thumbnail.headers["cache-control"] == "private, no-store"
    # A token that is not valid opens nothing, and tells nothing either.
    stranger = await api.client.get(urls["signed"], headers=bearer("not-a-token"))
    assert stranger.status_code == 404


async def test_an_old_version_is_redirected_only_for_who_may_see_it(api: Api, desk: Desk) -> None:
    before = (await desk.urls())["signed"]
    await desk.editor.gql(
        UPDATE_MEDIA, {"id": desk.picture, "input": {"focalPoint": {"x": 0.9, "y": 0.5}}}
    )
    after = (await desk.urls())["signed"]

    moved = await api.client.get(before, headers=bearer(desk.editor.token))
    assert moved.status_code == 307
    assert moved.headers["location"] == after
    assert moved.headers["cache-control"] == "private, no-store"
    assert (await api.client.get(before)).status_code == 404


async def test_a_preview_opens_the_pictures_of_its_story_only(api: Api, desk: Desk) -> None:
    minted = await desk.editor.gql(MINT, {"id": desk.story_id})
    token = minted["createPreviewToken"]["token"]

    preview = await api.gql(PREVIEW, {"slug": "harbour-bridge-closes", "token": token})

    lead = preview["article"]["leadMedia"]
    for url in (lead["url"], lead["asset"]["url"]):
        assert urlsplit(url).path.startswith(("/media/", "/renditions/"))
        assert parse_qs(urlsplit(url).query)["preview"] == [token]
        seen = await api.client.get(url)
        assert seen.status_code == 200, url
        assert seen.headers["cache-control"] == "private, no-store"
        assert "surrogate-key" not in seen.headers
        without = url.split("preview=")[0].rstrip("?&")
        assert (await api.client.get(without)).status_code == 404
    # The token of another story opens nothing of this one.
    other = await _draft_with_own_picture(api, desk.editor, "ferry-timetable-changes")
    foreign = (await desk.editor.gql(MINT, {"id": other}))["createPreviewToken"]["token"]
    borrowed = lead["url"].replace(token, foreign)
    assert (await api.client.get(borrowed)).status_code == 404


async def _draft_with_own_picture(api: Api, editor: Api, slug: str) -> str:
    assert editor.token is not None
    photo = await upload(api, editor.token, halves((300, 200)))
    refs = {"author": await factories.author(api.store, f"{slug}-reporter"), "picture": photo["id"]}
    created = await editor.gql(CREATE, {"input": newsroom.story_input(refs, slug=slug)})
    story_id: str = created["createArticle"]["id"]
    return story_id


async def test_a_published_picture_is_public_and_cached_by_anyone(api: Api, desk: Desk) -> None:
    await desk.publish()
    urls = await desk.urls()

    for url in urls.values():
        for address in (url, readers(url)):
            public = await api.client.get(address)
            assert public.status_code == 200, address
            assert public.headers["cache-control"] == "public, max-age=31536000, immutable"
            assert public.headers["surrogate-key"] == f"media:{desk.picture}"

    await desk.editor.gql(
        step("unpublishArticle", "reason"), {"id": desk.story_id, "v": 4, "reason": "Wrong bridge."}
    )
    for url in urls.values():
        assert (await api.client.get(readers(url))).status_code == 404, "unpublished again"
