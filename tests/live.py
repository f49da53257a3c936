"""Helpers for tests of live subscriptions: the app under a real uvicorn, and a
graphql-transport-ws client on the ``websockets`` library."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import uvicorn
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from cms.app import create_app
from cms.config import Settings
from cms.domain.live import Broadcast
from tests.conftest import Api, Clock, CommandLog, lifespan

PROTOCOL = "graphql-transport-ws"
# How long a test waits for what should come at once (a server on two busy cores).
WAIT = 10.0


@dataclass
class Served:
    """The app behind a real uvicorn: its HTTP API, its WebSocket address, its broadcast."""

    api: Api
    ws_url: str
    live: Broadcast

    async def until_open(self, count: int) -> None:
        """Wait until ``count`` subscriptions are open in the process (they are registered a
        moment after the subscribe message is read)."""
        await asyncio.wait_for(self.live.until(lambda live: live.open() == count), WAIT)


@asynccontextmanager
async def serving(settings: Settings, clock: Clock) -> AsyncIterator[Served]:
    """The app in its lifespan, served by uvicorn on a free port of this machine."""
    commands = CommandLog()
    app = create_app(settings, clock=clock, command_listeners=[commands])
    async with lifespan(app) as manager:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        config = uvicorn.Config(
            manager.app, lifespan="off", log_level="warning", ws="websockets-sansio"
        )
        server = uvicorn.Server(config)
        task = asyncio.create_task(server.serve(sockets=[sock]))
        base = f"http://127.0.0.1:{port}"
        try:
            async with httpx.AsyncClient(base_url=base) as client:
                api = Api(
                    client=client,
                    store=manager._state["store"],
                    settings=settings,
                    commands=commands,
                    clock=clock,
                )
                yield Served(api=api, ws_url=f"ws://127.0.0.1:{port}", live=manager._state["live"])
        finally:
            server.should_exit = True
            await task
            sock.close()


class Closed(Exception):
    """The server closed the socket: ``code`` and ``reason``."""

    def __init__(self, code: int | None, reason: str) -> None:
        super().__init__(f"{code}: {reason}")
        self.code, self.reason = code, reason


class Socket:
    """One graphql-transport-ws connection, as a client library would hold it."""

    def __init__(self, connection: ClientConnection, *, answer_pings: bool) -> None:
        self.connection, self.answer_pings = connection, answer_pings
        self.pings = 0

    async def send(self, message: dict[str, Any]) -> None:
        await self.connection.send(json.dumps(message))

    async def receive(self, seconds: float = WAIT) -> dict[str, Any]:
        """The next message but pings (answered with pong, unless told not to)."""
        async with asyncio.timeout(seconds):
            while True:
                try:
                    raw = await self.connection.recv()
                except ConnectionClosed as closed:
                    frame = closed.rcvd
                    code, reason = (None, "") if frame is None else (frame.code, frame.reason)
                    raise Closed(code, reason) from None
                message: dict[str, Any] = json.loads(raw)
                if message["type"] != "ping":
                    return message
                self.pings += 1
                if self.answer_pings:
                    await self.send({"type": "pong"})

    async def init(self, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        await self.send({"type": "connection_init", "payload": payload or {}})
        return await self.receive()

    async def subscribe(
        self, operation_id: str, query: str, variables: dict[str, Any] | None = None
    ) -> None:
        payload = {"query": query, "variables": variables or {}}
        await self.send({"id": operation_id, "type": "subscribe", "payload": payload})

    async def closed(self, seconds: float = WAIT) -> Closed:
        """Read until the server closes the socket; its close frame."""
        try:
            while True:
                await self.receive(seconds)
        except Closed as closed:
            return closed


@asynccontextmanager
async def socket_to(
    url: str,
    *,
    subprotocols: tuple[str, ...] = (PROTOCOL,),
    headers: dict[str, str] | None = None,
    origin: str | None = None,
    answer_pings: bool = True,
) -> AsyncIterator[Socket]:
    async with connect(
        url,
        subprotocols=[*subprotocols],  # type: ignore[list-item]
        additional_headers=headers,
        origin=origin,  # type: ignore[arg-type]
        open_timeout=WAIT,
    ) as connection:
        yield Socket(connection, answer_pings=answer_pings)


async def error_codes(message: dict[str, Any]) -> list[str]:
    """The codes of an ``error`` message, or of a ``next`` message's errors."""
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    return [error["extensions"]["code"] for error in errors]
