"""Logins, sessions and tokens: expiry, revocation, slowed-down guessing, the CLI."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from ipaddress import ip_network
from typing import Any

import pytest
from click.testing import CliRunner

from cms import model
from cms.cli import main
from cms.config import Settings
from cms.domain import accounts, security
from cms.store import Store
from tests import newsroom
from tests.conftest import Api, Clock, running_app
from tests.newsroom import LOGIN, PASSWORD

ME = "{ me { email role } }"


async def test_login_returns_a_token_that_opens_the_management_api(api: Api) -> None:
    await accounts.create_user(
        api.store,
        email="Desk@Newsroom.example",
        role=model.Role.EDITOR,
        password=PASSWORD,
        now=api.clock(),
    )
    anonymous = api.as_editor(None)
    login = await anonymous.gql(LOGIN, {"email": "desk@newsroom.example", "password": PASSWORD})
    assert login["login"]["user"] == {
        "id": login["login"]["user"]["id"],
        "email": "desk@newsroom.example",
        "role": "EDITOR",
    }
    me = await api.as_editor(login["login"]["token"]).gql(ME)
    assert me["me"] == {"email": "desk@newsroom.example", "role": "EDITOR"}
    assert await anonymous.error_codes(ME) == ["UNAUTHENTICATED"]
    assert await api.as_editor("not-a-token").error_codes(ME) == ["UNAUTHENTICATED"]


async def test_wrong_passwords_and_unknown_emails_get_the_same_answer(api: Api) -> None:
    await newsroom.user(api, model.Role.WRITER, "ada@newsroom.example")
    anonymous = api.as_editor(None)
    wrong = await anonymous.post(LOGIN, {"email": "ada@newsroom.example", "password": "nope"})
    unknown = await anonymous.post(LOGIN, {"email": "bo@newsroom.example", "password": "nope"})
    assert wrong["errors"][0]["message"] == unknown["errors"][0]["message"]
    assert wrong["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_repeated_failures_are_slowed_down(api: Api) -> None:
    await newsroom.user(api, model.Role.WRITER, "ada@newsroom.example")
    anonymous = api.as_editor(None)
    bad = {"email": "ada@newsroom.example", "password": "guess"}
    for _ in range(accounts.FREE_ATTEMPTS):
        assert await anonymous.error_codes(LOGIN, bad) == ["UNAUTHENTICATED"]

    blocked = await anonymous.post(LOGIN, {"email": "ada@newsroom.example", "password": PASSWORD})
    error = blocked["errors"][0]
    assert error["extensions"]["retryAfter"] >= 2, "even the right password must wait"
    assert "Too many failed logins" in error["message"]

    api.clock.advance(seconds=error["extensions"]["retryAfter"])
    assert await anonymous.gql(LOGIN, {"email": "ada@newsroom.example", "password": PASSWORD})


async def test_tokens_expire(api: Api) -> None:
    token = await newsroom.user(api, model.Role.WRITER)
    editor = api.as_editor(token)
    assert await editor.gql(ME)
    api.clock.advance(seconds=api.settings.token_ttl_seconds + 1)
    body = await editor.post(ME)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert body["errors"][0]["extensions"]["reason"] == "EXPIRED"


async def test_token_times_are_read_by_our_clock_not_the_machines(api: Api) -> None:
    """The test clock stands years ahead of the machine's: a token it issued works at once, and
    one issued later than our clock's now (a server with a clock running fast) is refused."""
    token = await newsroom.user(api, model.Role.WRITER)
    editor = api.as_editor(token)
    assert await editor.gql(ME), "issued in the machine's future, valid by ours"
    api.clock.advance(hours=-1)
    body = await editor.post(ME)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert body["errors"][0]["message"] == "The token is not valid."


