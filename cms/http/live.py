"""GraphQL subscriptions over WebSocket (graphql-transport-ws) on /graphql and /admin/graphql.

strawberry's protocol handler, with the house's rules: only subscriptions run over a socket
(queries and mutations go over HTTP, where caching and CSRF checks live); each document is
checked as on HTTP (size, text, persisted-queries-only mode on /graphql) and then by the
schema's limits (depth, aliases, cost); errors carry our ``extensions.code``; a connection may
hold ``subscriptions_per_connection`` subscriptions, and the broadcast counts each client's
across its connections. The server pings every ``subscription_ping_seconds`` and closes a
socket that has not answered by the next ping, and closes one that has held no subscription
and sent nothing for ``subscription_idle_seconds``.

Close codes: 4400 a malformed message, 4401 subscribe before connection_ack, 4403 the caller
was refused (the reason starts with its code: ``UNAUTHENTICATED: ...``), 1013 the database
could not tell who it is, 4406 no graphql-transport-ws subprotocol, 4408 no connection_init in
time, 4409 a subscription id in use, 4429 a second connection_init, 1000 idle, 1001 no pong,
1009 a message too large.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Mapping, Sequence
from contextlib import suppress
from datetime import timedelta
from typing import Any, cast

from graphql import GraphQLError, OperationType, get_operation_ast, parse
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState
from strawberry.http.async_base_view import AsyncWebSocketAdapter
from strawberry.http.exceptions import NonJsonMessageReceived, WebSocketDisconnected
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
    _OperationStreamClosed,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    Message,
    PongMessage,
    SubscribeMessage,
)
from strawberry.types import ExecutionResult
from strawberry.utils.aio import aclosing

from cms.api.context import DeliveryContext
from cms.api.errors import Schema, format_error
from cms.config import Settings
from cms.domain.live import Audience, Broadcast
from cms.errors import CmsError, ErrorCode, error_entry
from cms.http.delivery import RequestError, check_parameters, check_text
from cms.store import StreamPosition

log = logging.getLogger("cms.live")

# Builds a connection's context once its client is known (``connection_init``), or refuses.
Connect = Callable[[WebSocket, Mapping[str, Any]], Awaitable[DeliveryContext]]
# Checks a subscription's document before it runs (persisted-queries-only mode); raises.
CheckDocument = Callable[[WebSocket, Mapping[str, Any]], str]
# Whether the connection's caller still holds (a session can end): None, or the refusal.
StillAllowed = Callable[[WebSocket, DeliveryContext], Awaitable[CmsError | None]]

CLOSE_REFUSED = 4403
_MAX_REASON = 120  # bytes: a close frame's reason has room for 123


class _Socket(AsyncWebSocketAdapter):
    """A starlette WebSocket as strawberry's handler uses it, with messages bounded in size."""

    def __init__(self, websocket: WebSocket, *, max_bytes: int) -> None:
        self.ws, self.max_bytes = websocket, max_bytes

    async def iter_json(self, *, ignore_parsing_errors: bool = False) -> AsyncGenerator[object]:
        try:
            while self.ws.application_state != WebSocketState.DISCONNECTED:
                message = await self.ws.receive()
                if message["type"] == "websocket.disconnect":
                    return
                text = message.get("text")
                if text is None:
                    await self.close(4400, "WebSocket message type must be text")
                    return
                if len(text) > self.max_bytes:
                    await self.close(1009, f"A message may have at most {self.max_bytes} bytes")
                    return
                try:
                    yield json.loads(text)
                except ValueError:
                    if not ignore_parsing_errors:
                        raise NonJsonMessageReceived from None
        except WebSocketDisconnect:
            return

    async def send_json(self, message: Mapping[str, object]) -> None:
        try:
            await self.ws.send_text(json.dumps(message, separators=(",", ":"), default=str))
        except (WebSocketDisconnect, RuntimeError, OSError) as gone:
            raise WebSocketDisconnected from gone

    async def close(self, code: int, reason: str) -> None:
        if self.ws.application_state == WebSocketState.DISCONNECTED:
            return
        with suppress(RuntimeError, OSError, WebSocketDisconnect):
            await self.ws.close(
                code=code, reason=reason.encode()[:_MAX_REASON].decode(errors="ignore")
            )


def _close_code(error: CmsError) -> int:
    """4403 for a caller refused; 1013 (try again later) when the database could not tell."""
    return 1013 if error.code is ErrorCode.SERVICE_UNAVAILABLE else CLOSE_REFUSED


def refusal_reason(error: CmsError) -> str:
    """The close reason of a refused connection: its code first, for clients to switch on."""
    return f"{error.code.value}: {error.message}"


