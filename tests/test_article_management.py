"""Editing stories on /admin/graphql: validation, conflicts, revisions, leases, previews,
take-downs and the admin's listings."""

from __future__ import annotations

from typing import Any

from cms import model
from tests import newsroom
from tests.conftest import Api
from tests.newsroom import CREATE, UPDATE, step

ARTICLE = """
query A($id: ID!) {
  article(id: $id) {
    slug headline dek tags version status hasUnpublishedChanges
    owner { email }
    revisions { id number version actor { email } }
    editLease { user { email } expiresAt }
  }
}
"""
DIFF = """
query D($from: ID!, $to: ID!) { revisionDiff(fromId: $from, toId: $to) { field before after } }
"""
PUBLIC = (
    "query P($slug: String!, $t: String) { article(slug: $slug, previewToken: $t) { headline } }"
)


async def _desk(api: Api) -> tuple[Api, dict[str, str]]:
    refs = await newsroom.newsroom(api)
    return api.as_editor(await newsroom.user(api, model.Role.EDITOR)), refs


async def _create(editor: Api, refs: dict[str, str], **changes: Any) -> dict[str, Any]:
    data = await editor.gql(CREATE, {"input": {**newsroom.story_input(refs), **changes}})
    created: dict[str, Any] = data["createArticle"]
    return created


async def test_publish_validation_lists_every_failure_at_once(api: Api) -> None:
    editor, refs = await _desk(api)
    story = await _create(
        editor, refs, section=None, bylines=[], body=[], leadMedia=None, slug="bare-story"
    )
    await editor.gql(step("submitArticle"), {"id": story["id"], "v": 1})
    await editor.gql(step("approveArticle"), {"id": story["id"], "v": 2})

    body = await editor.post(step("publishArticle"), {"id": story["id"], "v": 3})

    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert sorted(error["extensions"]["fields"]) == ["authors", "body", "leadMedia", "section"]
    assert (await api.store.articles.get(story["id"])).status is model.Status.APPROVED


async def test_input_is_validated_before_anything_is_written(api: Api) -> None:
    editor, refs = await _desk(api)
    body = await editor.post(
        CREATE,
        {
            "input": {
                **newsroom.story_input(refs),
                "slug": "Not A Slug",
                "section": "no-such-section",
                "bylines": [{"authorId": "6b0000000000000000000000"}],
                "body": [{"heading": {"text": "Too deep", "level": 9}}],
            }
        },
    )
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert set(error["extensions"]["fields"]) == {"slug", "section", "bylines", "body"}
    assert await api.store.articles.count() == 0
    two_kinds = await editor.post(
        CREATE,
        {
            "input": {
                **newsroom.story_input(refs),
                "body": [{"heading": {"text": "A"}, "pullQuote": {"text": "B"}}],
            }
        },
    )
    assert two_kinds["errors"][0]["extensions"]["code"] in (
        "BAD_USER_INPUT",
        "GRAPHQL_VALIDATION_FAILED",
    )
    assert await api.store.articles.count() == 0


async def test_partial_update_keeps_what_it_does_not_name(api: Api) -> None:
    editor, refs = await _desk(api)
    story = await _create(editor, refs)
    await editor.gql(UPDATE, {"id": story["id"], "v": 1, "input": {"tags": ["bridges"]}})
    found = (await editor.gql(ARTICLE, {"id": story["id"]}))["article"]
    assert found["tags"] == ["bridges"]
    assert found["headline"] == "Harbour bridge closes for six weeks of repairs"
    assert found["dek"] == "Commuters face a 20-minute detour from Monday."


async def test_a_diff_shows_an_empty_field_as_null(api: Api) -> None:
    editor, refs = await _desk(api)
    story = await _create(editor, refs, dek=None)
    await editor.gql(UPDATE, {"id": story["id"], "v": 1, "input": {"dek": "A dek at last"}})
    revisions = (await editor.gql(ARTICLE, {"id": story["id"]}))["article"]["revisions"]

    diff = await editor.gql(DIFF, {"from": revisions[1]["id"], "to": revisions[0]["id"]})
    back = await editor.gql(DIFF, {"from": revisions[0]["id"], "to": revisions[1]["id"]})

    assert diff["revisionDiff"] == [{"field": "dek", "before": None, "after": "A dek at last"}]
    assert back["revisionDiff"] == [{"field": "dek", "before": "A dek at last", "after": None}]


