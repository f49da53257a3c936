"""Rights: once an asset's rights expire, readers stop getting it; editors see it flagged."""

from __future__ import annotations

from datetime import timedelta

from cms import model
from tests import factories, newsroom
from tests.conftest import Api
from tests.media_api import agency_jpeg, upload

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
