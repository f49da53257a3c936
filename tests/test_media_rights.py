"""Rights: once an asset's rights expire, readers stop getting it; editors see it flagged."""

from __future__ import annotations

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
    leadMedia { caption asset { id url(width: 100) } }
    body { __typename ... on MediaBlock { asset { id } } }
    authors { avatar { id } }
  }
  media(id: $id) { id }
}
"""

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
    assert (gone.status_code, gone.json()["code"]) == (410, "GONE")

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


async def test_an_embargoed_story_that_cannot_go_live_does_not_hold_up_the_others(
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
    assert statuses == {blocked: model.Status.SCHEDULED, fine: model.Status.PUBLISHED}


async def test_editing_an_asset_stored_without_credit_parts_keeps_its_credit(api: Api) -> None:
    """An asset written by an import has its credit line but not the line's parts."""
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    picture = await factories.picture(api.store)

    changed = await editor.gql(
        UPDATE_MEDIA, {"id": picture, "input": {"altText": "Sandbags along Mill Lane."}}
    )

    assert changed["updateMedia"]["credit"] == "Photo by Jo Lind/Riverside Press via Wirestream"
    assert changed["updateMedia"]["agency"] == "Riverside Press"