class _Operation(Operation[DeliveryContext, None]):
    """One subscription; its errors are the API's (a stable ``extensions.code``)."""

    __slots__ = ()

    @property
    def live(self) -> LiveHandler:
        return cast(LiveHandler, self.handler)

    async def send_initial_errors(self, errors: list[GraphQLError]) -> None:
        message = {"id": self.id, "type": "error", "payload": self.live.formatted(errors)}
        await self.send_operation_message(cast(Message, message))

    async def send_next(self, execution_result: ExecutionResult) -> None:
        payload: dict[str, Any] = {"data": execution_result.data}
        if execution_result.errors:
            payload["errors"] = self.live.formatted(execution_result.errors)
        message = {"id": self.id, "type": "next", "payload": payload}
        await self.send_operation_message(cast(Message, message))


class LiveHandler(BaseGraphQLTransportWSHandler[DeliveryContext, None]):
    """One WebSocket speaking graphql-transport-ws, by the rules in the module's docstring."""

    def __init__(
        self,
        endpoint: LiveEndpoint,
        websocket: WebSocket,
        settings: Settings,
    ) -> None:
        super().__init__(
            view=None,  # type: ignore[arg-type]  # only on_ws_connect used it, overridden here
            websocket=_Socket(websocket, max_bytes=2 * settings.max_document_bytes),
            context=None,  # type: ignore[arg-type]  # built at connection_init
            root_value=None,
            schema=endpoint.schema,
            connection_init_wait_timeout=timedelta(seconds=settings.subscription_init_seconds),
            max_subscriptions_per_connection=settings.subscriptions_per_connection,
        )
        self.endpoint, self.socket, self.settings = endpoint, websocket, settings
        self.last_activity = time.monotonic()
        self.awaiting_pong = False
        self.keepalive: asyncio.Task[None] | None = None

    # --- The connection ------------------------------------------------------------------------

    def on_request_accepted(self) -> None:
        super().on_request_accepted()
        self.keepalive = asyncio.create_task(self._keep_alive())
        self.keepalive.add_done_callback(self._task_done)

    async def shutdown(self) -> None:
        if self.keepalive is not None:
            self.keepalive.cancel()
            with suppress(asyncio.CancelledError):
                await self.keepalive
        await super().shutdown()

    async def handle_message(self, message: Message) -> None:
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            await self.handle_invalid_message("A message must be a JSON object with a type")
            return
        if message["type"] not in ("ping", "pong"):  # keeping alive is not being busy
            self.last_activity = time.monotonic()
        await super().handle_message(message)

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        if self.connection_timed_out:
            return
        if self.connection_init_timeout_task:
            self.connection_init_timeout_task.cancel()
        payload = message.get("payload") or {}
        if not isinstance(payload, dict):
            await self.websocket.close(4400, "Invalid connection init payload")
            return
        if self.connection_init_received:
            await self.websocket.close(4429, "Too many initialisation requests")
            return
        self.connection_init_received = True
        try:
            self.context = await self.endpoint.connect(self.socket, payload)
        except CmsError as refused:
            await self.websocket.close(_close_code(refused), refusal_reason(refused))
            return
        await self.send_message({"type": "connection_ack"})
        self.connection_acknowledged = True

    async def handle_pong(self, message: PongMessage) -> None:
        self.awaiting_pong = False

    async def _keep_alive(self) -> None:
        """Ping every so often; close a socket that stopped answering, or sits idle."""
        ping_every = self.settings.subscription_ping_seconds
        idle_after = self.settings.subscription_idle_seconds
        next_ping = time.monotonic() + ping_every
        while True:
            idle_at = self.last_activity + idle_after if not self.operations else next_ping
            await asyncio.sleep(max(0.0, min(next_ping, idle_at) - time.monotonic()))
            now = time.monotonic()
            if not self.operations and now >= self.last_activity + idle_after:
                await self.websocket.close(1000, f"Idle for {idle_after:g} s")
                return
            if now < next_ping:
                continue
            if self.awaiting_pong:
                await self.websocket.close(1001, "No pong since the last ping")
                return
            if not await self._still_allowed():
                return
            self.awaiting_pong = True
            with suppress(WebSocketDisconnected):
                await self.send_message({"type": "ping"})
            next_ping = now + ping_every

    async def _still_allowed(self) -> bool:
        if self.context is None or self.endpoint.still_allowed is None:
            return True
        refused = await self.endpoint.still_allowed(self.socket, self.context)
        if refused is None:
            return True
        await self.websocket.close(_close_code(refused), refusal_reason(refused))
        return False

    # --- Subscriptions -------------------------------------------------------------------------

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        if not self.connection_acknowledged:
            await self.websocket.close(4401, "Unauthorized")
            return
        operation_id, payload = message.get("id"), message.get("payload")
        if not isinstance(operation_id, str) or not isinstance(payload, dict):
            await self.handle_invalid_message("subscribe needs a string id and a payload object")
            return
        if operation_id in self.operations:
            await self.websocket.close(4409, f"Subscriber for {operation_id} already exists")
            return
        try:
            query = self._document(payload)
        except RequestError as refused:
            await self._refuse(operation_id, refused.code, refused.message)
            return
        if query is None:
            return
        limit = self.settings.subscriptions_per_connection
        if len(self.operations) >= limit:
            await self._refuse(
                operation_id,
                ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                f"This connection already holds {limit} subscriptions; end one (complete) "
                "before starting another.",
                limit=limit,
            )
            return
        operation = _Operation(
            self, operation_id, query, payload.get("variables"), payload.get("operationName")
        )
        operation.task = asyncio.create_task(self.run_operation(operation))
        operation.task.add_done_callback(self._task_done)
        self.operations[operation_id] = operation

    def _document(self, payload: Mapping[str, Any]) -> str | None:
        """The subscription's document, checked as on HTTP; raises ``RequestError``."""
        check_parameters(payload)
        query = self.endpoint.check_document(self.socket, payload)
        check_text(query, payload.get("variables") or {})
        limit = self.settings.max_document_bytes
        if len(query.encode()) > limit:
            raise RequestError(
                413, f"The document is larger than {limit} bytes.", ErrorCode.DOCUMENT_TOO_LARGE
            )
        try:
            operation = get_operation_ast(parse(query), payload.get("operationName"))
        except GraphQLError:
            return query  # the schema answers it (4400, as the protocol says)
        if operation is not None and operation.operation is not OperationType.SUBSCRIPTION:
            raise RequestError(
                405,
                "Only subscriptions run over WebSocket; send queries and mutations over HTTP.",
                ErrorCode.METHOD_NOT_ALLOWED,
            )
        return query

    async def _refuse(
        self, operation_id: str, code: ErrorCode, message: str, **extensions: object
    ) -> None:
        self._count_errors([code.value])
        entry = error_entry(code, message, **extensions)
        await self.send_message(
            cast(Message, {"id": operation_id, "type": "error", "payload": [entry]})
        )

    async def run_operation(self, operation: Operation[DeliveryContext, None]) -> None:
        """strawberry's, but subscriptions alone run (``Schema.subscribe``)."""
        try:
            results = await self.schema.subscribe(
                operation.query,
                variable_values=operation.variables,
                context_value=self.context,
                operation_name=operation.operation_name,
            )
            async with aclosing(results):
                await self._send_result_stream(operation, results)
            await operation.send_operation_message({"id": operation.id, "type": "complete"})
        except (WebSocketDisconnected, _OperationStreamClosed):
            return
        except Exception as error:  # the operation's task: logged, never silent
            log.exception("a subscription failed", exc_info=error)
            with suppress(Exception):
                await operation.send_operation_message({"id": operation.id, "type": "complete"})
            self.operations.pop(operation.id, None)
        finally:
            self.last_activity = time.monotonic()

    def formatted(self, errors: list[GraphQLError]) -> list[dict[str, Any]]:
        schema = cast(Schema, self.schema)
        entries = [format_error(error, suggestions=schema.suggestions) for error in errors]
        self._count_errors([str(entry["extensions"]["code"]) for entry in entries])
        return entries

    def _count_errors(self, codes: list[str]) -> None:
        if self.endpoint.count_errors is not None:
            self.endpoint.count_errors(codes)


