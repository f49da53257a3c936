"""A cap on request bodies at /admin/graphql, so an oversized upload is refused as it arrives.

Without it, a multipart body would be spooled to disk whole before any resolver could look at
its size. A body declared larger than the cap is refused before it is read; one that does not
declare its length (chunked) is cut off when it crosses the cap. Either way the answer is 413
with the usual GraphQL error shape: ``BAD_USER_INPUT``, reason ``TOO_LARGE``. Files below the
cap but above the upload limit are refused by ``uploadMedia`` itself, with the same reason.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cms.errors import ErrorCode, error_body

# Room for the multipart framing and the operations document around the file itself.
FORM_OVERHEAD = 1024 * 1024


class _TooLarge(Exception):
    """The body crossed the cap while it was being read."""


class BodyLimit:
    """Wraps an ASGI app; requests with a body over ``max_upload_bytes`` plus overhead get 413."""

    def __init__(self, app: ASGIApp, *, max_upload_bytes: int) -> None:
        self.app = app
        self.max_upload_bytes = max_upload_bytes
        self.cap = max_upload_bytes + FORM_OVERHEAD

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.cap:
            await self._refuse(send)
            return
        received = 0
        started = False

        async def counting() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.cap:
                raise _TooLarge
            return message

        async def watching(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting, watching)
        except _TooLarge:
            if started:
                raise
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        message = f"The upload is too large: files may be at most {self.max_upload_bytes} bytes."
        error = error_body(
            ErrorCode.BAD_USER_INPUT, message, reason="TOO_LARGE", max_bytes=self.max_upload_bytes
        )
        body = json.dumps(error).encode()
        headers = [(b"content-type", b"application/json"), (b"connection", b"close")]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