async def test_a_stale_version_names_what_changed_and_writes_nothing(api: Api) -> None:
    editor, refs = await _desk(api)
    story = await _create(editor, refs)
    await editor.gql(UPDATE, {"id": story["id"], "v": 1, "input": {"headline": "New headline"}})
    await editor.gql(step("submitArticle"), {"id": story["id"], "v": 2})

    stale = await editor.post(UPDATE, {"id": story["id"], "v": 1, "input": {"dek": "Mine"}})

    error = stale["errors"][0]
    assert error["extensions"] == {
        "code": "CONFLICT",
        "currentVersion": 3,
        "yourVersion": 1,
        "changedFields": ["headline"],
        "currentValues": {"headline": "New headline"},
    }
    assert (await api.store.articles.get(story["id"])).dek != "Mine"


async def test_revisions_diff_and_restore(api: Api) -> None:
    editor, refs = await _desk(api)
    story = await _create(editor, refs)
    await editor.gql(UPDATE, {"id": story["id"], "v": 1, "input": {"headline": "Second"}})
    revisions = (await editor.gql(ARTICLE, {"id": story["id"]}))["article"]["revisions"]
    assert [r["number"] for r in revisions] == [2, 1]
    assert revisions[0]["actor"]["email"].startswith("editor-")

    diff = await editor.gql(DIFF, {"from": revisions[1]["id"], "to": revisions[0]["id"]})
    assert diff["revisionDiff"] == [
        {
            "field": "headline",
            "before": "Harbour bridge closes for six weeks of repairs",
            "after": "Second",
        }
    ]

    restored = await editor.gql(
        """mutation R($id: ID!, $rev: ID!) {
             restoreRevision(id: $id, expectedVersion: 2, revisionId: $rev) { headline version }
           }""",
        {"id": story["id"], "rev": revisions[1]["id"]},
    )
    assert restored["restoreRevision"] == {
        "headline": "Harbour bridge closes for six weeks of repairs",
        "version": 3,
    }
    after = (await editor.gql(ARTICLE, {"id": story["id"]}))["article"]["revisions"]
    assert [r["number"] for r in after] == [3, 2, 1], "a restore is a new revision"


async def test_edit_leases_stop_silent_overwrites(api: Api) -> None:
    refs = await newsroom.newsroom(api)
    ana = api.as_editor(await newsroom.user(api, model.Role.EDITOR, "ana@newsroom.example"))
    ben = api.as_editor(await newsroom.user(api, model.Role.EDITOR, "ben@newsroom.example"))
    story = await _create(ana, refs)
    lease = "mutation L($id: ID!) { acquireEditLease(id: $id) { user { email } expiresAt } }"
    take_over = "mutation T($id: ID!) { takeOverEditLease(id: $id) { user { email } } }"

    held = await ana.gql(lease, {"id": story["id"]})
    assert held["acquireEditLease"]["user"]["email"] == "ana@newsroom.example"
    seen = (await ben.gql(ARTICLE, {"id": story["id"]}))["article"]["editLease"]
    assert seen["user"]["email"] == "ana@newsroom.example"
    assert await ben.error_codes(lease, {"id": story["id"]}) == ["LEASE_HELD"]
    blocked = await ben.post(UPDATE, {"id": story["id"], "v": 1, "input": {"dek": "Ben's"}})
    assert blocked["errors"][0]["extensions"]["code"] == "LEASE_HELD"
    assert await ana.gql(lease, {"id": story["id"]}), "the holder renews"

    taken = await ben.gql(take_over, {"id": story["id"]})
    assert taken["takeOverEditLease"]["user"]["email"] == "ben@newsroom.example"
    assert await ben.gql(UPDATE, {"id": story["id"], "v": 1, "input": {"dek": "Ben's"}})
    ana_save = await ana.post(UPDATE, {"id": story["id"], "v": 2, "input": {"dek": "Ana's"}})
    assert ana_save["errors"][0]["extensions"]["code"] == "LEASE_HELD"

    api.clock.advance(seconds=api.settings.lease_seconds + 1)
    assert (await ana.gql(ARTICLE, {"id": story["id"]}))["article"]["editLease"] is None
    assert await ana.gql(UPDATE, {"id": story["id"], "v": 2, "input": {"dek": "Ana's"}})


async def test_take_down_keeps_the_record_and_delivery_says_taken_down(api: Api) -> None:
    editor, refs = await _desk(api)
    story = await _create(editor, refs)
    for version, mutation in enumerate(["submitArticle", "approveArticle", "publishArticle"], 1):
        await editor.gql(step(mutation), {"id": story["id"], "v": version})
    assert (await api.gql(PUBLIC, {"slug": story["slug"]}))["article"]

    killed = await editor.gql(
        step("takeDownArticle", "reason"),
        {"id": story["id"], "v": 4, "reason": "Court order 2026/114"},
    )

    assert killed["takeDownArticle"]["status"] == "TAKEN_DOWN"
    assert await api.error_codes(PUBLIC, {"slug": story["slug"]}) == ["TAKEN_DOWN"]
    kept = (await editor.gql(ARTICLE, {"id": story["id"]}))["article"]
    assert kept["headline"] == "Harbour bridge closes for six weeks of repairs"
    listed = await api.gql("{ articles { edges { node { slug } } } }")
    assert listed["articles"]["edges"] == []
    assert (await api.gql(PUBLIC, {"slug": "never-existed"}))["article"] is None
    no_reason = await editor.post(
        step("takeDownArticle", "reason"), {"id": story["id"], "v": 5, "reason": " "}
    )
    assert no_reason["errors"][0]["extensions"]["code"] in ("BAD_USER_INPUT", "INVALID_TRANSITION")


