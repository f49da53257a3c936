"""Password resets: an admin gives a user a temporary password, shown once, and every session
of the user ends at once."""

from __future__ import annotations

from typing import Any

from cms import model
from tests import factories, newsroom
from tests.conftest import Api
from tests.newsroom import LOGIN, PASSWORD

RESET = """
mutation R($id: ID!) { resetPassword(id: $id) { user { id email version } temporaryPassword } }
"""
ME = "{ me { email } }"


async def _login(api: Api, email: str, password: str) -> dict[str, Any]:
    return await api.as_editor(None).post(LOGIN, {"email": email, "password": password})


async def test_an_admin_resets_a_password_and_every_session_of_the_user_ends(api: Api) -> None:
    admin = api.as_editor(await newsroom.user(api, model.Role.ADMIN))
    email = "ada.reporter@newsroom.example"
    first, user_id = await newsroom.login_as(api, model.Role.WRITER, email)
    second = (await _login(api, email, PASSWORD))["data"]["login"]["token"]

    reset = (await admin.gql(RESET, {"id": user_id}))["resetPassword"]

    temporary = reset["temporaryPassword"]
    assert reset["user"] == {"id": user_id, "email": email, "version": 2}
    assert len(temporary) >= 20
    for token in (first, second):
        body = await api.as_editor(token).post(ME)
        assert body["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED", "reason": "REVOKED"}
    old = await _login(api, email, PASSWORD)
    assert old["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    token = (await _login(api, email, temporary))["data"]["login"]["token"]
    assert (await api.as_editor(token).gql(ME))["me"]["email"] == email
    stored = await api.store.users.get(user_id)
    assert stored is not None
    assert stored.password_hash.startswith("$argon2")
    assert temporary not in stored.password_hash
    again = (await admin.gql(RESET, {"id": user_id}))["resetPassword"]["temporaryPassword"]
    assert again != temporary


async def test_writers_and_editors_may_not_reset_passwords(api: Api) -> None:
    _, user_id = await newsroom.login_as(api, model.Role.WRITER, "bo.writer@newsroom.example")
    before = await api.store.users.get(user_id)
    for role in (model.Role.WRITER, model.Role.EDITOR):
        caller = api.as_editor(await newsroom.user(api, role))
        assert await caller.error_codes(RESET, {"id": user_id}) == ["FORBIDDEN"]
    assert await api.store.users.get(user_id) == before, "nothing was written"
    assert "data" in await _login(api, "bo.writer@newsroom.example", PASSWORD)


async def test_an_unknown_or_malformed_user_id_is_refused(api: Api) -> None:
    admin = api.as_editor(await newsroom.user(api, model.Role.ADMIN))
    assert await admin.error_codes(RESET, {"id": factories.new_id()}) == ["NOT_FOUND"]
    assert await admin.error_codes(RESET, {"id": "not-an-id"}) == ["BAD_USER_INPUT"]
    assert await api.as_editor(None).error_codes(RESET, {"id": factories.new_id()}) == [
        "UNAUTHENTICATED"
    ]
