"""The editors' schema at /admin/graphql: every root field, each one call into the domain.

Everything but ``login`` and ``signIn`` needs a signed-in caller (see ``cms.api.auth``). Who
may take which workflow step is decided by the domain's transition table, not here; admin-only
families say so in the domain.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

import strawberry
from strawberry.extensions import DisableIntrospection

from cms import model
from cms.api import auth, inputs
from cms.api.ads_admin import AdSlotMutations, AdSlotQueries
from cms.api.editorial import (
    AuthorProfile,
    EditLease,
    EditorialArticle,
    EditorialArticleConnection,
    EditorialSection,
    FieldChange,
    LoginResult,
    ManagementInfo,
    Newsroom,
    PreviewToken,
    Role,
    SignInResult,
    Status,
    StatusCount,
    User,
)
from cms.api.errors import Schema
from cms.api.limits import extensions as limits_extensions
from cms.api.media_admin import MediaMutations, MediaQueries
from cms.api.types import AdsPolicy
from cms.config import QueryLimits
from cms.domain import accounts, directory, editing, publishing, reading
from cms.domain.workflow import Action
from cms.errors import RateLimited
from cms.rate_limits import SharedLimit

# What the update mutations of things besides stories say of their expectedVersion.
_STALE = (
    "With expectedVersion (the version you read), the answer is CONFLICT if it changed since "
    "(currentVersion, changedFields, currentValues), and nothing is written."
)


def _ttl(seconds: int) -> timedelta:
    return timedelta(seconds=seconds)


@strawberry.type
class Query(AdSlotQueries, MediaQueries):
    @strawberry.field(description="The logged-in user.")
    async def me(self, info: ManagementInfo) -> User:
        principal = info.context.actor()
        user = await info.context.loaders.users_by_id.load(principal.user_id)
        assert user is not None, "authenticate() checked the user exists"
        return User.build(user)

    @strawberry.field(description="A story in any status, by id.")
    async def article(self, info: ManagementInfo, id: strawberry.ID) -> EditorialArticle | None:
        info.context.actor()
        found = await info.context.loaders.articles_by_id.load(str(id))
        return None if found is None else EditorialArticle.build_editorial(found)

    @strawberry.field(
        description="Working copies, most recently changed first. `mine`: only stories the "
        "caller created; `search`: stories where each word begins a word of the headline, "
        "the slug or a byline's name, in any case."
    )
    async def articles(
        self,
        info: ManagementInfo,
        first: int | None = reading.DEFAULT_PAGE_SIZE,
        after: str | None = None,
        status: Status | None = None,
        section: str | None = None,
        author: str | None = None,
        mine: bool | None = False,
        search: str | None = None,
    ) -> EditorialArticleConnection:
        principal = info.context.actor()
        request = reading.PageRequest(first, after, info.context.settings.max_page_size)
        wanted = await reading.working_filter(
            info.context.store,
            status=None if status is None else model.Status(status.value),
            section=section,
            author=author,
            owner_id=principal.user_id if mine else None,
            search=search,
        )
        page = await reading.working_page(info.context.store, wanted, request)
        return EditorialArticleConnection.build(page, wanted=wanted, after=after)

    @strawberry.field(
        description="How many stories are in each status (every status, zeros included) "
        "under the same filters as `articles`: the budget's tabs."
    )
    async def article_counts(
        self,
        info: ManagementInfo,
        section: str | None = None,
        author: str | None = None,
        mine: bool | None = False,
        search: str | None = None,
    ) -> list[StatusCount]:
        principal = info.context.actor()
        wanted = await reading.working_filter(
            info.context.store,
            section=section,
            author=author,
            owner_id=principal.user_id if mine else None,
            search=search,
        )
        counts = await info.context.status_counts(wanted)
        return [StatusCount(status=Status(s.value), count=n) for s, n in counts.items()]

    @strawberry.field(description="The newsroom: its name, time zone and delivery API.")
    def newsroom(self, info: ManagementInfo) -> Newsroom:
        info.context.actor()
        settings = info.context.settings
        return Newsroom(
            name=settings.newsroom_name,
            time_zone=settings.time_zone,
            delivery_url=f"{settings.public_url}/graphql",
        )

    @strawberry.field(description="What changed between two revisions of one story.")
    async def revision_diff(
        self, info: ManagementInfo, from_id: strawberry.ID, to_id: strawberry.ID
    ) -> list[FieldChange]:
        info.context.actor()
        changes = await editing.revision_diff(
            info.context.store, from_id=str(from_id), to_id=str(to_id)
        )
        return [FieldChange.build(change) for change in changes]

    @strawberry.field
    async def authors(self, info: ManagementInfo) -> list[AuthorProfile]:
        info.context.actor()
        return [AuthorProfile.build_profile(a) for a in await info.context.store.authors.all()]

    @strawberry.field
    async def sections(self, info: ManagementInfo) -> list[EditorialSection]:
        info.context.actor()
        sections = await reading.sections(info.context.store)
        return [EditorialSection.build_editorial(s) for s in sections]

    @strawberry.field(description="Every account (admins only).")
    async def users(self, info: ManagementInfo) -> list[User]:
        directory.require_admin(info.context.actor())
        return [User.build(u) for u in await info.context.store.users.all()]


@strawberry.input
class AuthorInput:
    slug: str | None = inputs.UNSET
    name: str | None = inputs.UNSET
    title: str | None = inputs.UNSET
    bio: str | None = inputs.UNSET
    location: str | None = inputs.UNSET
    avatar_id: strawberry.ID | None = inputs.UNSET
    email: str | None = inputs.UNSET


def _author_fields(given: AuthorInput) -> dict[str, object]:
    fields = {k: v for k, v in vars(given).items() if v is not inputs.UNSET}
    if "avatar_id" in fields and fields["avatar_id"] is not None:
        fields["avatar_id"] = str(fields["avatar_id"])
    return fields


async def _check_login_rate(info: ManagementInfo) -> None:
    """Password checks (logins, sign-ins, password changes) are limited per address, far below
    the general limit and across every process, so guessing is slow; a refusal is HTTP 429
    with ``Retry-After``."""
    ctx = info.context
    limit: SharedLimit = ctx.request.state.login_limiter
    key = "login:" + auth.client_of(ctx.request)
    wait = await limit.wait(ctx.store.request_counts, key, now=ctx.now())
    if wait > 0:
        retry = max(1, math.ceil(wait))
        ctx.response.status_code = 429
        ctx.response.headers["retry-after"] = str(retry)
        raise RateLimited(f"Too many logins from here; retry in {retry} s.", retryAfter=retry)


async def _login(info: ManagementInfo, *, email: str, password: str) -> accounts.Login:
    """Both sign-ins (token and cookie) go through the same throttling."""
    ctx = info.context
    await _check_login_rate(info)
    return await accounts.login(
        ctx.store,
        email=email,
        password=password,
        client=auth.client_of(ctx.request),
        secret=ctx.secret,
        ttl=_ttl(ctx.settings.token_ttl_seconds),
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
        lifetime = _ttl(ctx.settings.token_ttl_seconds)
        auth.set_session_cookie(
            ctx.response, token=done.token, lifetime=lifetime, settings=ctx.settings
        )
        return SignInResult(user=User.build(done.user), expires_at=done.expires_at)

    @strawberry.mutation(description="End this session; its token stops working.")
    async def logout(self, info: ManagementInfo) -> bool:
        await accounts.logout(info.context.store, info.context.actor())
        return True

    @strawberry.mutation(description="End the desk's session and clear its cookie.")
    async def sign_out(self, info: ManagementInfo) -> bool:
        # Cleared even when the session has already ended, so no dead cookie lingers.
        auth.clear_session_cookie(info.context.response, settings=info.context.settings)
        await accounts.logout(info.context.store, info.context.actor())
        return True

    @strawberry.mutation(description="Set a new password; every session of the user ends.")
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
            client=auth.client_of(info.context.request),
            now=info.context.now(),
        )
        return True

    @strawberry.mutation(description="A new account (admins only).")
    async def create_user(
        self, info: ManagementInfo, email: str, role: Role, password: str, name: str | None = None
    ) -> User:
        directory.require_admin(info.context.actor())
        user = await accounts.create_user(
            info.context.store,
            email=email,
            role=model.Role(role.value),
            password=password,
            name=name,
            now=info.context.now(),
        )
        return User.build(user)

    @strawberry.mutation(description="Change a user's role or name (admins only). " + _STALE)
    async def update_user(
        self,
        info: ManagementInfo,
        id: strawberry.ID,
        role: Role | None = None,
        name: str | None = None,
        expected_version: int | None = None,
    ) -> User:
        principal = info.context.actor()
        directory.require_admin(principal)
        user = await accounts.update_user(
            info.context.store,
            principal,
            user_id=str(id),
            role=None if role is None else model.Role(role.value),
            name=name,
            expected_version=expected_version,
        )
        return User.build(user)

    @strawberry.mutation(description="Delete an account and end its sessions (admins only).")
    async def delete_user(self, info: ManagementInfo, id: strawberry.ID) -> bool:
        principal = info.context.actor()
        directory.require_admin(principal)
        await accounts.delete_user(info.context.store, principal, user_id=str(id))
        return True


@strawberry.type
class DirectoryMutations:
    @strawberry.mutation
    async def create_author(self, info: ManagementInfo, input: AuthorInput) -> AuthorProfile:
        author = await directory.create_author(
            info.context.store, info.context.actor(), _author_fields(input)
        )
        return AuthorProfile.build_profile(author)

    @strawberry.mutation(description="Change the given fields of an author. " + _STALE)
    async def update_author(
        self,
        info: ManagementInfo,
        id: strawberry.ID,
        input: AuthorInput,
        expected_version: int | None = None,
    ) -> AuthorProfile:
        author = await directory.update_author(
            info.context.store,
            info.context.actor(),
            str(id),
            _author_fields(input),
            expected_version=expected_version,
        )
        return AuthorProfile.build_profile(author)

    @strawberry.mutation
    async def delete_author(self, info: ManagementInfo, id: strawberry.ID) -> bool:
        await directory.delete_author(info.context.store, info.context.actor(), str(id))
        return True

    @strawberry.mutation(description="A new section; adsPolicy is its stories' default.")
    async def create_section(
        self,
        info: ManagementInfo,
        slug: str,
        name: str,
        parent: str | None = None,
        ads_policy: AdsPolicy | None = None,
    ) -> EditorialSection:
        section = await directory.create_section(
            info.context.store,
            info.context.actor(),
            slug=slug,
            name=name,
            parent=parent,
            ads_policy=inputs.ads_policy(ads_policy),
        )
        return EditorialSection.build_editorial(section)

    @strawberry.mutation(
        description="Rename or move a section, or change its ads policy. " + _STALE
    )
    async def update_section(
        self,
        info: ManagementInfo,
        slug: str,
        name: str | None = None,
        parent: str | None = None,
        ads_policy: AdsPolicy | None = None,
        expected_version: int | None = None,
    ) -> EditorialSection:
        section = await directory.update_section(
            info.context.store,
            info.context.actor(),
            slug=slug,
            name=name,
            parent=parent,
            ads_policy=inputs.ads_policy(ads_policy),
            expected_version=expected_version,
        )
        return EditorialSection.build_editorial(section)

    @strawberry.mutation
    async def delete_section(self, info: ManagementInfo, slug: str) -> bool:
        await directory.delete_section(info.context.store, info.context.actor(), slug=slug)
        return True


@strawberry.type
class ArticleMutations:
    @strawberry.mutation(description="A new draft, owned by its creator.")
    async def create_article(
        self, info: ManagementInfo, input: inputs.ArticleInput
    ) -> EditorialArticle:
        ctx = info.context
        article = await editing.create_article(
            ctx.store, ctx.actor(), content=inputs.article_content(input), now=ctx.now()
        )
        return EditorialArticle.build_editorial(article)

    @strawberry.mutation(
        description="Change the fields given; the others stay. If the story changed since "
        "expectedVersion, the answer is CONFLICT (currentVersion, yourVersion, changedFields, "
        "currentValues: each changed field's value now) and nothing is written."
    )
    async def update_article(
        self,
        info: ManagementInfo,
        id: strawberry.ID,
        expected_version: int,
        input: inputs.ArticleInput,
    ) -> EditorialArticle:
        ctx = info.context
        article = await editing.update_article(
            ctx.store,
            ctx.actor(),
            article_id=str(id),
            expected_version=expected_version,
            changes=inputs.article_content(input),
            now=ctx.now(),
        )
        return EditorialArticle.build_editorial(article)

    @strawberry.mutation(description="Bring back an earlier revision's content as a new one.")
    async def restore_revision(
        self,
        info: ManagementInfo,
        id: strawberry.ID,
        expected_version: int,
        revision_id: strawberry.ID,
    ) -> EditorialArticle:
        ctx = info.context
        article = await editing.restore_revision(
            ctx.store,
            ctx.actor(),
            article_id=str(id),
            expected_version=expected_version,
            revision_id=str(revision_id),
            now=ctx.now(),
        )
        return EditorialArticle.build_editorial(article)

    @strawberry.mutation
    async def submit_article(
        self, info: ManagementInfo, id: strawberry.ID, expected_version: int
    ) -> EditorialArticle:
        return await _move(info, id, expected_version, Action.SUBMIT)

    @strawberry.mutation(description="Send back to the writer; a comment is required.")
    async def request_changes(
        self, info: ManagementInfo, id: strawberry.ID, expected_version: int, comment: str
    ) -> EditorialArticle:
        return await _move(info, id, expected_version, Action.REQUEST_CHANGES, comment)

    @strawberry.mutation
    async def approve_article(
        self, info: ManagementInfo, id: strawberry.ID, expected_version: int
    ) -> EditorialArticle:
        return await _move(info, id, expected_version, Action.APPROVE)

    @strawberry.mutation(description="Take an embargoed story back to APPROVED.")
    async def unschedule_article(
        self, info: ManagementInfo, id: strawberry.ID, expected_version: int
    ) -> EditorialArticle:
        return await _move(info, id, expected_version, Action.UNSCHEDULE)

    @strawberry.mutation
    async def archive_article(
        self, info: ManagementInfo, id: strawberry.ID, expected_version: int
    ) -> EditorialArticle:
        return await _move(info, id, expected_version, Action.ARCHIVE)

    @strawberry.mutation(description="Make the working copy live now.")
    async def publish_article(
        self, info: ManagementInfo, id: strawberry.ID, expected_version: int
    ) -> EditorialArticle:
        ctx = info.context
        article = await publishing.publish(
            ctx.store,
            ctx.actor(),
            article_id=str(id),
            expected_version=expected_version,
            now=ctx.now(),
        )
        return EditorialArticle.build_editorial(article)

    @strawberry.mutation(
        description="Embargo until publishAt; optionally come down at unpublishAt."
    )
    async def schedule_article(
        self,
        info: ManagementInfo,
        id: strawberry.ID,
        expected_version: int,
        publish_at: datetime | None = None,
        unpublish_at: datetime | None = None,
    ) -> EditorialArticle:
        ctx = info.context
        article = await publishing.schedule(
            ctx.store,
            ctx.actor(),
            article_id=str(id),
            expected_version=expected_version,
            publish_at=publish_at,
            unpublish_at=unpublish_at,
            now=ctx.now(),
        )
        return EditorialArticle.build_editorial(article)

    @strawberry.mutation(description="Take a story off the site; a reason is required.")
    async def unpublish_article(
        self, info: ManagementInfo, id: strawberry.ID, expected_version: int, reason: str
    ) -> EditorialArticle:
        return await _take_off(info, id, expected_version, Action.UNPUBLISH, reason)

    @strawberry.mutation(description="A legal kill: the story stays down; a reason is required.")
    async def take_down_article(
        self, info: ManagementInfo, id: strawberry.ID, expected_version: int, reason: str
    ) -> EditorialArticle:
        return await _take_off(info, id, expected_version, Action.TAKE_DOWN, reason)

    @strawberry.mutation(
        description="Append a dated correction to a published story; CONFLICT if it changed "
        "since expectedVersion."
    )
    async def add_correction(
        self,
        info: ManagementInfo,
        id: strawberry.ID,
        text: str,
        expected_version: int,
    ) -> EditorialArticle:
        ctx = info.context
        article = await publishing.add_correction(
            ctx.store,
            ctx.actor(),
            article_id=str(id),
            expected_version=expected_version,
            text=text,
            now=ctx.now(),
        )
        return EditorialArticle.build_editorial(article)

    @strawberry.mutation(description="A short-lived token to preview this story on /graphql.")
    async def create_preview_token(self, info: ManagementInfo, id: strawberry.ID) -> PreviewToken:
        ctx = info.context
        token, expires_at = await editing.mint_preview(
            ctx.store,
            ctx.actor(),
            article_id=str(id),
            secret=ctx.secret,
            ttl=_ttl(ctx.settings.preview_ttl_seconds),
            now=ctx.now(),
        )
        return PreviewToken(token=token, expires_at=expires_at)

    @strawberry.mutation(description="Take or renew the edit lease; LEASE_HELD if another has it.")
    async def acquire_edit_lease(self, info: ManagementInfo, id: strawberry.ID) -> EditLease:
        return await _lease(info, id, take_over=False)

    @strawberry.mutation(description="Take the edit lease from whoever holds it.")
    async def take_over_edit_lease(self, info: ManagementInfo, id: strawberry.ID) -> EditLease:
        return await _lease(info, id, take_over=True)

    @strawberry.mutation
    async def release_edit_lease(self, info: ManagementInfo, id: strawberry.ID) -> bool:
        await editing.release_lease(info.context.store, info.context.actor(), article_id=str(id))
        return True


async def _move(
    info: ManagementInfo,
    id: strawberry.ID,
    expected_version: int,
    action: Action,
    comment: str | None = None,
) -> EditorialArticle:
    ctx = info.context
    article = await publishing.move(
        ctx.store,
        ctx.actor(),
        article_id=str(id),
        expected_version=expected_version,
        action=action,
        comment=comment,
        now=ctx.now(),
    )
    return EditorialArticle.build_editorial(article)


async def _take_off(
    info: ManagementInfo, id: strawberry.ID, expected_version: int, action: Action, reason: str
) -> EditorialArticle:
    ctx = info.context
    article = await publishing.take_off(
        ctx.store,
        ctx.actor(),
        article_id=str(id),
        expected_version=expected_version,
        action=action,
        reason=reason,
        now=ctx.now(),
    )
    return EditorialArticle.build_editorial(article)


async def _lease(info: ManagementInfo, id: strawberry.ID, *, take_over: bool) -> EditLease:
    ctx = info.context
    lease = await editing.acquire_lease(
        ctx.store,
        ctx.actor(),
        article_id=str(id),
        now=ctx.now(),
        ttl=_ttl(ctx.settings.lease_seconds),
        take_over=take_over,
    )
    return EditLease(expires_at=lease.expires_at, user_id=lease.user_id)


@strawberry.type
class Mutation(
    ArticleMutations, AccountMutations, DirectoryMutations, AdSlotMutations, MediaMutations
):
    pass


def management_schema(
    limits: QueryLimits | None = None, *, introspection: bool = True, suggestions: bool = True
) -> Schema:
    """The editors' schema, limited. Documents are parsed and validated on every request: with
    the delivery schema's caches, a 10-minute soak saw editors' requests hang past 20 s (and
    none without them); see issue 7's notes. Introspection is asked for before any login, so
    it follows the same setting as the public schema."""
    extensions: list[Any] = limits_extensions(limits or QueryLimits())
    if not introspection:
        extensions.append(DisableIntrospection)
    return Schema(query=Query, mutation=Mutation, extensions=extensions, suggestions=suggestions)
