"""Optimistic concurrency beyond stories: assets, authors, sections, ad slots and users take
expectedVersion, answer CONFLICT with what changed and how it reads now, and handle documents
stored before they had versions."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import pytest

from cms import model
from cms.store import Store
from cms.store.codec import new_id, object_id
from tests import factories, newsroom
from tests.conftest import Api


@dataclass(frozen=True)
class Thing:
    """One kind of item an admin updates: how to make one and how to change it."""

    name: str
    mutation: str  # takes $id (or $slug), $v and $change
    first: dict[str, Any]  # a change, and the field it shows after
    second: dict[str, Any]
    field: str  # the field both changes set, as the API names it
    collection: str  # where it is stored

    def document(self) -> str:
        return self.mutation


THINGS = [
    Thing(
        "media",
        "mutation M($id: ID!, $v: Int, $change: String) {"
        " updateMedia(id: $id, expectedVersion: $v, input: {caption: $change}) {"
        " version value: caption } }",
        {"change": "Sandbags at the school gate."},
        {"change": "Water reached the school gate by noon."},
        "caption",
        "media",
    ),
    Thing(
        "author",
        "mutation A($id: ID!, $v: Int, $change: String) {"
        " updateAuthor(id: $id, expectedVersion: $v, input: {title: $change}) {"
        " version value: title } }",
        {"change": "Courts reporter"},
        {"change": "Transport correspondent"},
        "title",
        "authors",
    ),
    Thing(
        "section",
        "mutation S($id: String!, $v: Int, $change: String) {"
        " updateSection(slug: $id, expectedVersion: $v, name: $change) {"
        " version value: name } }",
        {"change": "Local news"},
        {"change": "Around the bay"},
        "name",
        "sections",
    ),
    Thing(
        "ad slot",
        "mutation D($id: ID!, $v: Int, $change: String) {"
        " updateAdSlot(id: $id, expectedVersion: $v, input: {name: $change}) {"
        " version value: name } }",
        {"change": "In-article MPU (autumn)"},
        {"change": "In-article MPU (winter)"},
        "name",
        "ad_slots",
    ),
    Thing(
        "user",
        "mutation U($id: ID!, $v: Int, $change: String) {"
        " updateUser(id: $id, expectedVersion: $v, name: $change) {"
        " version value: name } }",
        {"change": "Rosa Quayle"},
        {"change": "Rosa Quayle-Benton"},
        "name",
        "users",
    ),
]


async def _make(api: Api, thing: Thing) -> tuple[str, str]:
    """A new item of this kind: (the id its mutation takes, its document id)."""
    store = api.store
    if thing.name == "media":
        asset_id = await _picture(store)
        return asset_id, asset_id
    if thing.name == "author":
        author_id = await factories.author(store)
        return author_id, author_id
    if thing.name == "section":
        await factories.section(store, "bay", "Bay")
        found = await store.sections.by_slugs(["bay"])
        return "bay", found["bay"].id
    if thing.name == "ad slot":
        slot = model.AdSlot(
            id=new_id(),
            code="in-article-mrec",
            name="In-article MPU",
            ad_unit_path="/1234/news",
            sizes=(model.AdSize(300, 250),),
        )
        await store.ad_slots.insert(slot)
        return slot.id, slot.id
    _, user_id = await newsroom.login_as(api, model.Role.WRITER)
    return user_id, user_id


async def _picture(store: Store) -> str:
    """A picture as an upload leaves it: its credit line and the line's parts."""
    asset = model.MediaAsset(
        id=new_id(),
        kind=model.MediaKind.IMAGE,
        mime_type="image/jpeg",
        file=f"{new_id()}.jpg",
        caption="Flood water on Mill Lane.",
        alt_text="Brown water covering a village street.",
        credit="Photo by Jo Lind/Riverside Press via Wirestream",
        creator="Jo Lind",
        agency="Riverside Press",
        distributor="Wirestream",
        created_at=factories.NOW,
    )
    await store.media.insert(asset)
    return asset.id


async def _admin(api: Api) -> Api:
    return api.as_editor(await newsroom.user(api, model.Role.ADMIN))


def _only(body: dict[str, Any]) -> dict[str, Any]:
    """The one result of a one-field mutation."""
    assert "errors" not in body, body["errors"]
    [result] = body["data"].values()
    value: dict[str, Any] = result
    return value


