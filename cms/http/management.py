"""GraphQL over HTTP: the strawberry view that builds each request's context and errors."""

from __future__ import annotations

import json
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.background import BackgroundTask
from starlette.datastructures import Headers
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import MissingQueryError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UNSET

from cms import model
from cms.api.cache_tags import Tags
from cms.api.context import Exchange, ManagementContext
from cms.api.errors import response_body
from cms.api.loaders import Loaders
from cms.api.media_links import MediaLinks
from cms.api.reader import DeliveryReader
from cms.errors import CmsError, ErrorCode, Unauthenticated, error_body
from cms.http.auth import CookieExchange, principal_of
from cms.http.delivery import (
    RequestError,
    check_text,
    error_response,
    read_body,
    request_status,
    response_media_type,
)
from cms.http.multipart import parse_json_field, place_files
from cms.store import Store

# strawberry's refusals of a request, by status, as our codes.
_REQUEST_CODES = {
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    415: ErrorCode.UNSUPPORTED_MEDIA,
}


class ManagementGraphQL(GraphQL[ManagementContext, None]):
    """The editors' endpoint: the caller (bearer token or desk cookie) is known before anything
    runs.

    Every answer is the API's JSON: strawberry's own refusals (plain text there) become
    ``RequestError`` answers, and GraphQL over HTTP is followed as on /graphql (the media
    type a client accepts; a request that could not run is a 400 with no ``data``).
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            response = await self.run(request)
        except HTTPException as refused:
            code = _REQUEST_CODES.get(refused.status_code, ErrorCode.BAD_REQUEST)
            response = error_response(
                request, RequestError(refused.status_code, refused.reason, code)
            )
        except RequestError as error:
            response = error_response(request, error)
        try:
            await response(scope, receive, send)
        finally:
            await request.close()  # an upload refused before it ran is spooled too

    async def run(  # type: ignore[override]
        self, request: Request, context: Any = UNSET, root_value: Any = UNSET
    ) -> Response:
        response = await super().run(request, context, root_value)
        if isinstance(response, Response) and response.media_type != "text/html":
            response.headers["content-type"] = response_media_type(request)
            failed: ExecutionResult | None = getattr(request.state, "graphql_result", None)
            if failed is not None and request_status(request, failed) != 200:
                response.status_code = request_status(request, failed)
        return response

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: ManagementContext,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """strawberry's, but subscriptions run over WebSocket only (``cms.http.live``)."""
        method = request_adapter.method
        allowed = OperationType.from_http(method) - {OperationType.SUBSCRIPTION}
        if not self.allow_queries_via_get and method == "GET":
            allowed -= {OperationType.QUERY}
        try:
            return await self.schema.execute(
                request_data.query,
                root_value=root_value,
                variable_values=request_data.variables,
                context_value=context,
                operation_name=request_data.operation_name,
                allowed_operation_types=allowed,
                operation_extensions=request_data.extensions,
            )
        except InvalidOperationTypeError as error:
            if method == "POST":
                raise RequestError(
                    405,
                    "Subscriptions run over WebSocket (graphql-transport-ws) at this address; "
                    "send queries and mutations over HTTP.",
                    ErrorCode.METHOD_NOT_ALLOWED,
                ) from None
            raise RequestError(400, error.as_http_error_reason(method)) from None
        except CannotGetOperationTypeError as error:
            raise RequestError(400, error.as_http_error_reason()) from None
        except MissingQueryError:
            raise RequestError(400, "No GraphQL query found in the request.") from None

    async def parse_multipart(self, request: AsyncHTTPRequestAdapter) -> dict[str, str]:
        """strawberry's, with the client's ``map`` checked before it is followed."""
        try:
            form = (await request.get_form_data()).form
        except ValueError:
            raise RequestError(400, "The multipart body cannot be read.") from None
        operations = parse_json_field(form.get("operations", "{}"), "operations")
        files_map = parse_json_field(form.get("map", "{}"), "map")
        return place_files(operations, files_map, form)

    async def process_result(
        self, request: Request | WebSocket, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        request.state.graphql_result = result
        response = response_body(result, suggestions=self.schema.suggestions)  # type: ignore[attr-defined]
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
        principal, error = await principal_of(request)
        return management_context(
            request,
            principal=principal,
            auth_error=error,
            exchange=CookieExchange(request, response),
        )


def management_context(
    connection: HTTPConnection,
    *,
    principal: model.Principal | None,
    auth_error: CmsError | None,
    exchange: Exchange,
) -> ManagementContext:
    """An editor's context, with its own loaders: one per request, or per live event."""
    store: Store = connection.state.store
    settings, clock = connection.state.settings, connection.state.clock
    loaders = Loaders.for_management(store, now=clock())
    links = MediaLinks(desk=True)
    # For the published stories an author's or a section's `articles` lists.
    reader = DeliveryReader(
        store, loaders=loaders, settings=settings, clock=clock, links=links, tags=Tags()
    )
    return ManagementContext(
        store=store,
        files=connection.state.files,
        settings=settings,
        loaders=loaders,
        clock=clock,
        reader=reader,
        principal=principal,
        auth_error=auth_error,
        links=links,
        exchange=exchange,
    )


# How a caller refused from its headers alone is answered, by the reason's code.
_REFUSALS = {
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.CSRF_CHECK_FAILED: 403,
    ErrorCode.SERVICE_UNAVAILABLE: 503,
}


class SignedInUploads:
    """Multipart bodies (uploads) are read only for a signed-in caller: an anonymous request,
    or one whose token or cookie does not hold, is refused from its headers alone, before a
    byte of its body is read or spooled to disk."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = Headers(scope=scope).get("content-type", "").split(";")[0].strip().lower()
        if scope["type"] != "http" or scope["method"] != "POST" or kind != "multipart/form-data":
            await self.app(scope, receive, send)
            return
        request = Request(scope)  # no receive: the body cannot be read here
        principal, error = await principal_of(request)
        if principal is not None:
            await self.app(scope, receive, send)
            return
        refusal = error or Unauthenticated(
            "Sign in before uploading: send `Authorization: Bearer <token>`."
        )
        status = _REFUSALS.get(refusal.code, 401)
        headers = {"Cache-Control": "no-store", "Connection": "close"}
        if status == 503:
            headers["Retry-After"] = "1"
        body = error_body(refusal.code, refusal.message, **refusal.extensions)
        response = Response(
            json.dumps(body).encode(),
            status_code=status,
            media_type=response_media_type(request),
            headers=headers,
        )
        await response(scope, receive, send)


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
