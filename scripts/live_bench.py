"""Benchmark live subscriptions: how long one publish takes to reach 1,000 open subscriptions,
and how much memory an idle subscription costs the server.

Starts an embedded SecantusDB on temporary storage and ``cms serve --demo`` on it (one uvicorn
process, 127.0.0.1 only), signs an editor in, then opens ``--subscriptions`` WebSockets to
/graphql, each with one ``articlesPublished`` subscription (a reader's front page), and waits
until the server counts them all open (its /metrics).

- Memory: the server's resident memory (VmRSS) before the sockets open and once they are all
  open and idle, divided by their number: what one idle reader's socket and subscription cost.
- Latency: ``--publishes`` times, a story approved beforehand is published through
  /admin/graphql; for each subscriber, the time from sending ``publishArticle`` to its
  ``next`` message. Reported as p50, p99 and max over every (publish, subscriber) pair, first
  for a subscription that selects the event alone (``slug change at``), then for one that also
  reads the story (``article { headline }``, one read per subscriber and event, as a query).

The subscribers all run in this one process, so a late arrival includes this process's own
time to read the messages before it; the figures are an upper bound of the server's.

Run it with ``scripts/bench-live`` (``--help`` for the options). Figures are printed, not
asserted: this is not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import resource
import statistics
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import soak
from websockets.asyncio.client import ClientConnection, connect

from cms.server.processes import free_port

HOST = soak.HOST
EVENT_ONLY = "subscription { articlesPublished { slug change at } }"
WITH_STORY = "subscription { articlesPublished { slug article { headline } } }"


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscriptions", type=int, default=1000)
    parser.add_argument("--publishes", type=int, default=5, help="per kind of subscription")
    parser.add_argument("--json", type=Path, help="also write the figures here, as JSON")
    return parser.parse_args()


# --- The server ---------------------------------------------------------------------------------


@dataclass
class Server:
    base: str
    pid: int
    token: str = ""
    refs: dict[str, Any] = field(default_factory=dict)

    @property
    def ws(self) -> str:
        return self.base.replace("http://", "ws://") + "/graphql"

    def open_subscriptions(self) -> int:
        with urllib.request.urlopen(f"{self.base}/metrics", timeout=10) as answer:
            for line in answer.read().decode().splitlines():
                if line.startswith('cms_subscriptions_open{endpoint="delivery"}'):
                    return int(float(line.split()[-1]))
        return 0


async def manage(client: httpx.AsyncClient, server: Server, query: str, **variables: Any) -> Any:
    headers = {"authorization": f"Bearer {server.token}"} if server.token else {}
    answer = await client.post(
        "/admin/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    body = answer.json()
    if "errors" in body:
        raise RuntimeError(body["errors"])
    return body["data"]


async def sign_in(client: httpx.AsyncClient, server: Server) -> None:
    login = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }"
    data = await manage(client, server, login, e=soak.EDITOR_EMAIL, p=soak.EDITOR_PASSWORD)
    server.token = data["login"]["token"]
    directory = (
        "{ sections { slug } authors { id }"
        " mediaAssets(first: 1, kind: IMAGE) { edges { node { id } } } }"
    )
    found = await manage(client, server, directory)
    server.refs = {
        "section": found["sections"][0]["slug"],
        "author": found["authors"][0]["id"],
        "picture": found["mediaAssets"]["edges"][0]["node"]["id"],
    }


async def approved_story(client: httpx.AsyncClient, server: Server, n: int) -> tuple[str, int]:
    """A story filed, submitted and approved, ready to publish: (id, version)."""
    refs = server.refs
    content = {
        "headline": f"Council approves flood defence budget, part {n}",
        "slug": f"flood-defence-budget-{n}-{time.time_ns()}",
        "section": refs["section"],
        "bylines": [{"authorId": refs["author"]}],
        "leadMedia": {
            "assetId": refs["picture"],
            "credit": "Photo by Ana Ruiz/Harbour Press",
            "caption": "The river at Mill Lane.",
        },
        "body": [{"paragraph": {"inlines": [{"text": "The council voted on Monday."}]}}],
    }
    create = "mutation($input: ArticleInput!) { createArticle(input: $input) { id version } }"
    story = (await manage(client, server, create, input=content))["createArticle"]
    for step in ("submitArticle", "approveArticle"):
        mutation = (
            f"mutation($id: ID!, $v: Int!) {{ {step}(id: $id, expectedVersion: $v) {{ id }} }}"
        )
        await manage(client, server, mutation, id=story["id"], v=story["version"])
        story["version"] += 1
    return story["id"], story["version"]


# --- The subscribers ----------------------------------------------------------------------------


class Subscribers:
    """``count`` sockets, one subscription each, noting when each event reaches each."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.arrivals: list[float] = []
        self.all_arrived = asyncio.Event()
        self.sockets: list[ClientConnection] = []
        self.readers: list[asyncio.Task[None]] = []

    async def open(self, url: str, document: str) -> None:
        batch = 50
        for start in range(0, self.count, batch):
            size = min(batch, self.count - start)
            await asyncio.gather(*(self._one(url, document) for _ in range(size)))

    async def _one(self, url: str, document: str) -> None:
        socket = await connect(url, subprotocols=["graphql-transport-ws"], open_timeout=60)  # type: ignore[list-item]
        await socket.send(json.dumps({"type": "connection_init", "payload": {}}))
        ack = json.loads(await socket.recv())
        assert ack["type"] == "connection_ack", ack
        subscribe = {"id": "1", "type": "subscribe", "payload": {"query": document}}
        await socket.send(json.dumps(subscribe))
        self.sockets.append(socket)
        self.readers.append(asyncio.create_task(self._read(socket)))

    async def _read(self, socket: ClientConnection) -> None:
        with contextlib.suppress(Exception):
            async for raw in socket:
                message = json.loads(raw)
                if message["type"] == "ping":
                    await socket.send('{"type":"pong"}')
                elif message["type"] == "next":
                    self.arrivals.append(time.perf_counter())
                    if len(self.arrivals) == self.count:
                        self.all_arrived.set()
                else:
                    print("unexpected:", message)

    async def close(self) -> None:
        for reader in self.readers:
            reader.cancel()
        await asyncio.gather(*(s.close() for s in self.sockets), return_exceptions=True)
        await asyncio.gather(*self.readers, return_exceptions=True)


