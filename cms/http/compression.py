"""Compression of answers: starlette-compress (zstd, brotli, gzip, by what the client accepts)
for every route but the desk's files, which go gzip-compressed ahead of time."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send
from starlette_compress import CompressMiddleware, add_compress_type

# Answers smaller than this are sent as they are: compressing them gains little.
COMPRESS_FROM_BYTES = 1024


class CompressAnswers:
    """``CompressMiddleware`` for every path but those under ``skip`` (already compressed)."""

    def __init__(self, app: ASGIApp, *, skip: str, compressed_types: tuple[str, ...]) -> None:
        for media_type in compressed_types:  # beyond the middleware's own list of text types
            add_compress_type(media_type)
        self.app, self.skip = app, skip
        self.compressing = CompressMiddleware(app, minimum_size=COMPRESS_FROM_BYTES)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith(self.skip):
            await self.compressing(scope, receive, send)
        else:
            await self.app(scope, receive, send)
