"""ninjs: each published story as IPTC ninjs 2.1 at a stable address, and withdrawn when it
comes down."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from cms import model
from cms.domain.workflow import Action
from tests import factories
from tests.conftest import Api
from tests.syndication import SITE, cached, newsroom, picture, rename_tag, settings

__all__ = ["settings"]  # the publisher's settings for every test here

# The fields ninjs 2.1 defines at the top of a news item, and their JSON types.
TOP_LEVEL = {
    "standard": dict, "uri": str, "type": str, "representationtype": str, "version": str,
    "firstcreated": str, "versioncreated": str, "pubstatus": str, "language": str,
    "slugline": str, "headlines": list, "descriptions": list, "bodies": list, "by": str,
    "people": list, "subjects": list, "genres": list, "located": str, "associations": list,
    "altids": list, "infosources": list,
}  # fmt: skip


def ninjs(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    item: dict[str, Any] = response.json()
    for name, kind in item.items():
        assert isinstance(kind, TOP_LEVEL[name]), name
    assert item["standard"]["name"] == "ninjs"
    assert item["standard"]["version"] == "2.1"
    assert item["pubstatus"] in ("usable", "withheld", "canceled")
    return item


async def test_a_live_story_as_ninjs(api: Api) -> None:
    room = await newsroom(api)
    inline = await picture(api.store, caption="The flood barrier at dawn.")
    body = (
        factories.paragraph("The barrier was raised at dawn."),
        model.MediaBlock(media=model.MediaUse(asset_id=inline.id, caption="Raised at dawn.")),
    )
    story = await room.story(
        "harbour-wall-repairs", hours_ago=2, authors=("ada-reporter", "ben-writer"), body=body
    )
    item = ninjs(await api.client.get(f"/ninjs/{story.id}"))
    assert item["uri"] == f"http://testserver/ninjs/{story.id}"
    assert item["type"] == "text"
    assert item["pubstatus"] == "usable"
    assert item["version"] == str(story.version)
    assert item["firstcreated"] == "2036-11-24T07:00:00Z"
    assert item["language"] == "en-GB"
    assert item["headlines"] == [{"role": "main", "value": story.headline}]
    assert item["descriptions"][0]["value"] == story.dek
    assert item["by"] == "By Ada Reporter and Ben Writer"
    assert [p["uri"] for p in item["people"]] == [
        f"{SITE}/authors/ada-reporter",
        f"{SITE}/authors/ben-writer",
    ]
    assert item["located"] == "Valeport, UK"
    assert item["subjects"] == [
        {"name": "flooding", "rel": "about", "uri": f"{SITE}/tags/flooding"}
    ]
    [html] = item["bodies"]
    assert html["contenttype"] == "text/html"
    assert "<p>The barrier was raised at dawn.</p>" in html["value"]
    assert "<figcaption>Raised at dawn." in html["value"]
    lead, inside = item["associations"]
    assert lead["type"] == inside["type"] == "picture"
    assert lead["by"] == "Photo by Mara Quist/Valeport Press via Wirestream"
    assert lead["infosources"] == [
        {"name": "Mara Quist", "role": "creator"},
        {"name": "Valeport Press", "role": "agency"},
        {"name": "Wirestream", "role": "distributor"},
    ]
    assert lead["copyrightnotice"] == "© 2036 Valeport Press"
    assert lead["usageterms"] == "Agency subscription. Editorial use only."
    assert lead["renditions"][0]["width"] == 1600
    assert inside["descriptions"][0]["value"] == "Raised at dawn."
    assert item["altids"] == [
        {"role": "url", "value": f"{SITE}/news/2036/11/24/harbour-wall-repairs"}
    ]


async def test_a_tag_rename_reaches_the_item_already_cached(api: Api) -> None:
    room = await newsroom(api)
    story = await room.story("harbour-wall-repairs", hours_ago=2)
    kept = await cached(api, f"/ninjs/{story.id}")
    assert "tag:flooding" in kept.headers["surrogate-key"].split()
    await rename_tag(api, "flooding", "Floods and flooding")
    item = ninjs(await api.client.get(f"/ninjs/{story.id}"))
    assert item["subjects"] == [
        {"name": "Floods and flooding", "rel": "about", "uri": f"{SITE}/tags/flooding"}
    ]


async def test_a_story_that_comes_down_answers_as_withdrawn(api: Api) -> None:
    room = await newsroom(api)
    kept = await room.story("harbour-wall-repairs", hours_ago=2)
    killed = await room.story("court-case", hours_ago=1)
    for story in (kept, killed):
        assert ninjs(await api.client.get(f"/ninjs/{story.id}"))["pubstatus"] == "usable"
    await room.take_down("harbour-wall-repairs", Action.UNPUBLISH)
    await room.take_down("court-case")
    withheld = ninjs(await api.client.get(f"/ninjs/{kept.id}"))
    canceled = ninjs(await api.client.get(f"/ninjs/{killed.id}"))
    assert withheld["pubstatus"] == "withheld"
    assert canceled["pubstatus"] == "canceled"
    for item in (withheld, canceled):
        assert set(item) == {"standard", "uri", "type", "version", "versioncreated", "pubstatus"}


async def test_only_stories_that_were_published_have_an_address(api: Api) -> None:
    await newsroom(api)
    author = await factories.author(api.store, "cleo-lens", "Cleo Lens")
    draft = await factories.story(
        api.store, slug="draft-only", author_ids=(author,), published_at=None
    )
    for path in (f"/ninjs/{draft.id}", "/ninjs/" + "0" * 24, "/ninjs/not-an-id"):
        response = await api.client.get(path)
        assert response.status_code == 404, path
        assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_a_picture_whose_rights_end_leaves_the_item(api: Api) -> None:
    room = await newsroom(api)
    lead = await picture(api.store, rights_expire_at=api.clock() + timedelta(hours=1))
    story = await room.story("harbour-wall-repairs", hours_ago=2, lead=lead)
    first = ninjs(await api.client.get(f"/ninjs/{story.id}"))
    assert first["associations"][0]["expires"] == "2036-11-24T10:00:00Z"
    api.clock.advance(hours=1)
    assert "associations" not in ninjs(await api.client.get(f"/ninjs/{story.id}"))
