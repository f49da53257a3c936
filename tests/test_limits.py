"""Query limits at and just past their bounds, refused before anything executes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from graphql import parse

from cms.api.delivery import delivery_schema
from cms.api.limits import estimate_cost
from cms.config import Settings
from cms.store import Store
from tests.conftest import Api, Clock, running_app

SECRET = "s" * 40


@pytest.fixture
async def production(settings: Settings, store: Store, clock: Clock) -> AsyncIterator[Api]:
    """The app as it runs in production (introspection off, suggestions hidden)."""
    strict = settings.model_copy(update={"env": "production", "secret_key": SECRET})
    async with running_app(strict, store, clock) as running:
        yield running


def _nested(depth: int) -> str:
    """section -> parent -> parent ... -> slug: depth ``depth`` (the root field is level 0)."""
    inner = "slug"
    for _ in range(depth - 1):
        inner = f"parent {{ {inner} }}"
    return f'{{ section(slug: "news") {{ {inner} }} }}'


async def _codes(api: Api, query: str, variables: dict[str, Any] | None = None) -> list[str]:
    response = await api.client.post("/graphql", json={"query": query, "variables": variables})
    body = response.json()
    return [e["extensions"]["code"] for e in body.get("errors", [])]


async def test_depth_at_and_past_the_limit(production: Api) -> None:
    limit = production.settings.max_depth
    assert await _codes(production, _nested(limit)) == []
    production.commands.names.clear()  # what start-up and the query at the limit read
    codes = await _codes(production, _nested(limit + 1))
    assert codes == ["GRAPHQL_VALIDATION_FAILED"]
    body = (await production.client.post("/graphql", json={"query": _nested(20)})).json()
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]
    assert "find" not in production.commands.names, "refused before any resolver ran"


async def test_aliases_at_and_past_the_limit(production: Api) -> None:
    limit = production.settings.max_aliases
    at = "{ " + " ".join(f"a{i}: sections {{ slug }}" for i in range(limit)) + " }"
    past = "{ " + " ".join(f"a{i}: sections {{ slug }}" for i in range(500)) + " }"
    assert await _codes(production, at) == []
    production.commands.names.clear()
    assert await _codes(production, past) == ["GRAPHQL_VALIDATION_FAILED"]
    assert production.commands.names == [], "nothing executed"


async def test_cost_at_and_past_the_limit(production: Api) -> None:
    query = (
        "query Q($n: Int) { articles(first: $n) { edges { node { authors {"
        " articles(first: $n) { edges { node { slug } } } } } } } }"
    )
    schema = delivery_schema()._schema
    cost = estimate_cost(schema, parse(query), {"n": 100}, None)
    assert cost > production.settings.max_cost
    production.commands.names.clear()
    body = (
        await production.client.post("/graphql", json={"query": query, "variables": {"n": 100}})
    ).json()
    error = body["errors"][0]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["maxCost"] == production.settings.max_cost
    assert production.commands.names == []
    assert await _codes(production, query, {"n": 10}) == []
    # costs are remembered per document and value of first, never for the document alone
    assert await _codes(production, query, {"n": 100}) == ["QUERY_TOO_COMPLEX"]
    assert await _codes(production, query, {"n": 10}) == []


async def test_page_size_at_and_past_the_limit(production: Api) -> None:
    assert await _codes(production, "{ articles(first: 100) { edges { cursor } } }") == []
    assert await _codes(production, "{ articles(first: 101) { edges { cursor } } }") == [
        "BAD_USER_INPUT"
    ]


async def test_a_batch_and_a_huge_document_are_refused(production: Api) -> None:
    batch = [{"query": "{ sections { slug } }"}] * 100
    refused = await production.client.post("/graphql", json=batch)
    assert refused.status_code == 400
    huge = "{ sections { slug } }" + " " * (2 * 1024 * 1024)
    too_big = await production.client.post("/graphql", json={"query": huge})
    assert too_big.status_code == 413
    assert too_big.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"
    limit = production.settings.max_document_bytes
    just_past = "{ sections { slug } }" + " " * limit
    past = await production.client.post("/graphql", json={"query": just_past})
    assert past.status_code == 413
    assert past.json()["errors"][0]["extensions"]["code"] == "DOCUMENT_TOO_LARGE"


async def _codes_at(
    api: Api, path: str, query: str, variables: dict[str, Any] | None = None
) -> tuple[list[str], list[str]]:
    """The codes and messages of the errors ``query`` gets at ``path``, without a token."""
    response = await api.client.post(path, json={"query": query, "variables": variables})
    errors = response.json().get("errors", [])
    return [e["extensions"]["code"] for e in errors], [e["message"] for e in errors]


# Misspellings that graphql-core answers with "Did you mean …?" (outside production): a field
# and arguments; below, a field of an input object given as a variable.
MISSPELT = [
    ("{ sectons { slug } }", None),
    ('{ section(slgu: "news") { slug } }', None),
    ('mutation { login(emial: "a@b.c", password: "x") { token } }', None),
    ("{ articles(statsu: DRAFT) { edges { cursor } } }", None),
]


@pytest.mark.parametrize("path", ["/graphql", "/admin/graphql"])
async def test_production_hides_the_schema(production: Api, path: str) -> None:
    for query in ("{ __schema { types { name } } }", '{ __type(name: "Query") { name } }'):
        codes, _ = await _codes_at(production, path, query)
        assert codes, (path, query)
        assert set(codes) == {"GRAPHQL_VALIDATION_FAILED"}, (path, query)
    for query, variables in MISSPELT:
        codes, messages = await _codes_at(production, path, query, variables)
        assert codes, (path, query)
        assert not any("Did you mean" in m for m in messages), (path, messages)
    upload = {
        "query": "mutation($i: MediaInput) { __typename }",
        "variables": {"i": {"captoin": "x"}},
    }
    body = (await production.client.post("/admin/graphql", json=upload)).json()
    assert body["errors"], body
    assert not any("Did you mean" in e["message"] for e in body["errors"]), body
    page = await production.client.get(path, headers={"accept": "text/html"})
    assert "graphiql" not in page.text.lower()


@pytest.mark.parametrize("path", ["/graphql", "/admin/graphql"])
async def test_development_keeps_introspection_and_suggestions(api: Api, path: str) -> None:
    codes, _ = await _codes_at(api, path, "{ __schema { types { name } } }")
    assert codes == []
    _, messages = await _codes_at(api, path, MISSPELT[0][0])
    assert "Did you mean" in messages[0]


async def test_the_management_endpoint_has_the_same_limits(production: Api) -> None:
    admin = production.as_editor(None)
    past = "{ " + " ".join(f"a{i}: me {{ email }}" for i in range(500)) + " }"
    assert await admin.error_codes(past) == ["GRAPHQL_VALIDATION_FAILED"]


async def test_cost_counts_a_variable_default_as_if_it_were_sent(production: Api) -> None:
    """``$n: Int = 100`` with no ``n`` sent costs as much as ``first: 100``."""
    # About 3,000 list items with 20 stories (the size without first), 15,000 with 100.
    inner = "articles(first: $n) { edges { node { authors { articles(first: 50) {"
    inner += " edges { node { slug } } } } } } }"
    literal = "{ " + inner.replace("$n", "100") + " }"
    assert await _codes(production, literal) == ["QUERY_TOO_COMPLEX"]
    defaulted = f"query Q($n: Int = 100) {{ {inner} }}"
    production.commands.names.clear()
    assert await _codes(production, defaulted) == ["QUERY_TOO_COMPLEX"]
    assert await _codes(production, defaulted, {"n": 10}) == []
    assert await _codes(production, defaulted, {"n": None}) == []  # null: 20 stories
    assert await _codes(production, defaulted) == ["QUERY_TOO_COMPLEX"], "not memoised as 10"
    assert (
        production.commands.names.count("aggregate") + production.commands.names.count("find") <= 6
    ), "the refused queries read nothing"


@pytest.mark.parametrize("path", ["/graphql", "/admin/graphql"])
async def test_piled_up_directives_get_one_error(production: Api, path: str) -> None:
    """graphql-cop's directive overloading: ten unknown directives were ten errors."""
    overloaded = "query cop { __typename @aa@aa@aa@aa@aa@aa@aa@aa@aa@aa }"
    codes, messages = await _codes_at(production, path, overloaded)
    assert codes == ["GRAPHQL_VALIDATION_FAILED"], messages
    assert "too many directives" in messages[0]
    known = "{ __typename @include(if: true) @include(if: true) @skip(if: false) @skip(if: false) }"
    assert (await _codes_at(production, path, known))[0] == ["GRAPHQL_VALIDATION_FAILED"]
    spread = "{ " + " ".join(f"a{i}: __typename @include(if: true)" for i in range(25)) + " }"
    assert (await _codes_at(production, path, spread))[0] == []
    many = "{ " + " ".join(["__typename @skip(if: false)"] * 51) + " }"
    codes, messages = await _codes_at(production, path, many)
    assert codes == ["GRAPHQL_VALIDATION_FAILED"], messages
    assert "too many directives" in messages[0]
