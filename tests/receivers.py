"""A webhook receiver for tests: a real HTTP server on localhost that records what it gets and
answers as a test tells it (fail the first N requests, hold a request until released)."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


@dataclass(frozen=True, slots=True)
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def id(self) -> str:
        return self.headers["webhook-id"]


@dataclass
class Receiver:
    """What came in, in order, and how to answer: ``fail_first`` requests get 500, and while
    ``hold`` is set requests wait for it to be released before answering."""

    url: str = ""
    fail_first: int = 0
    answer: int = 204
    received: list[Received] = field(default_factory=list)
    hold: asyncio.Event | None = None
    _arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, request: Request) -> Response:
        got = Received(dict(request.headers), await request.body())
        self.received.append(got)
        self._arrived.set()
        if self.hold is not None:
            await self.hold.wait()
        if len(self.received) <= self.fail_first:
            return Response("not now", status_code=500)
        return Response(status_code=self.answer)

    async def wait_for(
        self, done: Callable[[list[Received]], bool], *, seconds: float = 10
    ) -> None:
        """Until what was received satisfies ``done``."""

        async def until() -> None:
            while not done(self.received):
                self._arrived.clear()
                await self._arrived.wait()

        await asyncio.wait_for(until(), timeout=seconds)


@asynccontextmanager
async def receiver(**answers: Any) -> AsyncIterator[Receiver]:
    """A receiver listening on a free localhost port for as long as the block."""
    hook = Receiver(**answers)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    hook.url = f"http://127.0.0.1:{sock.getsockname()[1]}/hook"
    app = Starlette(routes=[Route("/hook", hook.handle, methods=["POST"])])
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        yield hook
    finally:
        if hook.hold is not None:
            hook.hold.set()
        server.should_exit = True
        await serving
        sock.close()
