"""Who may subscribe on each endpoint, and the context each live connection runs with.

Delivery: anyone, counted by client address; documents as on HTTP (the persisted-queries-only
mode too). The desk: a signed-in user, by the session token in ``connection_init``'s payload
(``{"token": "..."}`` or ``{"authorization": "Bearer ..."}``), the handshake's Authorization
header, or the desk's session cookie. A browser sends that cookie with any page's WebSocket
(no CORS, no custom header), so the cookie counts only when the handshake's Origin is this
server's own or one of ``CMS_CORS_ORIGINS``. The session is checked again at every ping: a
socket whose session ended (signed out, revoked, expired) is closed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from starlette.websockets import WebSocket
from strawberry.http.websocket_origin import is_same_origin, normalize_origin

from cms.api.context import DeliveryContext, ManagementContext
from cms.config import Settings
from cms.domain.live import Audience, Broadcast, Listener, shared_reads
from cms.errors import BadUserInput, CmsError, CsrfCheckFailed, Unauthenticated
from cms.http import middleware as web
from cms.http.auth import client_of, principal_for
from cms.http.delivery import DeliveryState, delivery_context, persisted_document
from cms.http.management import management_context

_TOKEN = "cms.live.token"
_READER = "delivery-reader"  # an event's shared reads: the one context answering it


async def connect_reader(websocket: WebSocket, payload: Mapping[str, Any]) -> DeliveryContext:
    """A frontend's connection: public events, counted against its address. Each event is
    answered with a reader shared by all its delivery subscribers, on every connection (what
    readers may see does not depend on who asks), so the story is read once per event."""
    state: DeliveryState = websocket.state.delivery
    broadcast: Broadcast = websocket.state.live
    listener = Listener(broadcast, Audience.DELIVERY, client=f"ip:{client_of(websocket)}")

    def fresh() -> DeliveryContext:
        return delivery_context(websocket, state)

    def renew(event_payload: object) -> DeliveryContext:
        reads = shared_reads(event_payload)
        return fresh() if reads is None else reads.once(_READER, fresh)

    return replace(fresh(), live=listener, renew=renew)


def delivery_document(websocket: WebSocket, payload: Mapping[str, Any]) -> str:
    """The document a subscribe message runs on /graphql: as a query's (APQ, allowlist)."""
    state: DeliveryState = websocket.state.delivery
    return persisted_document(payload.get("query"), payload.get("extensions"), state)


async def connect_editor(websocket: WebSocket, payload: Mapping[str, Any]) -> ManagementContext:
    """A desk's connection: a signed-in user, or refused with the reason."""
    token = _token(websocket, payload)
    principal, error = await principal_for(websocket, token)
    if principal is None:
        raise error or Unauthenticated("The session token does not hold.")
    websocket.scope[_TOKEN] = token
    broadcast: Broadcast = websocket.state.live
    listener = Listener(broadcast, Audience.DESK, client=f"user:{principal.user_id}")
    exchange = SocketExchange(websocket)

    def fresh(event_payload: object = None) -> ManagementContext:
        built = management_context(
            websocket, principal=principal, auth_error=None, exchange=exchange
        )
        return replace(built, live=listener)

    return replace(fresh(), renew=fresh)


async def still_signed_in(websocket: WebSocket, context: DeliveryContext) -> CmsError | None:
    """None while the connection's session holds; else why it no longer does."""
    token = websocket.scope.get(_TOKEN)
    if token is None:
        return None
    principal, error = await principal_for(websocket, token)
    if principal is None:
        return error or Unauthenticated("The session has ended.")
    return None


def _token(websocket: WebSocket, payload: Mapping[str, Any]) -> str:
    sent = payload.get("token")
    if sent is None:
        sent = _bearer(payload.get("authorization") or payload.get("Authorization"))
    if sent is None:
        sent = _bearer(websocket.headers.get("authorization"))
    if isinstance(sent, str) and sent.strip():
        return sent.strip()
    if sent is not None:
        raise Unauthenticated('Send the session token as a string: {"token": "..."}.')
    cookie = web.session_cookie(websocket.headers)
    if cookie is None:
        raise Unauthenticated('Sign in first: send {"token": "..."} in connection_init\'s payload.')
    if not _from_our_pages(websocket):
        raise CsrfCheckFailed(
            "The session cookie counts only from the desk's own pages; send a token instead."
        )
    return cookie


def _bearer(value: object) -> object:
    if not isinstance(value, str):
        return value
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("Send the token as `Bearer <token>`.")
    return token


def _from_our_pages(websocket: WebSocket) -> bool:
    """Whether the handshake came from no browser page, or from ours (or an allowed one)."""
    origin = websocket.headers.get("origin")
    if origin is None:
        return True
    settings: Settings = websocket.state.settings
    if is_same_origin(origin, websocket.headers.get("host")):
        return True
    allowed = {normalize_origin(o) for o in (*settings.cors_origins, settings.public_url)}
    return normalize_origin(origin) in allowed - {None}


class SocketExchange:
    """``cms.api.context.Exchange`` for a live connection: subscriptions alone run there, so
    nothing signs in, out, or sets a status; what would is refused plainly."""

    def __init__(self, websocket: WebSocket) -> None:
        self.websocket = websocket

    @property
    def client(self) -> str:
        return client_of(self.websocket)

    async def login_wait(self, *, now: datetime) -> float:
        raise _over_http()

    def retry_later(self, seconds: int) -> None:
        raise _over_http()

    def open_session(self, *, token: str, lifetime: timedelta) -> None:
        raise _over_http()

    def end_session(self) -> None:
        raise _over_http()


def _over_http() -> CmsError:
    return BadUserInput("Sign in and out over HTTP, not over a live connection.")