@pytest.mark.parametrize("thing", THINGS, ids=[t.name for t in THINGS])
async def test_a_stale_version_is_a_conflict_naming_what_changed_and_how_it_reads(
    api: Api, thing: Thing
) -> None:
    admin = await _admin(api)
    item, _ = await _make(api, thing)

    first = _only(await admin.post(thing.document(), {"id": item, "v": 1, **thing.first}))
    assert first == {"version": 2, "value": thing.first["change"]}

    stale = await admin.post(thing.document(), {"id": item, "v": 1, **thing.second})
    [error] = stale["errors"]
    assert error["extensions"]["code"] == "CONFLICT"
    assert error["extensions"]["currentVersion"] == 2
    assert error["extensions"]["yourVersion"] == 1
    assert error["extensions"]["changedFields"] == [thing.field]
    assert error["extensions"]["currentValues"] == {thing.field: thing.first["change"]}

    fresh = _only(await admin.post(thing.document(), {"id": item, "v": 2, **thing.second}))
    assert fresh == {"version": 3, "value": thing.second["change"]}
    unnamed = _only(await admin.post(thing.document(), {"id": item, "v": None, **thing.first}))
    assert unnamed["version"] == 4, "without expectedVersion the change still bumps the version"


@pytest.mark.parametrize("thing", THINGS, ids=[t.name for t in THINGS])
async def test_a_document_stored_before_versions_is_at_version_1(api: Api, thing: Thing) -> None:
    admin = await _admin(api)
    item, doc_id = await _make(api, thing)
    await _forget_version(api.store, thing.collection, doc_id)

    stale = await admin.post(thing.document(), {"id": item, "v": 2, **thing.first})
    assert [e["extensions"]["code"] for e in stale["errors"]] == ["CONFLICT"]
    assert stale["errors"][0]["extensions"]["currentVersion"] == 1
    first = _only(await admin.post(thing.document(), {"id": item, "v": 1, **thing.first}))
    assert first == {"version": 2, "value": thing.first["change"]}
    again = await admin.post(thing.document(), {"id": item, "v": 1, **thing.second})
    assert [e["extensions"]["code"] for e in again["errors"]] == ["CONFLICT"]


async def _forget_version(store: Store, collection: str, doc_id: str) -> None:
    """Make the stored document look like one written before documents had versions."""
    repository = {
        "media": store.media,
        "authors": store.authors,
        "sections": store.sections,
        "ad_slots": store.ad_slots,
        "users": store.users,
    }[collection]
    coll = repository._coll  # the raw document, as an old release left it
    await coll.update_one({"_id": object_id(doc_id)}, {"$unset": {"version": ""}})
    assert "version" not in (await coll.find_one({"_id": object_id(doc_id)}) or {"version": 0})


@pytest.mark.parametrize("thing", THINGS, ids=[t.name for t in THINGS])
async def test_of_two_saves_from_one_version_exactly_one_lands(api: Api, thing: Thing) -> None:
    admin = await _admin(api)
    item, _ = await _make(api, thing)
    bodies = await asyncio.gather(
        admin.post(thing.document(), {"id": item, "v": 1, **thing.first}),
        admin.post(thing.document(), {"id": item, "v": 1, **thing.second}),
    )
    landed = [body for body in bodies if "errors" not in body]
    refused = [body for body in bodies if "errors" in body]
    assert len(landed) == 1, bodies
    assert len(refused) == 1, bodies
    assert refused[0]["errors"][0]["extensions"]["code"] == "CONFLICT"
    assert _only(landed[0])["version"] == 2


async def test_a_cleared_media_field_is_gone_and_the_conflict_says_so(api: Api) -> None:
    admin = await _admin(api)
    asset = await _picture(api.store)
    clear = (
        "mutation C($id: ID!, $v: Int) { updateMedia(id: $id, expectedVersion: $v, "
        'input: {altText: null, keywords: ["flood", "Mill Lane"]}) { version altText } }'
    )
    assert _only(await admin.post(clear, {"id": asset, "v": 1})) == {
        "version": 2,
        "altText": None,
    }
    stale = await admin.post(clear, {"id": asset, "v": 1})
    extensions = stale["errors"][0]["extensions"]
    assert extensions["changedFields"] == ["altText", "keywords"]
    assert extensions["currentValues"] == {"altText": None, "keywords": ["flood", "Mill Lane"]}