async def until_open(server: Server, count: int) -> None:
    deadline = time.monotonic() + 120
    while await asyncio.to_thread(server.open_subscriptions) != count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the server never counted {count} subscriptions open")
        await asyncio.sleep(0.2)


# --- Measuring ----------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def measure(
    client: httpx.AsyncClient, server: Server, document: str, args: argparse.Namespace
) -> dict[str, Any]:
    stories = [await approved_story(client, server, n) for n in range(args.publishes)]
    before = soak.resident_mib(server.pid) or 0.0
    subscribers = Subscribers(args.subscriptions)
    started = time.perf_counter()
    await subscribers.open(server.ws, document)
    await until_open(server, args.subscriptions)
    opened = time.perf_counter() - started
    await asyncio.sleep(2)  # idle: nothing but the sockets held
    after = soak.resident_mib(server.pid) or 0.0
    latencies: list[float] = []
    publish = (
        "mutation($id: ID!, $v: Int!) { publishArticle(id: $id, expectedVersion: $v) { version } }"
    )
    try:
        for story_id, version in stories:
            subscribers.arrivals.clear()
            subscribers.all_arrived.clear()
            sent = time.perf_counter()
            await manage(client, server, publish, id=story_id, v=version)
            await asyncio.wait_for(subscribers.all_arrived.wait(), 120)
            latencies.extend(arrival - sent for arrival in subscribers.arrivals)
    finally:
        await subscribers.close()
        await until_open(server, 0)
    return {
        "subscriptions": args.subscriptions,
        "publishes": args.publishes,
        "open_seconds": round(opened, 2),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1),
        "rss_before_mib": round(before, 1),
        "rss_open_mib": round(after, 1),
        "kib_per_idle_subscription": round((after - before) * 1024 / args.subscriptions, 1),
    }


def report(name: str, figures: dict[str, Any]) -> None:
    print(
        f"{name}: one publish reaches {figures['subscriptions']} subscriptions in "
        f"p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms, max {figures['max_ms']} ms "
        f"({figures['publishes']} publishes); {figures['kib_per_idle_subscription']} KiB per "
        f"idle subscription (server RSS {figures['rss_before_mib']} -> "
        f"{figures['rss_open_mib']} MiB); {figures['subscriptions']} sockets opened in "
        f"{figures['open_seconds']} s"
    )


async def run(args: argparse.Namespace) -> dict[str, Any]:
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # a socket per subscriber
    with tempfile.TemporaryDirectory(prefix="cms-live-bench-") as tmp:
        workdir = Path(tmp)
        database = soak.start_database(workdir / "db")
        port = free_port()
        env = soak.server_environment(
            database.uri,
            workdir,
            port,
            None,
            {
                "CMS_SCHEDULER_ENABLED": "false",
                # Every simulated reader comes from this one address.
                "CMS_SUBSCRIPTIONS_PER_CLIENT": str(10 * args.subscriptions),
            },
        )
        soak.create_editor(env)
        process = soak.start_server(env, port, workdir / "server.log")
        try:
            server = Server(base=f"http://{HOST}:{port}", pid=process.pid)
            async with httpx.AsyncClient(base_url=server.base, timeout=60) as client:
                for _ in range(600):
                    with contextlib.suppress(httpx.HTTPError):
                        if (await client.get("/readyz")).status_code == 200:
                            break
                    await asyncio.sleep(0.1)
                await sign_in(client, server)
                figures = {
                    "event_only": await measure(client, server, EVENT_ONLY, args),
                    "with_story": await measure(client, server, WITH_STORY, args),
                }
        finally:
            soak.stop_server(process)
            database.stop()
    return figures


def main() -> None:
    args = options()
    figures = asyncio.run(run(args))
    report("event only ", figures["event_only"])
    report("with story ", figures["with_story"])
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
