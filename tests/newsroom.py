"""Helpers for tests of the management API: accounts, logins and the documents editors send."""

from __future__ import annotations

from typing import Any

from cms import model
from cms.domain import accounts
from tests import factories
from tests.conftest import Api

PASSWORD = "correct horse battery"

LOGIN = """
mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { token expiresAt user { id email role } }
}
"""

ARTICLE_FIELDS = """
id slug headline status version hasUnpublishedChanges publishAt unpublishAt publishedAt
"""

CREATE = f"""
mutation Create($input: ArticleInput!) {{ createArticle(input: $input) {{ {ARTICLE_FIELDS} }} }}
"""

UPDATE = f"""
mutation Update($id: ID!, $v: Int!, $input: ArticleInput!) {{
  updateArticle(id: $id, expectedVersion: $v, input: $input) {{ {ARTICLE_FIELDS} }}
}}
"""


def step(mutation: str, *extra: str) -> str:
    """A workflow mutation taking id and expectedVersion (and the extra String! arguments)."""
    params = "".join(f", ${name}: String!" for name in extra)
    args = "".join(f", {name}: ${name}" for name in extra)
    return f"""
mutation Step($id: ID!, $v: Int!{params}) {{
  {mutation}(id: $id, expectedVersion: $v{args}) {{ {ARTICLE_FIELDS} }}
}}
"""


SCHEDULE = f"""
mutation Schedule($id: ID!, $v: Int!, $at: DateTime, $until: DateTime) {{
  scheduleArticle(id: $id, expectedVersion: $v, publishAt: $at, unpublishAt: $until) {{
    {ARTICLE_FIELDS}
  }}
}}
"""


async def user(api: Api, role: model.Role, email: str | None = None) -> str:
    """A user of this role, logged in through the API; returns the bearer token."""
    return (await login_as(api, role, email))[0]


async def login_as(api: Api, role: model.Role, email: str | None = None) -> tuple[str, str]:
    """A new user of this role, logged in: (token, user id)."""
    email = email or f"{role.lower()}-{factories.new_id()[-6:]}@newsroom.example"
    await accounts.create_user(
        api.store, email=email, role=role, password=PASSWORD, now=api.clock()
    )
    data = await api.as_editor(None).gql(LOGIN, {"email": email, "password": PASSWORD})
    return data["login"]["token"], data["login"]["user"]["id"]


async def newsroom(api: Api) -> dict[str, str]:
    """A section, an author and a credited picture: what a story needs to be published."""
    await factories.section(api.store)
    return {
        "author": await factories.author(api.store),
        "picture": await factories.picture(api.store),
    }


def story_input(refs: dict[str, str], slug: str = "harbour-bridge-closes") -> dict[str, Any]:
    return {
        "slug": slug,
        "headline": "Harbour bridge closes for six weeks of repairs",
        "dek": "Commuters face a 20-minute detour from Monday.",
        "section": "news",
        "tags": ["transport"],
        "bylines": [{"authorId": refs["author"]}],
        "dateline": "Port Averell, UK",
        "leadMedia": {"assetId": refs["picture"]},
        "body": [
            {"paragraph": {"inlines": [{"text": "The bridge will close on Monday."}]}},
            {
                "paragraph": {
                    "inlines": [
                        {"text": "Engineers found ", "bold": False},
                        {"text": "corroded cables", "bold": True},
                    ]
                }
            },
        ],
    }
