"""A schema-driven fuzz run against a production-mode app: no 5xx, no INTERNAL_SERVER_ERROR.

The documents and variables come from our checked-in schemas by hypothesis-graphql, with the
strategies of ``test_bad_input`` (valid documents and documents with one violation; variables
mostly of the declared type, now and then anything JSON can carry). Here the app runs as in
production (introspection and suggestions off, the default query limits, HSTS), each answer
must also carry the security headers and a request id, and the example counts are small so
the run takes seconds; ``test_bad_input`` runs longer in development mode.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import hypothesis
import pytest
from hypothesis import given
from pydantic import SecretStr

from cms import model
from cms.config import Settings
from cms.store import Store
from tests import newsroom
from tests.conftest import Api, Clock, running_app
from tests.test_bad_input import (
    DELIVERY_DOCUMENTS,
    DELIVERY_PAYLOADS,
    EDITOR_DOCUMENTS,
    EDITOR_PAYLOADS,
    GENERATED,
    MANAGEMENT_DOCUMENTS,
    assert_handled,
)

pytestmark = [
    pytest.mark.filterwarnings(
        "ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning"
    ),
]

FEW = hypothesis.settings(GENERATED, max_examples=25)


@pytest.fixture
async def production(settings: Settings, store: Store, clock: Clock) -> AsyncIterator[Api]:
    strict = settings.model_copy(
        update={"env": "production", "secret_key": SecretStr("f" * 40), "rate_limit": False}
    )
    async with running_app(strict, store, clock) as api:
        await newsroom.newsroom(api)  # a section, an author and a picture to find
        yield api


@pytest.fixture
async def editor_token(production: Api) -> str:
    return await newsroom.user(production, model.Role.EDITOR)


async def _send(api: Api, path: str, payload: dict[str, Any], token: str | None = None) -> None:
    headers = {} if token is None else {"authorization": f"Bearer {token}"}
    response = await api.client.post(path, json=payload, headers=headers)
    assert_handled(payload, response)
    assert response.headers.get("x-request-id"), response.headers
    assert response.headers.get("strict-transport-security"), response.headers
    assert response.headers.get("x-content-type-options") == "nosniff", response.headers


@FEW
@given(document=DELIVERY_DOCUMENTS)
async def test_generated_delivery_documents(production: Api, document: str) -> None:
    await _send(production, "/graphql", {"query": document})


@FEW
@given(payload=DELIVERY_PAYLOADS)
async def test_generated_delivery_variables(production: Api, payload: dict[str, Any]) -> None:
    await _send(production, "/graphql", payload)


@FEW
@given(document=MANAGEMENT_DOCUMENTS)
async def test_generated_management_documents_without_a_token(
    production: Api, document: str
) -> None:
    await _send(production, "/admin/graphql", {"query": document})


@FEW
@given(document=EDITOR_DOCUMENTS)
async def test_generated_management_documents_as_an_editor(
    production: Api, editor_token: str, document: str
) -> None:
    await _send(production, "/admin/graphql", {"query": document}, editor_token)


@FEW
@given(payload=EDITOR_PAYLOADS)
async def test_generated_management_variables_as_an_editor(
    production: Api, editor_token: str, payload: dict[str, Any]
) -> None:
    await _send(production, "/admin/graphql", payload, editor_token)
