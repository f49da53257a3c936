"""Cached delivery answers sent as the whole stack sent them, without running it again.

A hit in the response cache (``cms.http.delivery``) used to travel the full middleware stack
each time: compression, security headers, CORS, the CSRF guard, the rate limit, routing, then
the endpoint's lookup. With a fast HTTP server that stack cost three times what the server
itself costs per request, so a cached answer cost about four times an empty one.

``Replays`` sits just inside the request ids and the metrics (they still run for every
request). For a ``/graphql`` request it reads the body and works out the answer's cache key as
the endpoint does. Unless it can answer, it passes the request on (with its body) and, when
the endpoint answered from its cache or kept its answer there, remembers the response as it
left the stack below: status, final headers
(security headers, ``Vary``, ``Content-Encoding``…) and body. On a later request with the same
key and the same ``Accept`` and ``Accept-Encoding`` (the headers that change the response),
while the cache still holds that very entry, it sends that response again, with the request's
own ``Cache-Control`` (worked out from the entry's freshness now) and ``X-Cache: HIT``.
Anything it does not know how to answer exactly goes through the stack: a request with an
``Origin`` (CORS), an ``If-None-Match``, a GET asking for the GraphiQL page, an error, a
preview. A rate limit still counts every request: the check runs here, and the stack's own
rate-limit middleware uses its result instead of counting again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from cachetools import LRUCache
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cms.api import cache
from cms.http.delivery import (
    DeliveryState,
    RequestError,
    cache_control,
    cache_key,
    operation_of,
)
from cms.http.metrics import Metrics
from cms.http.middleware import RATE_CHECKED, request_header

PATH = "/graphql"
_PER_REQUEST = {b"cache-control", b"x-cache"}


@dataclass(frozen=True, slots=True)
class _Sent:
    """A response as the stack below sent it, for the entry it was made from."""

    entry: cache.Entry
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class Replays:
    """Send again what the stack below sent for a cached delivery answer (see the module)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_bytes: int,
        metrics: Metrics,
        rate_check: Callable[[Scope], Awaitable[float]] | None = None,
    ) -> None:
        self.app, self.metrics, self.rate_check = app, metrics, rate_check
        self._sent: LRUCache[tuple[str, bytes, bytes], _Sent] = LRUCache(
            max_bytes, getsizeof=lambda sent: len(sent.body) + 512
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["path"] != PATH
            or scope["method"] not in ("GET", "POST")
            or request_header(scope, b"origin") is not None
            or request_header(scope, b"if-none-match") is not None
        ):
            await self.app(scope, receive, send)
            return
        state: DeliveryState | None = scope.get("state", {}).get("delivery")
        accept = request_header(scope, b"accept") or b""
        if state is None or state.responses is None or b"text/html" in accept:
            await self.app(scope, receive, send)
            return
        body = b""
        if scope["method"] == "POST":
            declared = (request_header(scope, b"content-length") or b"").decode("latin-1")
            limit = 2 * state.settings.max_document_bytes
            if not declared.isdigit() or int(declared) > limit:
                await self.app(scope, receive, send)  # the endpoint refuses or streams it
                return
            body = await _read(receive, int(declared))
        passed_on = _replaying(body, receive)
        request = Request(scope, passed_on)
        try:
            operation = operation_of(request, state, body)
        except RequestError:
            await self.app(scope, passed_on, send)
            return
        key = (cache_key(operation), accept, request_header(scope, b"accept-encoding") or b"")
        if self.rate_check is not None:
            scope[RATE_CHECKED] = wait = await self.rate_check(scope)
            if wait > 0:
                await self.app(scope, passed_on, send)
                return
        responses = state.responses
        now = request.state.clock()
        entry = responses.get(key[0], now=now)
        sent = self._sent.get(key)
        if entry is not None and sent is not None and sent.entry is entry:
            self.metrics.count_cache("replayed")
            await self._send_again(sent, state, now, send)
            return
        await self.app(scope, passed_on, self._keeping(key, state, send))

    async def _send_again(self, sent: _Sent, state: DeliveryState, now: Any, send: Send) -> None:
        control = cache_control(state.settings, sent.entry.fresh_until, now=now)
        headers = [
            *sent.headers,
            (b"cache-control", control.encode("latin-1")),
            (b"x-cache", b"HIT"),
        ]
        await send({"type": "http.response.start", "status": sent.status, "headers": headers})
        await send({"type": "http.response.body", "body": sent.body})

    def _keeping(self, key: tuple[str, bytes, bytes], state: DeliveryState, send: Send) -> Send:
        """``send``, remembering the response when the endpoint kept its answer."""
        start: Message | None = None
        chunks: list[bytes] = []

        async def sending(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self._remember(key, state, start, b"".join(chunks))
            await send(message)

        return sending

    def _remember(
        self, key: tuple[str, bytes, bytes], state: DeliveryState, start: Message, body: bytes
    ) -> None:
        headers = [(bytes(k).lower(), bytes(v)) for k, v in start.get("headers", ())]
        found = dict(headers)
        if start["status"] != 200 or found.get(b"x-cache") not in (b"MISS", b"HIT"):
            return  # an error or a preview: nothing the endpoint keeps
        assert state.responses is not None
        entry = state.responses.get(key[0])
        if entry is None or found.get(b"etag") != entry.etag.encode("latin-1"):
            return  # dropped meanwhile (a change), or another answer took its place
        kept = [h for h in headers if h[0] not in _PER_REQUEST]
        self._sent[key] = _Sent(entry=entry, status=200, headers=kept, body=body)


async def _read(receive: Receive, declared: int) -> bytes:
    """The request's body (no more than the ``declared`` length: a client sending more gets
    the stack's answer to what it declared)."""
    chunks, size = [], 0
    while size <= declared:
        message = await receive()
        if message["type"] != "http.request":
            break  # gone: the stack below finds the same
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    """The request's body once more (it was read here), then whatever comes after it."""
    given = False

    async def again() -> Message:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return again