async def test_a_preview_token_shows_one_working_copy_and_nothing_else(api: Api) -> None:
    editor, refs = await _desk(api)
    story = await _create(editor, refs)
    other = await _create(editor, refs, slug="another-draft")
    minted = await editor.gql(
        "mutation P($id: ID!) { createPreviewToken(id: $id) { token expiresAt } }",
        {"id": story["id"]},
    )
    token = minted["createPreviewToken"]["token"]

    assert (await api.gql(PUBLIC, {"slug": story["slug"]}))["article"] is None
    shown = await api.gql(PUBLIC, {"slug": story["slug"], "t": token})
    assert shown["article"]["headline"] == "Harbour bridge closes for six weeks of repairs"
    assert (await api.gql(PUBLIC, {"slug": other["slug"], "t": token}))["article"] is None

    api.clock.advance(seconds=api.settings.preview_ttl_seconds + 1)
    assert await api.error_codes(PUBLIC, {"slug": story["slug"], "t": token}) == ["UNAUTHENTICATED"]
    session = editor.token
    assert session is not None
    assert await api.error_codes(PUBLIC, {"slug": story["slug"], "t": session}) == [
        "UNAUTHENTICATED"
    ], "a session token is not a preview token"


async def test_listings_by_status_section_and_author(api: Api) -> None:
    editor, refs = await _desk(api)
    first = await _create(editor, refs, slug="first-story")
    await _create(editor, refs, slug="second-story", section=None)
    api.clock.advance(minutes=1)
    await editor.gql(step("submitArticle"), {"id": first["id"], "v": 1})
    listing = """query L($status: Status, $section: String, $author: String) {
      articles(status: $status, section: $section, author: $author, first: 10) {
        edges { node { slug status } } pageInfo { hasNextPage }
      }
    }"""

    async def slugs(**filters: Any) -> list[str]:
        data = await editor.gql(listing, filters)
        return [e["node"]["slug"] for e in data["articles"]["edges"]]

    assert await slugs() == ["first-story", "second-story"], "most recently changed first"
    assert await slugs(status="IN_REVIEW") == ["first-story"]
    assert await slugs(section="news") == ["first-story"]
    assert await slugs(author="ada-reporter") == ["first-story", "second-story"]
    assert await slugs(author="nobody") == []


async def test_directory_keeps_what_stories_use(api: Api) -> None:
    admin = api.as_editor(await newsroom.user(api, model.Role.ADMIN))
    refs = await newsroom.newsroom(api)
    await _create(admin, refs)
    in_use = await admin.post(
        "mutation D($id: ID!) { deleteAuthor(id: $id) }", {"id": refs["author"]}
    )
    assert in_use["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    holds = await admin.post('mutation { deleteSection(slug: "news") }')
    assert holds["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    created = await admin.gql(
        'mutation { createAuthor(input: {slug: "kim-lee", name: "Kim Lee",'
        ' email: "kim@newsroom.example"}) { id email } }'
    )
    assert created["createAuthor"]["email"] == "kim@newsroom.example"
    renamed = await admin.gql(
        'mutation U($id: ID!) { updateAuthor(id: $id, input: {title: "Courts reporter"}) '
        "{ name title } }",
        {"id": created["createAuthor"]["id"]},
    )
    assert renamed["updateAuthor"] == {"name": "Kim Lee", "title": "Courts reporter"}
    assert await admin.gql(
        "mutation D($id: ID!) { deleteAuthor(id: $id) }", {"id": created["createAuthor"]["id"]}
    )
    duplicate = await admin.post('mutation { createSection(slug: "news", name: "Again") { slug } }')
    assert duplicate["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_unknown_ids_are_not_found(api: Api) -> None:
    editor, _ = await _desk(api)
    missing = "6b0000000000000000000000"
    assert (await editor.gql(ARTICLE, {"id": missing}))["article"] is None
    assert await editor.error_codes(step("submitArticle"), {"id": missing, "v": 1}) == ["NOT_FOUND"]
    assert await editor.error_codes(step("submitArticle"), {"id": "bad", "v": 1}) == [
        "BAD_USER_INPUT"
    ]
