"""HTTP hardening around the GraphQL endpoints: request ids, security headers, CSRF, rate limits.

Pure ASGI middleware, so streamed responses (media, renditions) stay streamed:

- every request gets an id (``X-Request-ID``, taken from the client when it is well formed),
  put on the response, on every log line and on masked errors, so a report can be matched to
  the log;
- security headers on every response (no sniffing, no framing, no referrer; HSTS in
  production; a locked-down CSP on everything but the GraphiQL page and the desk, which has
  its own);
- a CSRF guard: the management API refuses the "simple" requests a cross-site form can send
  (multipart, form-encoded, text/plain) unless they carry a preflight header a form cannot set,
  and a request signed in by the desk's session cookie alone unless it carries ``X-CMS-Desk: 1``
  (another site can make a browser send the cookie, never that header);
- a rate limit per client (its verified user, else its address; see ``cms.http.rate_limits``) on
  the GraphQL and rendition routes;
- a last resort: whatever escapes the app, and starlette's own refusals (no route, a wrong
  method), answer in the API's JSON error shape, with the headers above.
"""

from __future__ import annotations

import itertools
import json
import logging
import math
import re
import secrets
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network, ip_address

from cachetools import LRUCache
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request, cookie_parser
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cms.errors import ErrorCode, StorageUnavailable, error_body
from cms.logs import request_id

log = logging.getLogger("cms")

_GOOD_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
PREFLIGHT_HEADERS = ("apollo-require-preflight", "x-apollo-operation-name", "graphql-preflight")
_SIMPLE_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded", "text/plain")
LIMITED_PREFIXES = ("/graphql", "/admin/graphql", "/renditions", "/admin/renditions")
# Where a request's rate-limit check, made before the stack (cms/http/replay.py), is kept.
RATE_CHECKED = "cms.rate_limit_wait"

# The desk's sign-in: a session token in an HttpOnly cookie sent only to the management API.
SESSION_COOKIE = "cms_session"
SESSION_COOKIE_PATH = "/admin"
DESK_HEADER = "x-cms-desk"


def session_cookie(headers: Headers) -> str | None:
    """The desk's session token from its cookie, when the request has no Authorization header
    (an Authorization header, when present, wins over the cookie)."""
    if "authorization" in headers:
        return None
    return cookie_parser(headers.get("cookie", "")).get(SESSION_COOKIE) or None


def is_from_the_desk(headers: Headers) -> bool:
    """Whether a cookie-authenticated request carries the header only our own pages send."""
    return headers.get(DESK_HEADER) == "1"


