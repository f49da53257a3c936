"""Authors' social links: admins set them (https only), readers see them on the author."""

from __future__ import annotations

from typing import Any

from cms import model
from tests import newsroom
from tests.conftest import Api

PROFILE = "id slug version socialLinks { network: label url }"
CREATE = f"mutation C($input: AuthorInput!) {{ createAuthor(input: $input) {{ {PROFILE} }} }}"
UPDATE = f"""
mutation U($id: ID!, $input: AuthorInput!, $v: Int) {{
  updateAuthor(id: $id, input: $input, expectedVersion: $v) {{ {PROFILE} }}
}}
"""
PUBLIC = (
    "query A($slug: String!) { author(slug: $slug) { name socialLinks { network: label url } } }"
)
MASTODON = {"network": "Mastodon", "url": "https://social.example/@ada"}
SITE = {"network": "Website", "url": "https://ada-reporter.example/"}


def _author(**given: Any) -> dict[str, Any]:
    return {"slug": "ada-reporter", "name": "Ada Reporter", **given}


async def test_admins_set_links_that_readers_see(api: Api) -> None:
    admin = api.as_editor(await newsroom.user(api, model.Role.ADMIN))
    created = (await admin.gql(CREATE, {"input": _author(socialLinks=[MASTODON])}))["createAuthor"]
    assert created["socialLinks"] == [MASTODON]
    shown = await api.gql(PUBLIC, {"slug": "ada-reporter"})
    assert shown["author"]["socialLinks"] == [MASTODON]

    spaced = {"network": " Website ", "url": " https://ada-reporter.example/ "}
    both = {"input": {"socialLinks": [spaced, MASTODON]}, "id": created["id"], "v": 1}
    updated = (await admin.gql(UPDATE, both))["updateAuthor"]
    assert updated["socialLinks"] == [SITE, MASTODON]
    assert (await api.gql(PUBLIC, {"slug": "ada-reporter"}))["author"]["socialLinks"] == [
        SITE,
        MASTODON,
    ]
    renamed = {"input": {"name": "Ada Q. Reporter"}, "id": created["id"], "v": 2}
    assert (await admin.gql(UPDATE, renamed))["updateAuthor"]["socialLinks"] == [SITE, MASTODON]
    cleared = {"input": {"socialLinks": None}, "id": created["id"], "v": 3}
    assert (await admin.gql(UPDATE, cleared))["updateAuthor"]["socialLinks"] == []


async def test_links_other_than_https_are_refused_and_nothing_written(api: Api) -> None:
    admin = api.as_editor(await newsroom.user(api, model.Role.ADMIN))
    created = (await admin.gql(CREATE, {"input": _author(socialLinks=[SITE])}))["createAuthor"]
    bad_links = [
        {"network": "Website", "url": "http://ada-reporter.example/"},
        {"network": "Website", "url": "javascript:alert(1)"},
        {"network": "Website", "url": "https://"},
        {"network": "Website", "url": "//ada-reporter.example/"},
        {"network": "Website", "url": "https://ada reporter.example/"},
        {"network": " ", "url": "https://ada-reporter.example/"},
    ]
    for links in [[bad] for bad in bad_links] + [[SITE] * 21]:
        variables = {"id": created["id"], "v": 1, "input": {"socialLinks": links}}
        body = await admin.post(UPDATE, variables)
        error = body["errors"][0]["extensions"]
        assert error["code"] == "BAD_USER_INPUT", links
        assert list(error["fields"]) == ["socialLinks"]
    new = await admin.post(CREATE, {"input": _author(slug="bo-writer", socialLinks=bad_links[:1])})
    assert new["errors"][0]["extensions"]["fields"] == {
        "socialLinks": "'http://ada-reporter.example/' is not an https address"
    }
    stored = await api.store.authors.get(created["id"])
    assert stored is not None
    assert (stored.version, stored.social_links) == (1, (model.SocialLink(**SITE),))
    assert await api.store.authors.by_slug("bo-writer") is None


async def test_editors_may_not_change_authors_links(api: Api) -> None:
    admin = api.as_editor(await newsroom.user(api, model.Role.ADMIN))
    editor = api.as_editor(await newsroom.user(api, model.Role.EDITOR))
    created = (await admin.gql(CREATE, {"input": _author()}))["createAuthor"]
    variables = {"id": created["id"], "v": 1, "input": {"socialLinks": [SITE]}}
    assert await editor.error_codes(UPDATE, variables) == ["FORBIDDEN"]
