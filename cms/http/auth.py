"""Who is asking: the signed-in user behind a request's bearer token or desk session cookie.

Every route that serves editors calls ``principal_of``, so a bearer token and the desk's
cookie are read by the same rules: the Authorization header wins when present; the cookie
counts only with the desk's ``X-CMS-Desk: 1`` header; either way the token must name an open
session of its own user. The answer is kept with the request, so asking twice costs nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from starlette.requests import HTTPConnection
from starlette.responses import Response
from starlette.types import Scope

from cms import model
from cms.config import Settings
from cms.domain import accounts
from cms.errors import CmsError, CsrfCheckFailed, Unauthenticated
from cms.http import middleware as web
from cms.http.rate_limits import SharedLimit
from cms.store import Store

Lookup = tuple[model.Principal | None, CmsError | None]
_KEPT = "cms.principal"


async def principal_of(request: HTTPConnection, *, reading_a_file: bool = False) -> Lookup:
    """The caller (or ``None``), and why not when credentials were sent but do not hold.

    ``reading_a_file``: a GET of a media file or rendition, which the desk makes with an
    ``<img>`` that cannot add headers. The cookie counts there without ``X-CMS-Desk``: such a
    request changes nothing, and SameSite=Strict keeps other sites' pages from sending it.
    """
    # Kept in the scope, which is this request's own (``request.state`` may be shared), apart
    # for each reading of the cookie: the rate limit asks first, without ``reading_a_file``.
    kept = f"{_KEPT}:{reading_a_file}"
    known: Lookup | None = request.scope.get(kept)
    if known is None:
        known = request.scope[kept] = await _look_up(request, reading_a_file)
    return known


async def _look_up(request: HTTPConnection, reading_a_file: bool) -> Lookup:
    token, error = _token(request, reading_a_file)
    if token is None:
        return None, error
    return await principal_for(request, token)


async def principal_for(connection: HTTPConnection, token: str) -> Lookup:
    """The signed-in user a session token names, or why not (a live socket's token too)."""
    settings: Settings = connection.state.settings
    store: Store = connection.state.store
    try:
        principal = await accounts.authenticate(
            store,
            token=token,
            secret=settings.secret_key.get_secret_value(),
            now=connection.state.clock(),
        )
    except CmsError as failed:  # a database that does not answer too: DatabaseUnavailable
        return None, failed
    return principal, None


def _token(request: HTTPConnection, reading_a_file: bool) -> tuple[str | None, CmsError | None]:
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None, Unauthenticated("Send the token as `Authorization: Bearer <token>`.")
        return token.strip(), None
    cookie = web.session_cookie(request.headers)
    if cookie is not None and not (reading_a_file or web.is_from_the_desk(request.headers)):
        return None, CsrfCheckFailed(
            "A request signed in by the session cookie must send `X-CMS-Desk: 1`."
        )
    return cookie, None


def limit_by_caller(limit: SharedLimit) -> Callable[[Scope], Awaitable[float]]:
    """The rate-limit check of the GraphQL and rendition routes: per verified user, else per
    client address. A token that does not verify counts against its sender's address, so
    random tokens buy nothing."""

    async def check(scope: Scope) -> float:
        request = HTTPConnection(scope)
        store: Store = request.state.store
        key = await _caller_key(request)
        return await limit.wait(store.request_counts, key, now=request.state.clock())

    return check


async def _caller_key(request: HTTPConnection) -> str:
    if "authorization" in request.headers or web.session_cookie(request.headers) is not None:
        principal, _ = await principal_of(request)
        if principal is not None:
            return f"user:{principal.user_id}"
    return f"ip:{client_of(request)}"


def client_of(request: HTTPConnection) -> str:
    """The client's address, through our own reverse proxies only (``CMS_TRUSTED_PROXIES``)."""
    settings: Settings = request.state.settings
    return web.client_address(request.scope, settings.trusted_proxies)


def set_session_cookie(
    response: Response, *, token: str, lifetime: timedelta, settings: Settings
) -> None:
    """Hand the desk its session: a cookie page scripts cannot read, sent only to the
    management API and never by another site's page."""
    response.set_cookie(
        web.SESSION_COOKIE,
        token,
        max_age=int(lifetime.total_seconds()),
        path=web.SESSION_COOKIE_PATH,
        secure=settings.is_production,
        httponly=True,
        samesite="strict",
    )


def clear_session_cookie(response: Response, *, settings: Settings) -> None:
    response.delete_cookie(
        web.SESSION_COOKIE,
        path=web.SESSION_COOKIE_PATH,
        secure=settings.is_production,
        httponly=True,
        samesite="strict",
    )


class CookieExchange:
    """The management API's side of ``cms.api.context.Exchange``: one request and the answer
    strawberry is building for it."""

    def __init__(self, request: HTTPConnection, response: Response) -> None:
        self.request, self.response = request, response

    @property
    def client(self) -> str:
        return client_of(self.request)

    async def login_wait(self, *, now: datetime) -> float:
        limit: SharedLimit = self.request.state.login_limiter
        store: Store = self.request.state.store
        key = "login:" + client_of(self.request)
        return await limit.wait(store.request_counts, key, now=now)

    def retry_later(self, seconds: int) -> None:
        self.response.status_code = 429
        self.response.headers["retry-after"] = str(seconds)

    def open_session(self, *, token: str, lifetime: timedelta) -> None:
        settings: Settings = self.request.state.settings
        set_session_cookie(self.response, token=token, lifetime=lifetime, settings=settings)

    def end_session(self) -> None:
        clear_session_cookie(self.response, settings=self.request.state.settings)