async def test_a_users_conflict_never_shows_the_password(api: Api) -> None:
    admin = await _admin(api)
    token, user_id = await newsroom.login_as(api, model.Role.WRITER)
    changed = await api.as_editor(token).post(
        "mutation { changePassword(currentPassword: "
        f'"{newsroom.PASSWORD}", newPassword: "a new long passphrase") }}'
    )
    assert "errors" not in changed, changed
    stale = await admin.post(THINGS[-1].document(), {"id": user_id, "v": 1, "change": "Rosa"})
    extensions = stale["errors"][0]["extensions"]
    assert extensions["currentVersion"] == 2
    assert extensions["changedFields"] == []
    assert extensions["currentValues"] == {}


async def test_a_story_conflict_carries_the_current_values(api: Api) -> None:
    refs = await newsroom.newsroom(api)
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    created = (await editor.gql(newsroom.CREATE, {"input": newsroom.story_input(refs)}))[
        "createArticle"
    ]
    await editor.gql(
        newsroom.UPDATE, {"id": created["id"], "v": 1, "input": {"dek": "Detour of 20 minutes."}}
    )
    stale = await editor.post(
        newsroom.UPDATE, {"id": created["id"], "v": 1, "input": {"headline": "Bridge shut"}}
    )
    extensions = stale["errors"][0]["extensions"]
    assert extensions["code"] == "CONFLICT"
    assert extensions["changedFields"] == ["dek"]
    assert extensions["currentValues"] == {"dek": "Detour of 20 minutes."}
    assert (extensions["currentVersion"], extensions["yourVersion"]) == (2, 1)


async def test_add_correction_requires_the_version_read(api: Api) -> None:
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    body = await editor.post(
        'mutation C($id: ID!) { addCorrection(id: $id, text: "A name was misspelt.") { id } }',
        {"id": new_id()},
    )
    assert [e["extensions"]["code"] for e in body["errors"]] == ["GRAPHQL_VALIDATION_FAILED"]


CAPTION = (
    "mutation M($id: ID!, $text: String) { updateMedia(id: $id, input: {caption: $text}) {"
    " caption } }"
)


async def test_only_the_desk_changes_an_asset_a_live_story_shows(api: Api) -> None:
    """A writer could otherwise recaption a live story's picture, or end its rights, unseen."""
    refs = await newsroom.newsroom(api)
    writer = api.as_editor(await newsroom.user(api, model.Role.WRITER))
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    drafted = await _picture(api.store)
    await factories.story(
        api.store,
        slug="mill-lane-draft",
        author_ids=(refs["author"],),
        published_at=None,
        lead_id=drafted,
    )
    live = await factories.story(api.store, slug="mill-lane-floods", author_ids=(refs["author"],))
    assert live.lead_media is not None
    shown = live.lead_media.asset_id

    changed = await writer.gql(CAPTION, {"id": drafted, "text": "Sandbags on Mill Lane."})
    assert changed["updateMedia"]["caption"] == "Sandbags on Mill Lane."
    for change in ({"caption": "Not what happened."}, {"rightsExpireAt": "2020-01-01T00:00:00Z"}):
        refused = await writer.post(
            "mutation M($id: ID!, $input: MediaInput!) { updateMedia(id: $id, input: $input) {"
            " caption } }",
            {"id": shown, "input": change},
        )
        [error] = refused["errors"]
        assert error["extensions"]["code"] == "FORBIDDEN"
        assert (
            error["message"] == "A live story shows this asset: only an editor may change it now."
        )
        assert error["extensions"]["articles"] == [live.id]
    unchanged = await api.store.media.get(shown)
    assert unchanged is not None
    assert unchanged.caption == "Flood water on Mill Lane."
    assert (unchanged.rights_expire_at, unchanged.version) == (None, 1)

    by_desk = await editor.gql(CAPTION, {"id": shown, "text": "Mill Lane under water at dawn."})
    assert by_desk["updateMedia"]["caption"] == "Mill Lane under water at dawn."
