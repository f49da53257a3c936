"""GraphQL over HTTP: the strawberry view that builds each request's context and errors."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from cms.api.context import DeliveryContext
from cms.api.errors import format_error
from cms.api.loaders import DeliveryLoaders
from cms.config import Settings
from cms.store import Store


class DeliveryGraphQL(GraphQL[DeliveryContext, None]):
    """The public endpoint: fresh loaders per request, errors in the house vocabulary."""

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> DeliveryContext:
        assert isinstance(request, Request)
        assert isinstance(response, Response)
        store: Store = request.state.store
        settings: Settings = request.state.settings
        return DeliveryContext(
            request=request,
            response=response,
            store=store,
            settings=settings,
            loaders=DeliveryLoaders.build(store),
        )

    async def process_result(
        self, request: Request | WebSocket, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        response: dict[str, Any] = {"data": result.data}
        if result.errors:
            response["errors"] = [format_error(error) for error in result.errors]
        if result.extensions:
            response["extensions"] = result.extensions
        return response  # type: ignore[return-value]