async def test_logout_revokes_only_that_token(api: Api) -> None:
    await newsroom.user(api, model.Role.WRITER, "ada@newsroom.example")
    anonymous = api.as_editor(None)
    credentials = {"email": "ada@newsroom.example", "password": PASSWORD}
    first = (await anonymous.gql(LOGIN, credentials))["login"]["token"]
    second = (await anonymous.gql(LOGIN, credentials))["login"]["token"]

    assert (await api.as_editor(first).gql("mutation { logout }"))["logout"] is True

    assert await api.as_editor(first).error_codes(ME) == ["UNAUTHENTICATED"]
    assert await api.as_editor(second).gql(ME)


async def test_password_change_revokes_every_session(api: Api) -> None:
    await newsroom.user(api, model.Role.WRITER, "ada@newsroom.example")
    anonymous = api.as_editor(None)
    credentials = {"email": "ada@newsroom.example", "password": PASSWORD}
    laptop = (await anonymous.gql(LOGIN, credentials))["login"]["token"]
    phone = (await anonymous.gql(LOGIN, credentials))["login"]["token"]

    changed = await api.as_editor(laptop).gql(
        'mutation { changePassword(currentPassword: "correct horse battery",'
        ' newPassword: "a brand new passphrase") }'
    )

    assert changed["changePassword"] is True
    for token in (laptop, phone):
        assert await api.as_editor(token).error_codes(ME) == ["UNAUTHENTICATED"]
    assert await anonymous.error_codes(LOGIN, credentials) == ["UNAUTHENTICATED"]
    new = {"email": "ada@newsroom.example", "password": "a brand new passphrase"}
    assert await anonymous.gql(LOGIN, new)


