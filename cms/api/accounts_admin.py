"""Accounts on the editors' schema: who is signed in, logins and sessions, and the users.

Logins are throttled per client address across every process; admin-only calls say so in
``cms.domain.accounts``.
"""

from __future__ import annotations

import math
from datetime import timedelta

import strawberry

from cms import model
from cms.api import inputs
from cms.api.editorial import LoginResult, ManagementInfo, SignInResult, User
from cms.api.enums import Role
from cms.api.permissions import SignedIn
from cms.domain import accounts
from cms.errors import RateLimited


@strawberry.type
class AccountQueries:
    @strawberry.field(permission_classes=[SignedIn], description="The logged-in user.")
    async def me(self, info: ManagementInfo) -> User:
        principal = info.context.actor()
        user = await info.context.loaders.users_by_id.load(principal.user_id)
        assert user is not None, "authenticate() checked the user exists"
        return User.build(user)

    @strawberry.field(permission_classes=[SignedIn], description="Every account (admins only).")
    async def users(self, info: ManagementInfo) -> list[User]:
        users = await accounts.all_users(info.context.store, info.context.actor())
        return [User.build(u) for u in users]


async def _check_login_rate(info: ManagementInfo) -> None:
    """Password checks (logins, sign-ins, password changes) are limited per address, far below
    the general limit and across every process, so guessing is slow; a refusal is HTTP 429
    with ``Retry-After``."""
    ctx = info.context
    wait = await ctx.exchange.login_wait(now=ctx.now())
    if wait > 0:
        retry = max(1, math.ceil(wait))
        ctx.exchange.retry_later(retry)
        raise RateLimited(f"Too many logins from here; retry in {retry} s.", retryAfter=retry)


async def _login(info: ManagementInfo, *, email: str, password: str) -> accounts.Login:
    """Both sign-ins (token and cookie) go through the same throttling."""
    ctx = info.context
    await _check_login_rate(info)
    return await accounts.login(
        ctx.store,
        email=email,
        password=password,
        client=ctx.exchange.client,
        secret=ctx.secret,
        ttl=timedelta(seconds=ctx.settings.token_ttl_seconds),
        now=ctx.now(),
    )


@strawberry.type
class AccountMutations:
    @strawberry.mutation(description="A session token for the right email and password.")
    async def login(self, info: ManagementInfo, email: str, password: str) -> LoginResult:
        done = await _login(info, email=email, password=password)
        return LoginResult(token=done.token, expires_at=done.expires_at, user=User.build(done.user))

    @strawberry.mutation(
        description="The desk's sign-in: the session is set in the `cms_session` cookie "
        "(HttpOnly, SameSite=Strict, Path=/admin); send `X-CMS-Desk: 1` with every request "
        "it signs."
    )
    async def sign_in(self, info: ManagementInfo, email: str, password: str) -> SignInResult:
        done = await _login(info, email=email, password=password)
        ctx = info.context
        lifetime = timedelta(seconds=ctx.settings.token_ttl_seconds)
        ctx.exchange.open_session(token=done.token, lifetime=lifetime)
        return SignInResult(user=User.build(done.user), expires_at=done.expires_at)

    @strawberry.mutation(
        permission_classes=[SignedIn], description="End this session; its token stops working."
    )
    async def logout(self, info: ManagementInfo) -> bool:
        await accounts.logout(info.context.store, info.context.actor())
        return True

    @strawberry.mutation(description="End the desk's session and clear its cookie.")
    async def sign_out(self, info: ManagementInfo) -> bool:
        # Cleared even when the session has already ended, so no dead cookie lingers.
        info.context.exchange.end_session()
        await accounts.logout(info.context.store, info.context.actor())
        return True

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Set a new password; every session of the user ends.",
    )
    async def change_password(
        self, info: ManagementInfo, current_password: str, new_password: str
    ) -> bool:
        principal = info.context.actor()
        await _check_login_rate(info)
        await accounts.change_password(
            info.context.store,
            principal,
            current=current_password,
            new=new_password,
            client=info.context.exchange.client,
            now=info.context.now(),
        )
        return True

    @strawberry.mutation(permission_classes=[SignedIn], description="A new account (admins only).")
    async def create_user(
        self, info: ManagementInfo, email: str, role: Role, password: str, name: str | None = None
    ) -> User:
        user = await accounts.add_user(
            info.context.store,
            info.context.actor(),
            email=email,
            role=model.Role(role.value),
            password=password,
            name=name,
            now=info.context.now(),
        )
        return User.build(user)

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Change a user's role or name (admins only). " + inputs.STALE,
    )
    async def update_user(
        self,
        info: ManagementInfo,
        id: strawberry.ID,
        role: Role | None = None,
        name: str | None = None,
        expected_version: int | None = None,
    ) -> User:
        user = await accounts.update_user(
            info.context.store,
            info.context.actor(),
            user_id=str(id),
            role=None if role is None else model.Role(role.value),
            name=name,
            expected_version=expected_version,
        )
        return User.build(user)

    @strawberry.mutation(
        permission_classes=[SignedIn],
        description="Delete an account and end its sessions (admins only).",
    )
    async def delete_user(self, info: ManagementInfo, id: strawberry.ID) -> bool:
        await accounts.delete_user(info.context.store, info.context.actor(), user_id=str(id))
        return True
