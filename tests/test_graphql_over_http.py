"""GraphQL over HTTP, the spec's MUST and SHOULD rules for POST, on both endpoints in production.

The cases are those of the GraphQL over HTTP working group's audit suite (graphql-http's
``src/audits/server.ts``, ids in brackets), for ``application/json`` and
``application/graphql-response+json``. Where an audit asks ``__type`` (introspection, off in
production) the same rule is checked with a document that needs none. GET is left out on
/admin/graphql (it takes POST only) and the MAY rules are not required.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from cms.config import Settings
from cms.store import Store
from tests.conftest import Clock, running_app

BOTH = ["/graphql", "/admin/graphql"]
GRAPHQL_RESPONSE = "application/graphql-response+json"
TYPENAME = json.dumps({"query": "{ __typename }"})
# A document with a variable that needs no introspection and no login.
WITH_VARIABLE = "query Flag($on: Boolean!) { __typename @include(if: $on) }"


@pytest.fixture
async def http(settings: Settings, store: Store, clock: Clock) -> AsyncIterator[httpx.AsyncClient]:
    """A client on the app in production mode that sees a 500 as a real server sends it."""
    strict = settings.model_copy(update={"env": "production", "secret_key": SecretStr("p" * 40)})
    async with running_app(strict, store, clock) as api:
        app = api.client._transport.app  # type: ignore[attr-defined]
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


async def _post(
    http: httpx.AsyncClient, path: str, body: Any, *, accept: str | None = None, **headers: str
) -> httpx.Response:
    sent = {"content-type": "application/json", **headers}
    if accept is not None:
        sent["accept"] = accept
    content = body if isinstance(body, str | bytes) else json.dumps(body)
    return await http.post(path, content=content, headers=sent)


def _has_no_errors(response: httpx.Response) -> None:
    assert response.status_code == 200, response.text
    assert "errors" not in response.json(), response.text


@pytest.mark.parametrize("path", BOTH)
async def test_media_types(http: httpx.AsyncClient, path: str) -> None:
    # 22EB, 4655, 47DE, 80D8, 82A3, BF61, 78D5, 2C94, 03D4
    for accept, answered in [
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        ("application/json", "application/json"),
        ("*/*", "application/json"),
        (None, "application/json"),
    ]:
        response = await _post(http, path, TYPENAME, accept=accept)
        _has_no_errors(response)
        assert response.headers["content-type"].startswith(answered), (accept, response.headers)
        response.content.decode("utf-8")
    typed = await _post(http, path, TYPENAME, **{"content-type": "application/json; charset=utf-8"})
    _has_no_errors(typed)


@pytest.mark.parametrize("path", BOTH)
async def test_a_post_without_a_content_type_is_a_4xx(http: httpx.AsyncClient, path: str) -> None:
    # 9ABE
    response = await http.post(path, content=TYPENAME)
    assert 400 <= response.status_code < 500, response.text


@pytest.mark.parametrize("path", BOTH)
@pytest.mark.parametrize("accept", ["application/json", GRAPHQL_RESPONSE])
async def test_parameters(http: httpx.AsyncClient, path: str, accept: str) -> None:
    # 13EE, 34A2, B8B3, 8161, 94B0-2, 0220-2, 28B9, 2EA1, 1B7A, 428F
    accepted = [
        {"query": "{ __typename }"},
        {"query": "query Query { __typename }", "operationName": "Query"},
        {"query": "{ __typename }", "variables": None},
        {"query": "{ __typename }", "operationName": None},
        {"query": "{ __typename }", "extensions": None},
        {"query": WITH_VARIABLE, "variables": {"on": True}},
        {"query": "{ __typename }", "extensions": {"some": "value"}},
    ]
    for body in accepted:
        _has_no_errors(await _post(http, path, body, accept=accept))


@pytest.mark.parametrize("path", BOTH)
async def test_parameters_of_the_wrong_type_are_a_400(http: httpx.AsyncClient, path: str) -> None:
    # 8764, 3E3A, 423L, LKJ0-3, 6C00-3, 4760-3, 58B0-3, A5BF
    refused: list[Any] = [{"qeury": "{ __typename }"}, {"notquery": "{ __typename }"}]
    for invalid in [{"obj": "ect"}, 0, False, ["array"]]:
        refused.append({"query": invalid})
        refused.append({"query": "{ __typename }", "operationName": invalid})
    for invalid in ["string", 0, False, ["array"]]:
        refused.append({"query": "{ __typename }", "variables": invalid})
        refused.append({"query": "{ __typename }", "extensions": invalid})
    for body in refused:
        for accept in ("application/json", GRAPHQL_RESPONSE):
            response = await _post(http, path, body, accept=accept)
            assert response.status_code == 400, (body, accept, response.text)
            assert "data" not in response.json(), response.text
    assert (await _post(http, path, "")).status_code == 400


@pytest.mark.parametrize("path", BOTH)
async def test_a_body_that_is_not_json_is_a_400(http: httpx.AsyncClient, path: str) -> None:
    # BCF8, B7N8
    for accept in ("application/json", GRAPHQL_RESPONSE):
        response = await _post(http, path, '{ "not a JSON', accept=accept)
        assert response.status_code == 400, response.text
        assert "data" not in response.json(), response.text


# A document that does not parse, one that does not validate, a variable that does not fit.
REQUEST_ERRORS = [
    {"query": "{"},
    {"query": "{ 8f31403dfe404bccbb0e835f2629c6a7 }"},
    {"query": "query CoerceFailure($id: ID!){ __typename }", "variables": {"id": None}},
]


@pytest.mark.parametrize("path", BOTH)
async def test_a_request_that_cannot_run_with_application_json(
    http: httpx.AsyncClient, path: str
) -> None:
    # 572B, FDE2, 7B9B
    for body in REQUEST_ERRORS:
        response = await _post(http, path, body, accept="application/json")
        assert response.status_code == 200, (body, response.text)
        assert response.json()["errors"], response.text


@pytest.mark.parametrize("path", BOTH)
async def test_a_request_that_cannot_run_with_graphql_response_json(
    http: httpx.AsyncClient, path: str
) -> None:
    # 865D, 556A, D586, 51FE, 74FF, 5E5B, 86EE: a 400, and no data entry at all
    for body in REQUEST_ERRORS:
        response = await _post(http, path, body, accept=GRAPHQL_RESPONSE)
        assert response.status_code == 400, (body, response.text)
        assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE), response.headers
        answer = response.json()
        assert "data" not in answer, answer
        assert answer["errors"], answer


async def test_an_error_while_executing_keeps_data_and_a_2xx(http: httpx.AsyncClient) -> None:
    """A resolver's error is not a request error: ``data`` is there (null where it failed)."""
    response = await _post(
        http, "/admin/graphql", {"query": "{ me { id } }"}, accept=GRAPHQL_RESPONSE
    )
    answer = response.json()
    assert response.status_code == 200, response.text
    assert "data" in answer, answer
    assert [e["extensions"]["code"] for e in answer["errors"]] == ["UNAUTHENTICATED"]


async def test_no_mutation_over_get(http: httpx.AsyncClient) -> None:
    # 9C48
    for path in BOTH:
        response = await http.get(
            path, params={"query": "mutation { __typename }"}, headers={"accept": GRAPHQL_RESPONSE}
        )
        assert 400 <= response.status_code < 500, response.text