async def test_a_short_password_or_bad_email_is_refused(api: Api) -> None:
    admin = api.as_editor(await newsroom.user(api, model.Role.ADMIN))
    short = await admin.post(
        'mutation { createUser(email: "a@newsroom.example", role: WRITER, password: "short") '
        "{ id } }"
    )
    assert short["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "password"}
    email = await admin.post(
        'mutation { createUser(email: "not-an-email", role: WRITER, '
        'password: "long enough password") { id } }'
    )
    assert email["errors"][0]["extensions"]["field"] == "email"
    assert [u.role for u in await api.store.users.all()] == [model.Role.ADMIN], "nothing written"


def test_cli_creates_a_user_from_stdin_and_there_is_no_default_account(
    settings: Settings,
) -> None:
    env = {"CMS_MONGODB_URI": settings.mongodb_uri, "CMS_DATABASE": settings.database}
    runner = CliRunner()
    created = runner.invoke(
        main,
        ["users", "create", "editor@newsroom.example", "--role", "editor", "--password-stdin"],
        input="a long enough password\n",
        env=env,
    )
    assert created.exit_code == 0, created.output
    assert "Created editor editor@newsroom.example" in created.output
    duplicate = runner.invoke(
        main,
        ["users", "create", "editor@newsroom.example", "--role", "admin", "--password-stdin"],
        input="a long enough password\n",
        env=env,
    )
    assert duplicate.exit_code == 1
    assert "already in use" in duplicate.output
    short = runner.invoke(
        main,
        ["users", "create", "w@newsroom.example", "--role", "writer", "--password-stdin"],
        input="short\n",
        env=env,
    )
    assert short.exit_code == 1
    assert "at least 10 characters" in short.output


async def test_a_session_serves_only_its_own_user(api: Api) -> None:
    """A token that names someone else's user beside its own session is refused: holding one
    session must not open another user's account, even with the signing key."""
    writer_token = await newsroom.user(api, model.Role.WRITER, "ada@newsroom.example")
    _, admin_id = await newsroom.login_as(api, model.Role.ADMIN, "chief@newsroom.example")
    secret = api.settings.secret_key.get_secret_value()
    claims = security.verify(
        writer_token, secret=secret, audience=security.SESSION, now=api.clock()
    )
    forged = security.sign(
        secret=secret,
        audience=security.SESSION,
        subject=admin_id,
        token_id=claims.token_id,
        now=api.clock(),
        ttl=timedelta(hours=1),
    )
    body = await api.as_editor(forged).post(ME)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert body["data"] is None
    assert (await api.as_editor(writer_token).gql(ME))["me"]["email"] == "ada@newsroom.example"


CHANGE_PASSWORD = """
mutation Change($current: String!, $new: String!) {
  changePassword(currentPassword: $current, newPassword: $new)
}
"""


async def test_guessing_the_current_password_is_slowed_like_a_login(api: Api) -> None:
    token = await newsroom.user(api, model.Role.WRITER, "ada@newsroom.example")
    holder = api.as_editor(token)
    guess = {"current": "is it this one", "new": "a brand new passphrase"}
    for _ in range(accounts.FREE_ATTEMPTS):
        assert await holder.error_codes(CHANGE_PASSWORD, guess) == ["UNAUTHENTICATED"]

    right = {"current": PASSWORD, "new": "a brand new passphrase"}
    slowed = (await holder.post(CHANGE_PASSWORD, right))["errors"][0]
    assert slowed["extensions"]["retryAfter"] >= 2, "even the right password must wait"
    assert await holder.gql(ME), "the session is untouched"

    api.clock.advance(seconds=slowed["extensions"]["retryAfter"])
    assert (await holder.gql(CHANGE_PASSWORD, right))["changePassword"] is True


@pytest.fixture
async def proxied(settings: Settings, store: Store, clock: Clock) -> AsyncIterator[Api]:
    """Behind our own reverse proxy (on this machine), which says who the client is."""
    behind = settings.model_copy(
        # Per-address back-off is under test, not the per-address rate limit.
        update={"trusted_proxies": [ip_network("127.0.0.1/32")], "login_attempts_per_minute": 100}
    )
    async with running_app(behind, store, clock) as running:
        yield running


async def _login_from(api: Api, address: str, email: str, password: str) -> dict[str, Any]:
    response = await api.client.post(
        "/admin/graphql",
        json={"query": LOGIN, "variables": {"email": email, "password": password}},
        headers={"x-forwarded-for": address},
    )
    body: dict[str, Any] = response.json()
    return body


async def test_a_stranger_cannot_lock_the_owner_out_from_elsewhere(proxied: Api) -> None:
    await newsroom.user(proxied, model.Role.EDITOR, "ada@newsroom.example")
    stranger, owner = "203.0.113.7", "198.51.100.20"
    for _ in range(accounts.FREE_ATTEMPTS + 2):
        await _login_from(proxied, stranger, "ada@newsroom.example", "a guess")
    locked = await _login_from(proxied, stranger, "ada@newsroom.example", PASSWORD)
    assert locked["errors"][0]["extensions"]["retryAfter"] >= 2, "the stranger must wait"

    signed_in = await _login_from(proxied, owner, "ada@newsroom.example", PASSWORD)
    assert signed_in["data"]["login"]["user"]["email"] == "ada@newsroom.example"


async def test_guessing_many_emails_from_one_address_is_slowed_too(proxied: Api) -> None:
    await newsroom.user(proxied, model.Role.EDITOR, "ada@newsroom.example")
    sprayer = "203.0.113.7"
    for n in range(accounts.ADDRESS_FREE_ATTEMPTS):
        body = await _login_from(proxied, sprayer, f"reader{n}@newsroom.example", "a guess")
        assert "retryAfter" not in body["errors"][0]["extensions"], n
    slowed = await _login_from(proxied, sprayer, "ada@newsroom.example", PASSWORD)
    assert slowed["errors"][0]["extensions"]["retryAfter"] >= 1
    elsewhere = await _login_from(proxied, "198.51.100.20", "ada@newsroom.example", PASSWORD)
    assert elsewhere["data"]["login"]["user"]["email"] == "ada@newsroom.example"
