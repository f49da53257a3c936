"""The desk's cookie sign-in: the cookie's attributes, the desk's header, and a session that
ends like a token's (sign-out, expiry, password change)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from http.cookies import SimpleCookie
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from cms import model
from cms.config import Settings
from cms.store import Store
from tests import newsroom
from tests.conftest import Api, Clock, running_app
from tests.media_api import UPLOAD, halves
from tests.newsroom import LOGIN, PASSWORD

SIGN_IN = """
mutation SignIn($email: String!, $password: String!) {
  signIn(email: $email, password: $password) { expiresAt user { email role } }
}
"""
ME = {"query": "{ me { email } }"}
DESK = {"x-cms-desk": "1"}


async def _account(api: Api, email: str = "lena.ortiz@newsroom.example") -> str:
    await newsroom.login_as(api, model.Role.WRITER, email)
    return email


async def _sign_in(api: Api, email: str, password: str = PASSWORD) -> httpx.Response:
    variables = {"email": email, "password": password}
    response = await api.client.post(
        "/admin/graphql", json={"query": SIGN_IN, "variables": variables}
    )
    api.client.cookies.clear()  # each test sends the cookie it means to send
    return response


def _cookie(response: httpx.Response) -> Any:
    """The ``cms_session`` morsel the response sets."""
    jar: SimpleCookie = SimpleCookie()
    for header in response.headers.get_list("set-cookie"):
        jar.load(header)
    return jar["cms_session"]


async def _me(api: Api, cookie: str | None, **headers: str) -> httpx.Response:
    if cookie is not None:
        headers["cookie"] = f"cms_session={cookie}"
    return await api.client.post("/admin/graphql", json=ME, headers=headers)


def _error(response: httpx.Response) -> dict[str, Any]:
    errors = response.json()["errors"]
    assert len(errors) == 1, errors
    error: dict[str, Any] = errors[0]
    return error


async def test_sign_in_sets_a_cookie_scripts_cannot_read(api: Api) -> None:
    email = await _account(api)
    response = await _sign_in(api, email)
    body = response.json()
    assert "errors" not in body, body
    assert body["data"]["signIn"]["user"] == {"email": email, "role": "WRITER"}
    assert "token" not in response.text, "the session travels only in the cookie"
    cookie = _cookie(response)
    assert cookie["httponly"] is True
    assert cookie["samesite"].lower() == "strict"
    assert cookie["path"] == "/admin"
    assert cookie["max-age"] == str(api.settings.token_ttl_seconds)
    assert not cookie["secure"], "plain http in development"

    signed_in = await _me(api, cookie.value, **DESK)
    assert signed_in.json() == {"data": {"me": {"email": email}}}


async def test_the_cookie_alone_is_refused_before_the_body_is_read(api: Api) -> None:
    cookie = _cookie(await _sign_in(api, await _account(api))).value
    read = []

    async def body() -> AsyncIterator[bytes]:
        read.append(True)
        yield b'{"query": "mutation { signOut }"}'

    response = await api.client.post(
        "/admin/graphql",
        content=body(),
        headers={"cookie": f"cms_session={cookie}", "content-type": "application/json"},
    )
    assert response.status_code == 403
    assert _error(response)["extensions"]["code"] == "CSRF_CHECK_FAILED"
    assert response.headers["x-request-id"]
    assert read == [], "refused before the body was read"
    assert (await _me(api, cookie, **{"x-cms-desk": "yes"})).status_code == 403
    assert (await _me(api, cookie, **DESK)).json()["data"]["me"], "the session still stands"


async def test_an_authorization_header_wins_over_the_cookie(api: Api) -> None:
    cookie = _cookie(await _sign_in(api, await _account(api))).value
    token = await newsroom.user(api, model.Role.EDITOR, "omar.haddad@newsroom.example")
    by_token = await _me(api, cookie, authorization=f"Bearer {token}")
    assert by_token.json() == {"data": {"me": {"email": "omar.haddad@newsroom.example"}}}
    broken = await _me(api, cookie, authorization="Bearer not-a-token", **DESK)
    assert _error(broken)["extensions"]["code"] == "UNAUTHENTICATED"


async def test_sign_out_ends_the_session_and_clears_the_cookie(api: Api) -> None:
    cookie = _cookie(await _sign_in(api, await _account(api))).value
    headers = {"cookie": f"cms_session={cookie}", **DESK}
    response = await api.client.post(
        "/admin/graphql", json={"query": "mutation { signOut }"}, headers=headers
    )
    api.client.cookies.clear()
    assert response.json() == {"data": {"signOut": True}}
    cleared = _cookie(response)
    assert cleared.value == ""
    assert cleared["max-age"] == "0"
    assert cleared["path"] == "/admin"

    after = _error(await _me(api, cookie, **DESK))
    assert after["extensions"] == {"code": "UNAUTHENTICATED", "reason": "REVOKED"}


async def test_an_expired_cookie_is_refused_like_an_expired_token(api: Api) -> None:
    cookie = _cookie(await _sign_in(api, await _account(api))).value
    api.clock.advance(seconds=api.settings.token_ttl_seconds + 1)
    error = _error(await _me(api, cookie, **DESK))
    assert error["extensions"] == {"code": "UNAUTHENTICATED", "reason": "EXPIRED"}


async def test_a_password_change_ends_the_cookie_session(api: Api) -> None:
    email = await _account(api)
    cookie = _cookie(await _sign_in(api, email)).value
    login = await api.as_editor(None).gql(LOGIN, {"email": email, "password": PASSWORD})
    token = login["login"]["token"]
    changed = await api.as_editor(token).gql(
        "mutation { changePassword(currentPassword: "
        f'"{PASSWORD}", newPassword: "a brand new passphrase") }}'
    )
    assert changed["changePassword"] is True
    error = _error(await _me(api, cookie, **DESK))
    assert error["extensions"] == {"code": "UNAUTHENTICATED", "reason": "REVOKED"}


async def test_uploads_signed_by_the_cookie_need_both_headers(api: Api) -> None:
    cookie = _cookie(await _sign_in(api, await _account(api))).value

    async def post(**headers: str) -> httpx.Response:
        return await api.client.post(
            "/admin/graphql",
            data={
                "operations": json.dumps({"query": UPLOAD, "variables": {"file": None}}),
                "map": json.dumps({"0": ["variables.file"]}),
            },
            files={"0": ("harbour.png", halves(), "image/png")},
            headers={"cookie": f"cms_session={cookie}", **headers},
        )

    assert (await post(**{"apollo-require-preflight": "true"})).status_code == 403
    assert (await post(**DESK)).status_code == 400
    done = await post(**DESK, **{"apollo-require-preflight": "true"})
    assert done.json()["data"]["uploadMedia"]["mimeType"] == "image/png"


@pytest.fixture
async def production(settings: Settings, store: Store, clock: Clock) -> AsyncIterator[Api]:
    strict = settings.model_copy(update={"env": "production", "secret_key": SecretStr("s" * 40)})
    async with running_app(strict, store, clock) as running:
        yield running


async def test_the_cookie_is_secure_in_production(production: Api) -> None:
    cookie = _cookie(await _sign_in(production, await _account(production)))
    assert cookie["secure"] is True


@pytest.fixture
async def strict_logins(settings: Settings, store: Store, clock: Clock) -> AsyncIterator[Api]:
    tight = settings.model_copy(update={"login_attempts_per_minute": 2})
    async with running_app(tight, store, clock) as running:
        yield running


async def test_sign_in_is_throttled_like_login(strict_logins: Api) -> None:
    email = await _account(strict_logins)  # one login
    wrong = await _sign_in(strict_logins, email, "not the passphrase")
    assert _error(wrong)["extensions"]["code"] == "UNAUTHENTICATED"
    refused = await _sign_in(strict_logins, email)
    assert _error(refused)["extensions"]["code"] == "RATE_LIMITED"
    assert "set-cookie" not in refused.headers
