"""Users, logins and sessions: who may use the management API, and for how long.

A token is valid while its signature holds, it has not expired and its session is still open
and its own user's; logout closes the session, a password change closes all of the user's
sessions. Wrong passwords (at login, sign-in or password change) are counted in the database,
so every server process sees them, per email from one client address and per address: after a
few, the next attempt from there must wait, longer each time. Neither count is kept per email
alone, so a stranger who knows an email cannot lock its owner out from elsewhere.
"""

from __future__ import annotations

import dataclasses
import re
import secrets
from datetime import datetime, timedelta

from cms import model
from cms.domain import security, versions
from cms.domain.directory import require_admin
from cms.errors import BadUserInput, Forbidden, NotFound, Unauthenticated
from cms.store import Store
from cms.store.codec import new_id

FREE_ATTEMPTS = 5  # per email from one address
ADDRESS_FREE_ATTEMPTS = 20  # per address, whatever the emails tried
FAILURE_WINDOW = timedelta(minutes=15)
MAX_WAIT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10
ROLES_WHO_LOG_IN = (model.Role.WRITER, model.Role.EDITOR, model.Role.ADMIN)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


USER = versions.Kind(noun="user", shown=("email", "role", "name"))


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BadUserInput(
            f"The password must have at least {MIN_PASSWORD_LENGTH} characters.",
            field="password",
        )


def _check_email(email: str) -> str:
    email = email.strip().lower()
    if not _EMAIL.match(email):
        raise BadUserInput(f"{email!r} is not an email address.", field="email")
    return email


async def create_user(
    store: Store,
    *,
    email: str,
    role: model.Role,
    password: str,
    now: datetime,
    name: str | None = None,
) -> model.User:
    """A new account; there is no default one."""
    if role not in ROLES_WHO_LOG_IN:
        raise BadUserInput(f"{role} is not a role a user can have.", field="role")
    _check_password(password)
    user = model.User(
        id=new_id(),
        email=_check_email(email),
        role=role,
        name=name,
        password_hash=security.hash_password(password),
        created_at=now,
    )
    return await store.users.insert(user)


async def add_user(
    store: Store,
    principal: model.Principal,
    *,
    email: str,
    role: model.Role,
    password: str,
    now: datetime,
    name: str | None = None,
) -> model.User:
    """An account an admin opens for someone (admins only); ``create_user`` is the console's,
    where no one is signed in."""
    require_admin(principal)
    return await create_user(store, email=email, role=role, password=password, now=now, name=name)


async def all_users(store: Store, principal: model.Principal) -> list[model.User]:
    """Every account, by email (admins only)."""
    require_admin(principal)
    return await store.users.all()


@dataclasses.dataclass(frozen=True, slots=True)
class Login:
    token: str
    user: model.User
    expires_at: datetime


async def login(
    store: Store,
    *,
    email: str,
    password: str,
    client: str,
    secret: str,
    ttl: timedelta,
    now: datetime,
) -> Login:
    """A session token for the right password; the same vague error for every wrong one.
    ``client`` is the address the attempt comes from: failures are counted per address."""
    email = email.strip().lower()
    await _check_not_slowed(store, email, client, now)
    user = await store.users.by_email(email)
    stored = user.password_hash if user else security.dummy_hash()
    if not security.password_matches(stored, password):
        await _count_failure(store, email, client, now)
        raise Unauthenticated("Wrong email or password.")
    assert user is not None
    await store.login_failures.clear(_pair(email, client))
    session_id = secrets.token_urlsafe(18)
    expires_at = now + ttl
    await store.sessions.open(session_id=session_id, user_id=user.id, expires_at=expires_at)
    token = security.sign(
        secret=secret,
        audience=security.SESSION,
        subject=user.id,
        token_id=session_id,
        now=now,
        ttl=ttl,
    )
    return Login(token=token, user=user, expires_at=expires_at)


def _pair(email: str, client: str) -> str:
    return f"{email} from {client}"


def _address(client: str) -> str:
    return f"from {client}"


async def _check_not_slowed(store: Store, email: str, client: str, now: datetime) -> None:
    blocked_until = await store.login_failures.blocked_until(
        (_pair(email, client), _address(client))
    )
    if blocked_until is not None and blocked_until > now:
        wait = int((blocked_until - now).total_seconds()) + 1
        raise Unauthenticated(
            f"Too many failed logins; try again in {wait} seconds.", retryAfter=wait
        )


async def _count_failure(store: Store, email: str, client: str, now: datetime) -> None:
    for key, free in (
        (_pair(email, client), FREE_ATTEMPTS),
        (_address(client), ADDRESS_FREE_ATTEMPTS),
    ):
        failures = await store.login_failures.record(key, now=now, window=FAILURE_WINDOW)
        if failures >= free:
            wait = min(timedelta(seconds=2 ** (failures - free + 1)), MAX_WAIT)
            await store.login_failures.block(key, until=now + wait)


