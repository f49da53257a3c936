"""Where an asset is used (EditorialMediaAsset.usedBy): the same stories and avatars that keep
deleteMedia from removing it."""

from __future__ import annotations

import dataclasses
from typing import Any

from cms import model
from tests import factories, newsroom
from tests.conftest import Api
from tests.newsroom import CREATE, UPDATE, step

USED_BY = """
query U($id: ID!) {
  media(id: $id) { usedBy { asLead article { id slug } author { id slug } } }
}
"""
DELETE = "mutation D($id: ID!) { deleteMedia(id: $id) }"


async def _used_by(caller: Api, asset_id: str) -> list[dict[str, Any]]:
    uses: list[dict[str, Any]] = (await caller.gql(USED_BY, {"id": asset_id}))["media"]["usedBy"]
    return uses


async def _refusal(caller: Api, asset_id: str) -> dict[str, Any]:
    body = await caller.post(DELETE, {"id": asset_id})
    extensions: dict[str, Any] = body["errors"][0]["extensions"]
    assert extensions["reason"] == "IN_USE"
    return extensions


async def test_used_by_lists_the_stories_and_avatars_that_keep_an_asset(api: Api) -> None:
    refs = await newsroom.newsroom(api)
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    writer = api.as_editor(await newsroom.user(api, model.Role.WRITER))
    lead = refs["picture"]
    in_body = await factories.picture(api.store, caption="Cables under the deck.")
    first = (await editor.gql(CREATE, {"input": newsroom.story_input(refs)}))["createArticle"]
    with_body = {
        **newsroom.story_input(refs, slug="bridge-cables"),
        "body": [{"media": {"assetId": in_body}}, {"media": {"assetId": lead}}],
        "leadMedia": {"assetId": in_body},
    }
    second = (await editor.gql(CREATE, {"input": with_body}))["createArticle"]
    ada = await api.store.authors.get(refs["author"])
    assert ada is not None
    await api.store.authors.replace(dataclasses.replace(ada, avatar_id=lead))

    uses = await _used_by(writer, lead)

    slugs = {first["id"]: first["slug"], second["id"]: second["slug"]}
    stories = [
        {"asLead": i == first["id"], "article": {"id": i, "slug": slugs[i]}, "author": None}
        for i in sorted(slugs)
    ]
    avatar = {"asLead": False, "article": None, "author": {"id": ada.id, "slug": ada.slug}}
    assert uses == [*stories, avatar]
    refused = await _refusal(editor, lead)
    assert refused["articles"] == [u["article"]["id"] for u in uses if u["article"]]
    assert refused["authors"] == [refs["author"]]
    unused = await factories.picture(api.store, caption="The harbour at night.")
    assert await _used_by(writer, unused) == []


async def test_a_picture_only_the_live_copy_shows_is_still_used_as_lead(api: Api) -> None:
    refs = await newsroom.newsroom(api)
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    story = (await editor.gql(CREATE, {"input": newsroom.story_input(refs)}))["createArticle"]
    for version, mutation in enumerate(("submitArticle", "approveArticle", "publishArticle"), 1):
        await editor.gql(step(mutation), {"id": story["id"], "v": version})
    other = await factories.picture(api.store, caption="The bridge from the north bank.")
    await editor.gql(
        UPDATE, {"id": story["id"], "v": 4, "input": {"leadMedia": {"assetId": other}}}
    )

    uses = await _used_by(editor, refs["picture"])

    assert uses == [
        {"asLead": True, "article": {"id": story["id"], "slug": story["slug"]}, "author": None}
    ]
    assert (await _refusal(editor, refs["picture"]))["articles"] == [story["id"]]