class LiveEndpoint:
    """graphql-transport-ws at one GraphQL address (a starlette WebSocket route)."""

    def __init__(
        self,
        schema: Schema,
        *,
        name: str,
        connect: Connect,
        check_document: CheckDocument,
        still_allowed: StillAllowed | None = None,
    ) -> None:
        self.schema, self.name = schema, name
        self.connect, self.check_document, self.still_allowed = (
            connect,
            check_document,
            still_allowed,
        )
        self.connections = 0
        self.count_errors: Callable[[list[str]], None] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        settings: Settings = websocket.state.settings
        if GRAPHQL_TRANSPORT_WS_PROTOCOL not in websocket.scope.get("subprotocols", ()):
            await websocket.accept()
            await websocket.close(4406, "Subprotocol not acceptable: use graphql-transport-ws")
            return
        await websocket.accept(subprotocol=GRAPHQL_TRANSPORT_WS_PROTOCOL)
        self.connections += 1
        try:
            await LiveHandler(self, websocket, settings).handle()
        finally:
            self.connections -= 1


def plain_document(websocket: WebSocket, payload: Mapping[str, Any]) -> str:
    """The management endpoint's check: a document must be sent as text."""
    query = payload.get("query")
    if not isinstance(query, str) or not query.strip():
        raise RequestError(400, "A GraphQL request needs a query.")
    return query


class LiveFigures:
    """The live subscriptions' figures for /metrics (``cms.http.metrics.LiveFigures``)."""

    def __init__(
        self, broadcast: Broadcast, position: StreamPosition, endpoints: Sequence[LiveEndpoint]
    ) -> None:
        self.broadcast, self.position, self.endpoints = broadcast, position, endpoints

    def open_subscriptions(self) -> dict[str, int]:
        return {audience.value: self.broadcast.open(audience) for audience in Audience}

    def open_connections(self) -> dict[str, int]:
        return {endpoint.name: endpoint.connections for endpoint in self.endpoints}

    def dropped(self) -> int:
        return self.broadcast.dropped

    def events(self) -> int:
        return self.broadcast.published

    def stream_reopened(self) -> int:
        return self.position.reopened
