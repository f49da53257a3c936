"""GraphQL over HTTP: the strawberry view that builds each request's context and errors."""

from __future__ import annotations

import json
from typing import Any

from starlette.background import BackgroundTask
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from cms.api.auth import principal_of
from cms.api.context import ManagementContext
from cms.api.endpoint import RequestError, check_text, error_response, read_body
from cms.api.errors import format_error
from cms.api.loaders import Loaders
from cms.store import Store


class ManagementGraphQL(GraphQL[ManagementContext, None]):
    """The editors' endpoint: the caller (bearer token or desk cookie) is known before anything
    runs."""

    async def process_result(
        self, request: Request | WebSocket, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        response: dict[str, Any] = {"data": result.data}
        if result.errors:
            response["errors"] = [format_error(error) for error in result.errors]
        if result.extensions:
            response["extensions"] = result.extensions
        return response  # type: ignore[return-value]

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> ManagementContext:
        assert isinstance(request, Request)
        assert isinstance(response, Response)
        # Uploads are spooled to temporary files: close them once the answer is sent.
        response.background = BackgroundTask(request.close)
        store: Store = request.state.store
        principal, error = await principal_of(request)
        return ManagementContext(
            request=request,
            response=response,
            store=store,
            settings=request.state.settings,
            loaders=Loaders.for_management(store),
            clock=request.state.clock,
            principal=principal,
            auth_error=error,
        )


class JsonGuard:
    """Checks a JSON request to the management API before strawberry parses it.

    A body that is not a JSON object, is not UTF-8, nests too deeply or carries text a
    database cannot store gets a clear 400, never a 500 from deep inside the parser.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = Headers(scope=scope).get("content-type", "").split(";")[0].strip().lower()
        if scope["type"] != "http" or scope["method"] != "POST" or kind != "application/json":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            body = await read_body(request, limit=self.max_bytes)
            parsed = json.loads(body)
            if not isinstance(parsed, dict):
                raise RequestError(400, "The request body must be a JSON object.")
            check_text(parsed)
        except (ValueError, UnicodeDecodeError, RecursionError):
            await error_response(request, RequestError(400, "The body is not valid JSON."))(
                scope, receive, send
            )
            return
        except RequestError as error:
            await error_response(request, error)(scope, receive, send)
            return
        await self.app(scope, _replay(body), send)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive
