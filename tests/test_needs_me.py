"""What needs me: stories to review (editors), stories sent back (their writers), pictures on
live or embargoed stories whose rights end within a week, and the last lease taken over."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

from cms import model
from tests import factories, newsroom
from tests.conftest import Api

NEEDS_ME = """
{
  needsMe {
    toReview { slug }
    sentBack { slug }
    expiringPictures { asset { id caption } rightsExpireAt stories { slug status } }
    lastLeaseTakeover { article { slug } by { email } at }
  }
}
"""
LEASE = "mutation L($id: ID!) { acquireEditLease(id: $id) { expiresAt } }"
TAKE_OVER = "mutation T($id: ID!) { takeOverEditLease(id: $id) { expiresAt } }"


async def _needs(caller: Api) -> dict[str, Any]:
    found: dict[str, Any] = (await caller.gql(NEEDS_ME))["needsMe"]
    return found


def _slugs(stories: list[dict[str, Any]]) -> list[str]:
    return [s["slug"] for s in stories]


async def _file(caller: Api, refs: dict[str, str], slug: str, **changes: Any) -> str:
    given = {**newsroom.story_input(refs, slug), **changes}
    story_id: str = (await caller.gql(newsroom.CREATE, {"input": given}))["createArticle"]["id"]
    return story_id


async def _step(caller: Api, mutation: str, story_id: str, version: int, *extra: str) -> None:
    args = {"id": story_id, "v": version}
    if extra:
        args["comment"] = extra[0]
    await caller.gql(newsroom.step(mutation, *(("comment",) if extra else ())), args)


async def test_editors_see_the_review_queue_by_submission_and_writers_what_came_back(
    api: Api,
) -> None:
    refs = await newsroom.newsroom(api)
    ada = api.as_editor(await newsroom.user(api, model.Role.WRITER, "ada@newsroom.example"))
    bo = api.as_editor(await newsroom.user(api, model.Role.WRITER, "bo@newsroom.example"))
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    council = await _file(ada, refs, "council-budget-vote")
    tram = await _file(bo, refs, "late-tram-timetable")
    pool = await _file(ada, refs, "lido-reopens-in-june")

    await _step(ada, "submitArticle", council, 1)
    api.clock.advance(minutes=5)
    await _step(editor, "requestChanges", council, 2, "Add the vote count.")
    api.clock.advance(minutes=5)
    await _step(bo, "submitArticle", tram, 1)
    api.clock.advance(minutes=5)
    await _step(ada, "submitArticle", council, 3)
    api.clock.advance(minutes=5)
    await _step(ada, "submitArticle", pool, 1)
    api.clock.advance(minutes=5)
    await _step(editor, "requestChanges", pool, 2, "Who said June?")
    # An editor's edit in review changes the story, not when it was submitted.
    await editor.gql(newsroom.UPDATE, {"id": council, "v": 4, "input": {"dek": "Passed 31-9."}})

    waiting = await _needs(editor)
    assert _slugs(waiting["toReview"]) == ["late-tram-timetable", "council-budget-vote"]
    assert waiting["sentBack"] == []
    assert (await _needs(ada))["toReview"] == []
    assert _slugs((await _needs(ada))["sentBack"]) == ["lido-reopens-in-june"]
    assert (await _needs(bo))["sentBack"] == []


async def _picture(api: Api, caption: str, ends_in: timedelta) -> str:
    asset_id = await factories.picture(api.store, caption=caption)
    asset = await api.store.media.get(asset_id)
    assert asset is not None
    ends = api.clock() + ends_in
    await api.store.media.replace(dataclasses.replace(asset, rights_expire_at=ends))
    return asset_id


async def _published(editor: Api, refs: dict[str, str], slug: str, lead: str) -> str:
    story = await _file(editor, {**refs, "picture": lead}, slug)
    for version, mutation in enumerate(("submitArticle", "approveArticle", "publishArticle"), 1):
        await _step(editor, mutation, story, version)
    return story


async def test_pictures_whose_rights_end_within_a_week_on_live_or_embargoed_stories(
    api: Api,
) -> None:
    refs = await newsroom.newsroom(api)
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    writer = api.as_editor(await newsroom.user(api, model.Role.WRITER))
    soon = await _picture(api, "Flood barrier at dawn.", timedelta(days=3))
    sooner = await _picture(api, "Bridge cables close up.", timedelta(days=2))
    later = await _picture(api, "Harbour at night.", timedelta(days=10))
    draft_only = await _picture(api, "Mill Lane sandbags.", timedelta(days=1))
    await _published(editor, refs, "flood-barrier-holds", soon)
    await _published(editor, refs, "harbour-lights-return", later)
    await _file(editor, {**refs, "picture": draft_only}, "sandbag-appeal")
    embargoed = await _file(editor, {**refs, "picture": sooner}, "bridge-report-findings")
    await _step(editor, "submitArticle", embargoed, 1)
    await _step(editor, "approveArticle", embargoed, 2)
    at = (api.clock() + timedelta(hours=1)).isoformat()
    await editor.gql(newsroom.SCHEDULE, {"id": embargoed, "v": 3, "at": at})
    # A body picture counts as much as a lead picture.
    body = [{"media": {"assetId": soon}}, {"paragraph": {"inlines": [{"text": "Water rose."}]}}]
    await _published(editor, refs, "second-flood-night", refs["picture"])
    second = await api.store.articles.by_slug("second-flood-night")
    assert second is not None
    await editor.gql(newsroom.UPDATE, {"id": second.id, "v": 4, "input": {"body": body}})

    expiring = (await _needs(writer))["expiringPictures"]

    assert [p["asset"]["id"] for p in expiring] == [sooner, soon]
    expires = (api.clock() + timedelta(days=2)).isoformat().replace("+00:00", "Z")
    assert expiring[0]["rightsExpireAt"] == expires
    assert expiring[0]["stories"] == [{"slug": "bridge-report-findings", "status": "SCHEDULED"}]
    assert sorted(_slugs(expiring[1]["stories"])) == ["flood-barrier-holds", "second-flood-night"]


async def test_the_last_time_someone_took_over_my_lease(api: Api) -> None:
    refs = await newsroom.newsroom(api)
    writer = api.as_editor(await newsroom.user(api, model.Role.WRITER, "ada@newsroom.example"))
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR, "ed@newsroom.example"))
    chief = api.as_editor(await newsroom.user(api, model.Role.EDITOR, "chief@newsroom.example"))
    first = await _file(writer, refs, "council-budget-vote")
    second = await _file(writer, refs, "late-tram-timetable")
    assert (await _needs(writer))["lastLeaseTakeover"] is None

    await writer.gql(LEASE, {"id": first})
    await writer.gql(TAKE_OVER, {"id": first})  # one's own lease: nothing was taken
    assert (await _needs(writer))["lastLeaseTakeover"] is None
    api.clock.advance(minutes=1)
    await editor.gql(TAKE_OVER, {"id": first})
    taken = (await _needs(writer))["lastLeaseTakeover"]
    assert taken == {
        "article": {"slug": "council-budget-vote"},
        "by": {"email": "ed@newsroom.example"},
        "at": api.clock().isoformat().replace("+00:00", "Z"),
    }
    assert (await _needs(editor))["lastLeaseTakeover"] is None

    await writer.gql(LEASE, {"id": second})
    api.clock.advance(minutes=5)  # the lease ran out: taking it takes nothing from anyone
    await chief.gql(TAKE_OVER, {"id": second})
    assert (await _needs(writer))["lastLeaseTakeover"] == taken
    await editor.gql(LEASE, {"id": first})  # renewed, so it is the editor's again
    await chief.gql(TAKE_OVER, {"id": first})
    assert (await _needs(editor))["lastLeaseTakeover"]["by"] == {"email": "chief@newsroom.example"}


async def test_needs_me_needs_a_signed_in_user(api: Api) -> None:
    assert await api.as_editor(None).error_codes(NEEDS_ME) == ["UNAUTHENTICATED"]
