"""Rights: once an asset's rights expire, readers stop getting it; editors see it flagged."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import timedelta

from cms import model
from cms.domain.publishing import run_schedule
from tests import factories, newsroom
from tests.conftest import Api
from tests.media_api import UPDATE_MEDIA, agency_jpeg, upload
from tests.newsroom import CREATE, SCHEDULE, step

STORY = """
query Story($slug: String!, $id: ID!) {
  article(slug: $slug) {
    leadMedia { caption asset { id url(width: 160) } }
    body { __typename ... on MediaBlock { asset { id } } }
    authors { avatar { id } }
  }
  media(id: $id) { id }
}
"""

RENDITION = """
query Rendition($id: ID!) { media(id: $id) { url(width: 320) } }
"""

PLAIN_URL = """
query Url($id: ID!) { media(id: $id) { url } }
"""


async def readers_url(api: Api, asset_id: str, *, author: str = "ada-reporter") -> str:
    """The asset made public (an author's portrait), and its address as readers get it."""
    await factories.author(api.store, author, avatar_id=asset_id)
    url: str = (await api.gql(PLAIN_URL, {"id": asset_id}))["media"]["url"]
    return url


FLAGGED = """
query Flagged($id: ID!, $article: ID!) {
  media(id: $id) { rightsExpired rightsExpireAt }
  article(id: $article) { leadMedia { asset { id } } }
}
"""


async def test_an_expired_asset_disappears_from_delivery(api: Api) -> None:
    token = await newsroom.user(api, model.Role.WRITER)
    expires = api.clock() + timedelta(hours=1)
    photo = await upload(
        api, token, agency_jpeg(), media_input={"rightsExpireAt": expires.isoformat()}
    )
    lasting = await factories.picture(api.store, caption="Sandbags at the school gate.")
    await factories.section(api.store)
    ada = await factories.author(api.store, avatar_id=photo["id"])
    body = (
        factories.paragraph("The fire burned through the night."),
        model.MediaBlock(media=model.MediaUse(asset_id=photo["id"])),
        model.MediaBlock(media=model.MediaUse(asset_id=lasting)),
    )
    story = await factories.story(
        api.store, slug="plant-fire", author_ids=(ada,), lead_id=photo["id"], body=body
    )
    variables = {"slug": "plant-fire", "id": photo["id"]}

    before = await api.gql(STORY, variables)
    assert before["article"]["leadMedia"]["asset"]["id"] == photo["id"]
    assert [b["asset"]["id"] for b in before["article"]["body"] if "asset" in b] == [
        photo["id"],
        lasting,
    ]
    assert before["article"]["authors"][0]["avatar"] == {"id": photo["id"]}
    assert before["media"] == {"id": photo["id"]}
    rendition = before["article"]["leadMedia"]["asset"]["url"]
    assert (await api.client.get(rendition)).status_code == 200

    api.clock.advance(hours=1)
    after = await api.gql(STORY, variables)

    assert after["article"]["leadMedia"] is None
    assert [b["asset"]["id"] for b in after["article"]["body"] if "asset" in b] == [lasting]
    assert after["article"]["authors"][0]["avatar"] is None
    assert after["media"] is None
    gone = await api.client.get(rendition)
    assert (gone.status_code, gone.json()["errors"][0]["extensions"]["code"]) == (410, "GONE")

    editors = await api.as_editor(token).gql(FLAGGED, {"id": photo["id"], "article": story.id})
    assert editors["media"]["rightsExpired"] is True
    assert editors["article"]["leadMedia"]["asset"]["id"] == photo["id"], "editors still see it"


async def _approved_story(api: Api, editor: Api, slug: str, *, rights_for: timedelta) -> str:
    """An approved story with a lead picture of its own that may be shown for ``rights_for``."""
    if not await api.store.sections.by_slugs(["news"]):
        await factories.section(api.store)
    refs = {
        "author": await factories.author(api.store, f"{slug}-reporter"),
        "picture": await factories.picture(api.store),
    }
    expires = (api.clock() + rights_for).isoformat()
    await editor.gql(UPDATE_MEDIA, {"id": refs["picture"], "input": {"rightsExpireAt": expires}})
    created = await editor.gql(CREATE, {"input": newsroom.story_input(refs, slug=slug)})
    story_id: str = created["createArticle"]["id"]
    await editor.gql(step("submitArticle"), {"id": story_id, "v": 1})
    await editor.gql(step("approveArticle"), {"id": story_id, "v": 2})
    return story_id


async def test_a_story_does_not_go_live_with_a_lead_picture_past_its_rights(api: Api) -> None:
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    story_id = await _approved_story(api, editor, "bridge-lead", rights_for=timedelta(hours=1))

    later = (api.clock() + timedelta(hours=2)).isoformat()
    scheduled = await editor.post(SCHEDULE, {"id": story_id, "v": 3, "at": later, "until": None})
    api.clock.advance(hours=1)
    published = await editor.post(step("publishArticle"), {"id": story_id, "v": 3})

    for body in (scheduled, published):
        error = body["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert list(error["extensions"]["fields"]) == ["leadMedia"]
        assert "rights" in error["extensions"]["fields"]["leadMedia"]
    article = await api.store.articles.get(story_id)
    assert article is not None
    assert article.status is model.Status.APPROVED
    assert not await api.store.live_articles.whole_by_ids([story_id])


async def test_an_embargoed_story_that_cannot_go_live_goes_back_to_the_desk(
    api: Api,
) -> None:
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    blocked = await _approved_story(api, editor, "blocked-story", rights_for=timedelta(hours=2))
    fine = await _approved_story(api, editor, "fine-story", rights_for=timedelta(days=30))
    at = (api.clock() + timedelta(minutes=30)).isoformat()
    for story_id in (blocked, fine):
        await editor.gql(SCHEDULE, {"id": story_id, "v": 3, "at": at, "until": None})
    # After scheduling, the agency cuts the picture's licence short of the embargo.
    picture = (await api.store.articles.get(blocked)).lead_media.asset_id  # type: ignore[union-attr]
    cut_short = (api.clock() + timedelta(minutes=10)).isoformat()
    await editor.gql(UPDATE_MEDIA, {"id": picture, "input": {"rightsExpireAt": cut_short}})

    api.clock.advance(minutes=30)
    assert await run_schedule(api.store, now=api.clock()) == 1

    statuses = {i: (await api.store.articles.get(i)).status for i in (blocked, fine)}  # type: ignore[union-attr]
    assert statuses == {blocked: model.Status.APPROVED, fine: model.Status.PUBLISHED}
    handed_back = (await api.store.audit_events.of_article(blocked))[-1]
    assert (handed_back.action, handed_back.actor_id) == ("UNSCHEDULE", model.SCHEDULER.user_id)
    assert handed_back.comment is not None
    assert "leadMedia" in handed_back.comment
    assert "rights" in handed_back.comment
    api.clock.advance(minutes=1)
    assert await run_schedule(api.store, now=api.clock()) == 0, "not tried again every tick"
    assert len(await api.store.audit_events.of_article(blocked)) == 5


async def test_editing_an_asset_stored_without_credit_parts_keeps_its_credit(api: Api) -> None:
    """An asset written by an import has its credit line but not the line's parts."""
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    picture = await factories.picture(api.store)

    changed = await editor.gql(
        UPDATE_MEDIA, {"id": picture, "input": {"altText": "Sandbags along Mill Lane."}}
    )

    assert changed["updateMedia"]["credit"] == "Photo by Jo Lind/Riverside Press via Wirestream"
    assert changed["updateMedia"]["agency"] == "Riverside Press"


async def test_an_original_file_is_withdrawn_when_its_rights_end(api: Api) -> None:
    token = await newsroom.user(api, model.Role.WRITER)
    data = agency_jpeg()
    expires = api.clock() + timedelta(hours=1)
    photo = await upload(api, token, data, media_input={"rightsExpireAt": expires.isoformat()})
    url = await readers_url(api, photo["id"])
    assert url.startswith("http://testserver/media/")

    served = await api.client.get(url)
    assert served.status_code == 200
    assert served.content == data
    assert served.headers["content-type"] == "image/jpeg"
    assert served.headers["cache-control"] == "public, max-age=3600", "no longer than the rights"
    assert served.headers["surrogate-key"] == f"media:{photo['id']}"
    etag = served.headers["etag"]
    assert etag.startswith('"')
    assert (await api.client.get(url, headers={"if-none-match": etag})).status_code == 304
    head = await api.client.head(url)
    assert (head.status_code, head.content) == (200, b"")

    api.clock.advance(minutes=59)
    assert (await api.client.get(url)).headers["cache-control"] == "public, max-age=60"
    api.clock.advance(minutes=1)
    gone = await api.client.get(url)
    assert (gone.status_code, gone.json()["errors"][0]["extensions"]["code"]) == (410, "GONE")
    assert gone.headers["cache-control"] == "no-store"


async def test_a_file_stays_while_another_upload_of_it_may_still_be_shown(api: Api) -> None:
    token = await newsroom.user(api, model.Role.WRITER)
    data = agency_jpeg()
    expires = (api.clock() + timedelta(hours=1)).isoformat()
    short = await upload(api, token, data, media_input={"rightsExpireAt": expires})
    lasting = await upload(api, token, data, media_input={"rightsExpireAt": None})
    assert short["url"] == lasting["url"], "the same bytes are one file"
    url = await readers_url(api, short["id"])
    assert url == await readers_url(api, lasting["id"], author="bo-reporter")

    both = await api.client.get(url)
    assert both.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert set(both.headers["surrogate-key"].split()) == {
        f"media:{short['id']}",
        f"media:{lasting['id']}",
    }
    api.clock.advance(hours=1)
    after = await api.client.get(url)
    assert after.status_code == 200
    assert after.headers["surrogate-key"] == f"media:{lasting['id']}"


async def test_only_files_that_assets_hold_are_served(api: Api) -> None:
    token = await newsroom.user(api, model.Role.WRITER)
    photo = await upload(api, token, agency_jpeg())
    stray = api.settings.media_dir / ("0" * 64 + ".jpg")
    stray.write_bytes(b"left behind by a failed upload")
    base = photo["url"].rsplit("/", 1)[0]

    for name in (stray.name, "passwd"):
        missing = await api.client.get(f"{base}/{name}")
        assert (missing.status_code, missing.json()["errors"][0]["extensions"]["code"]) == (
            404,
            "NOT_FOUND",
        ), name
    assert (await api.client.get(f"{base}/..%2F..%2Fetc%2Fpasswd")).status_code == 404
    # An asset whose file key this file store could not have made (an import's, say).
    odd = await api.store.media.get(await factories.picture(api.store))
    assert odd is not None
    assert odd.file is not None
    missing = await api.client.get(f"{base}/{odd.file}")
    assert (missing.status_code, missing.json()["errors"][0]["extensions"]["code"]) == (
        404,
        "NOT_FOUND",
    )


async def test_a_rendition_is_kept_no_longer_than_its_rights(api: Api) -> None:
    token = await newsroom.user(api, model.Role.WRITER)
    expires = (api.clock() + timedelta(hours=2)).isoformat()
    photo = await upload(api, token, agency_jpeg(), media_input={"rightsExpireAt": expires})
    await factories.author(api.store, avatar_id=photo["id"])
    url = await api.gql(RENDITION, {"id": photo["id"]})

    rendition = await api.client.get(url["media"]["url"])

    assert rendition.status_code == 200
    assert rendition.headers["cache-control"] == "public, max-age=7200"
    assert rendition.headers["surrogate-key"] == f"media:{photo['id']}"


async def test_a_page_is_cached_downstream_no_longer_than_its_pictures_rights(api: Api) -> None:
    settings = api.settings
    assert settings.cache_s_maxage > 200
    assert settings.cache_max_age <= 100
    picture = await factories.picture(api.store)
    asset = await api.store.media.get(picture)
    assert asset is not None
    expires = api.clock() + timedelta(seconds=200)
    await api.store.media.replace(dataclasses.replace(asset, rights_expire_at=expires))
    await factories.section(api.store)
    author = await factories.author(api.store)
    await factories.story(api.store, slug="short-rights", author_ids=(author,), lead_id=picture)
    query = {"query": 'query { article(slug: "short-rights") { leadMedia { caption } } }'}

    first = await api.client.post("/graphql", json=query)
    assert first.json()["data"]["article"]["leadMedia"] is not None
    # The change stream reports the writes above a moment later, dropping the entry again;
    # once it is quiet, the answer is a hit, and its headers are worked out at each hit.
    for _ in range(100):
        hit = await api.client.post("/graphql", json=query)
        if hit.headers["x-cache"] == "HIT":
            break
        await asyncio.sleep(0.02)
    assert hit.headers["x-cache"] == "HIT"
    api.clock.advance(seconds=100)
    later = await api.client.post("/graphql", json=query)

    max_age = settings.cache_max_age
    for response, left in ((first, 200), (hit, 200), (later, 100)):
        assert response.headers["cache-control"] == (
            f"public, max-age={max_age}, s-maxage={left}, stale-while-revalidate=0"
        )