async def authenticate(store: Store, *, token: str, secret: str, now: datetime) -> model.Principal:
    """Who the bearer of a session token is, if the token and its session are still valid."""
    claims = security.verify(token, secret=secret, audience=security.SESSION, now=now)
    owner = await store.sessions.owner(claims.token_id, now=now)
    if owner is None:
        raise Unauthenticated("The session has ended; log in again.", reason="REVOKED")
    if owner != claims.subject:
        # A token is only as good as the session it names, and that session is its owner's.
        raise Unauthenticated("The token is not valid.")
    user = await store.users.get(claims.subject)
    if user is None:
        raise Unauthenticated("The account no longer exists.", reason="REVOKED")
    return model.Principal(
        user_id=user.id, role=user.role, email=user.email, session_id=claims.token_id
    )


async def logout(store: Store, principal: model.Principal) -> None:
    if principal.session_id is not None:
        await store.sessions.close(principal.session_id)


async def change_password(
    store: Store,
    principal: model.Principal,
    *,
    current: str,
    new: str,
    client: str,
    now: datetime,
) -> None:
    """Set a new password and end every session of the user, this one included. A wrong
    current password is counted and slowed down as a failed login is."""
    user = await store.users.get(principal.user_id)
    if user is None:
        raise Unauthenticated("The account no longer exists.", reason="REVOKED")
    await _check_not_slowed(store, user.email, client, now)
    if not security.password_matches(user.password_hash, current):
        await _count_failure(store, user.email, client, now)
        raise Unauthenticated("The current password is wrong.")
    _check_password(new)
    await store.login_failures.clear(_pair(user.email, client))
    changed = versions.bumped(user, password_hash=security.hash_password(new))
    await versions.save(
        store.users, user, changed, kind=USER, held=None, missing=lambda: _no_user(user.id)
    )
    await store.sessions.close_all(user.id)


def _no_user(user_id: str) -> NotFound:
    return NotFound(f"No user with id {user_id!r}.", id=user_id)


async def update_user(
    store: Store,
    principal: model.Principal,
    *,
    user_id: str,
    role: model.Role | None,
    name: str | None,
    expected_version: int | None = None,
) -> model.User:
    """Change a user's role or name (admins only; never an admin's own admin role)."""
    require_admin(principal)
    user = await store.users.get(user_id)
    if user is None:
        raise _no_user(user_id)
    await versions.check(store.users, user, expected_version, kind=USER)
    if role is not None and role not in ROLES_WHO_LOG_IN:
        raise BadUserInput(f"{role} is not a role a user can have.", field="role")
    if user.id == principal.user_id and role not in (None, model.Role.ADMIN):
        raise Forbidden("An admin cannot take away their own admin role.")
    updated = versions.bumped(user, role=role or user.role, name=name or user.name)
    await versions.save(
        store.users,
        user,
        updated,
        kind=USER,
        held=expected_version,
        missing=lambda: _no_user(user_id),
    )
    if updated.role != user.role:
        await store.sessions.close_all(user.id)
    return updated


async def delete_user(store: Store, principal: model.Principal, *, user_id: str) -> None:
    """Delete an account and end its sessions (admins only; never one's own)."""
    require_admin(principal)
    if user_id == principal.user_id:
        raise Forbidden("An admin cannot delete their own account.")
    if not await store.users.delete(user_id):
        raise NotFound(f"No user with id {user_id!r}.", id=user_id)
    await store.sessions.close_all(user_id)


# A temporary password: 18 random bytes, 24 URL-safe characters (144 bits).
_TEMPORARY_BYTES = 18


async def reset_password(
    store: Store, principal: model.Principal, *, user_id: str
) -> tuple[model.User, str]:
    """Give a user a new random password, shown once to the admin and kept only as its hash,
    and end every session of the user in the same transaction (admins only)."""
    if principal.role is not model.Role.ADMIN:
        raise Forbidden("Only admins may reset a password.")
    user = await store.users.get(user_id)
    if user is None:
        raise _no_user(user_id)
    temporary = secrets.token_urlsafe(_TEMPORARY_BYTES)
    changed = versions.bumped(user, password_hash=security.hash_password(temporary))

    async def reset(tx: Store) -> None:
        await versions.save(
            tx.users, user, changed, kind=USER, held=None, missing=lambda: _no_user(user_id)
        )
        await tx.sessions.close_all(user_id)

    await store.atomically(reset)
    return changed, temporary