async def _answer(send: Send, status: int, code: ErrorCode, message: str, **extra: object) -> None:
    """A GraphQL-shaped error, sent before the request reaches the endpoint."""
    body = json.dumps(error_body(code, message, **extra)).encode()
    headers = [(b"content-type", b"application/json"), (b"cache-control", b"no-store")]
    if "retryAfter" in extra:
        headers.append((b"retry-after", str(extra["retryAfter"]).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


Networks = Sequence[IPv4Network | IPv6Network]


def client_address(scope: Scope, trusted_proxies: Networks = ()) -> str:
    """The address of the client: the connection's peer, unless that peer is one of our own
    reverse proxies, whose ``X-Forwarded-For`` is then read from the right (each proxy appends
    the address it saw) up to the first address that is not a trusted proxy. Anything left of
    that was written by the client itself and is never believed."""
    peer = scope.get("client")
    address = peer[0] if peer else "unknown"
    if not trusted_proxies or not _is_trusted(address, trusted_proxies):
        return address
    forwarded = Headers(scope=scope).getlist("x-forwarded-for")
    hops = [hop.strip() for line in forwarded for hop in line.split(",")]
    for hop in reversed(hops):
        try:
            ip_address(hop)
        except ValueError:
            return address  # a trusted proxy passed on a malformed hop: it is the last we know
        address = hop
        if not _is_trusted(hop, trusted_proxies):
            break
    return address


def _is_trusted(address: str, trusted_proxies: Networks) -> bool:
    try:
        ip = ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted_proxies)


def request_header(scope: Scope, name: bytes) -> bytes | None:
    """A request header's raw value (``name`` lower case, as ASGI servers give names)."""
    for key, value in scope["headers"]:
        if key == name:
            return value  # type: ignore[no-any-return]
    return None


class RequestIds:
    """Ids unique across processes and restarts (a random prefix per process) but cheap: a
    counter, not a call into the kernel's random source on every request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._prefix = secrets.token_hex(6)
        self._numbers = itertools.count(1)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = (request_header(scope, b"x-request-id") or b"").decode("latin-1")
        rid = given if _GOOD_ID.match(given) else f"{self._prefix}-{next(self._numbers):x}"
        token = request_id.set(rid)
        header = (b"x-request-id", rid.encode("latin-1"))

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                headers[:] = [h for h in headers if h[0].lower() != b"x-request-id"]
                headers.append(header)
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            request_id.reset(token)


LOCKED_DOWN_CSP = "default-src 'none'; frame-ancestors 'none'"
# The desk runs its own scripts and styles, and nothing inline but style attributes (its
# editor sets them); it talks to this server alone.
DESK_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; frame-src 'none'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
DESK_PREFIX = "/desk"


def _is_desk(path: str) -> bool:
    return path == DESK_PREFIX or path.startswith(DESK_PREFIX + "/")


def _encoded(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(name.encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]


_ALWAYS = _encoded(
    {
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        "referrer-policy": "no-referrer",
    }
)
_HSTS = _encoded({"strict-transport-security": "max-age=31536000"})
_CSP = b"content-security-policy"
_LOCKED_DOWN = (_CSP, LOCKED_DOWN_CSP.encode("latin-1"))
_DESK = (_CSP, DESK_CSP.encode("latin-1"))


class SecurityHeaders:
    """The security headers of every response, each unless the response set its own: added
    to the raw header list in one pass (a response has a dozen headers, and each lookup
    through starlette's header map is a scan of them)."""

    def __init__(self, app: ASGIApp, *, production: bool) -> None:
        self.app, self.production = app, production
        self._always = _ALWAYS + (_HSTS if production else [])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        desk = _is_desk(scope["path"])

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                present, html = set(), False
                for name, value in headers:
                    name = name.lower()
                    present.add(name)
                    if name == b"content-type":
                        html = value.startswith(b"text/html")
                added = [h for h in self._always if h[0] not in present]
                if _CSP not in present and (desk or not html):
                    added.append(_DESK if desk else _LOCKED_DOWN)
                headers.extend(added)
            await send(message)

        await self.app(scope, receive, sending)


class LastResort:
    """Whatever escapes the app becomes the API's JSON error (``INTERNAL_SERVER_ERROR``, an
    ``errorId`` and the request id), inside the request-id and security-header middleware so
    it carries both, logged once; never starlette's plain-text 500 without either."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception:
            error_id = uuid.uuid4().hex
            log.exception("unexpected error %s in %s %s", error_id, scope["method"], scope["path"])
            if started:
                raise
            await _answer(
                send,
                500,
                ErrorCode.INTERNAL_SERVER_ERROR,
                "Unexpected error.",
                errorId=error_id,
                requestId=request_id.get(),
            )


def http_error(request: Request, error: Exception) -> Response:
    """Starlette's own refusals (no such route, a method the route does not take) in the API's
    JSON shape, with the headers they came with (``Allow`` on a 405)."""
    assert isinstance(error, HTTPException)
    code = _HTTP_CODES.get(error.status_code, ErrorCode.BAD_REQUEST)
    headers = {**(error.headers or {}), "Cache-Control": "no-store"}
    return JSONResponse(error_body(code, error.detail), error.status_code, headers)


def unavailable(request: Request, error: Exception) -> Response:
    """The database (or the media store) did not answer in time, on any route that was not
    answering it itself (``/media``, ``/renditions``): 503 with ``Retry-After``, as the
    GraphQL endpoints do."""
    message = (
        error.message
        if isinstance(error, StorageUnavailable)
        else "The database is not reachable; try again shortly."
    )
    headers = {"Retry-After": "1", "Cache-Control": "no-store"}
    return JSONResponse(error_body(ErrorCode.SERVICE_UNAVAILABLE, message), 503, headers)


_HTTP_CODES = {
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    413: ErrorCode.REQUEST_TOO_LARGE,
    415: ErrorCode.UNSUPPORTED_MEDIA,
}


class CsrfGuard:
    """Refuse cross-site-form-shaped requests to the management API, and cookie-authenticated
    ones without the desk's header, before their body is read."""

    def __init__(self, app: ASGIApp, *, path: str = "/admin/graphql") -> None:
        self.app, self.path = app, path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == self.path and scope["method"] == "POST":
            headers = Headers(scope=scope)
            if session_cookie(headers) is not None and not is_from_the_desk(headers):
                await _answer(
                    send,
                    403,
                    ErrorCode.CSRF_CHECK_FAILED,
                    "A request signed in by the session cookie must send `X-CMS-Desk: 1`.",
                )
                return
            kind = headers.get("content-type", "").split(";")[0].strip().lower()
            if kind in _SIMPLE_TYPES and not any(h in headers for h in PREFLIGHT_HEADERS):
                await _answer(
                    send,
                    400,
                    ErrorCode.CSRF_CHECK_FAILED,
                    "Send uploads with the header `Apollo-Require-Preflight: true`.",
                )
                return
        await self.app(scope, receive, send)


@dataclass(slots=True)
class _Bucket:
    tokens: float
    at: float


class TokenBuckets:
    """Allow ``rate`` per second with bursts of ``burst``, per key; remembers a bounded number
    of keys (the least recently seen are forgotten first)."""

    def __init__(self, *, rate: float, burst: float, max_keys: int = 100_000) -> None:
        self.rate, self.burst, self.max_keys = rate, burst, max_keys
        self._buckets: LRUCache[str, _Bucket] = LRUCache(max_keys)

    def take(self, key: str, *, now: float | None = None) -> float:
        """0 when allowed; otherwise the seconds to wait."""
        now = time.monotonic() if now is None else now
        bucket = self._buckets.get(key) or _Bucket(tokens=self.burst, at=now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.at) * self.rate)
        bucket.at = now
        self._buckets[key] = bucket
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / self.rate


class RateLimit:
    """Refuses a client past its limit on the GraphQL and rendition routes: ``check`` says how
    long this request's client must wait (0: it may go ahead)."""

    def __init__(self, app: ASGIApp, *, check: Callable[[Scope], Awaitable[float]]) -> None:
        self.app, self.check = app, check

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(LIMITED_PREFIXES):
            # Checked already on the way in (cms/http/replay.py): counted once, not twice.
            checked = scope.get(RATE_CHECKED)
            wait = await self.check(scope) if checked is None else checked
            if wait > 0:
                retry = max(1, math.ceil(wait))
                await _answer(
                    send,
                    429,
                    ErrorCode.RATE_LIMITED,
                    f"Too many requests; retry in {retry} s.",
                    retryAfter=retry,
                )
                return
        await self.app(scope, receive, send)
