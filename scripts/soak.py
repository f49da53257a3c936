"""Soak the CMS: a real server under a bounded mixed load, optionally through a database outage.

Starts an embedded SecantusDB on its own temporary storage and ``cms serve --demo`` on it (the
scheduler on), both on 127.0.0.1 only, creates an editor with ``cms users create``, then runs
``--clients`` concurrent clients for ``--seconds``: mostly delivery reads (story pages by a
random slug and section fronts, over GET and POST), some editor updates (``updateArticle`` with
the version last seen: CONFLICT is the expected answer under contention, not an error) and
republishes through /admin/graphql.

It reports requests by kind, unexpected errors (5xx, connection errors and timeouts,
unexpected GraphQL codes), p50/p99 latency, and the server's resident memory (VmRSS) at the
start, every 30 s and at the end. With ``--outage SECONDS`` the database is stopped midway and
started again on the same port and storage: answers during the outage are counted apart
(``SERVICE_UNAVAILABLE`` is the one expected), the time the server takes to answer again by
itself is measured, and every write acknowledged before (and after) the outage is checked.

Exit status 0 when nothing unexpected happened, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from cms.server.embedded import EmbeddedDatabase
from cms.server.processes import die_with_parent, free_port

ROOT = Path(__file__).resolve().parents[1]
CMS = ROOT / ".venv" / "bin" / "cms"
HOST = "127.0.0.1"  # the only address this script ever talks to
EDITOR_EMAIL = "soak-editor@newsroom.example"
EDITOR_PASSWORD = "soak test password, not a secret"

STORY = """
query Story($slug: String!) {
  article(slug: $slug) {
    headline dek dateline publishedAt updatedAt tags
    authors { name slug title avatar { url } }
    section { slug name }
    leadMedia { url caption credit altText width height }
    body {
      __typename
      ... on Paragraph { html text }
      ... on Heading { text level }
      ... on BlockQuote { html attribution }
      ... on PullQuote { text attribution }
      ... on MediaBlock { url caption credit altText }
      ... on Embed { provider url html }
      ... on RelatedLink { label text externalUrl article { slug headline } }
      ... on ListBlock { ordered items { html } }
      ... on AdSlotBlock { slot { code adUnitPath sizes { width height } } }
    }
  }
}
"""
FRONT = """
query Front($section: String) {
  articles(first: 20, section: $section) {
    edges { cursor node { slug headline dek publishedAt authors { name } leadMedia { url } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
SLUGS = "{ articles(first: 100) { edges { node { slug } } } sections { slug } }"
PROBE = "query Probe($slug: String!) { article(slug: $slug) { slug } }"
LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }"
DESK = "{ articles(first: 100, status: PUBLISHED) { edges { node { id slug version } } } }"
FIELDS = "id version dek status"
UPDATE = f"""
mutation Update($id: ID!, $v: Int!, $input: ArticleInput!) {{
  updateArticle(id: $id, expectedVersion: $v, input: $input) {{ {FIELDS} }}
}}
"""
PUBLISH = f"""
mutation Publish($id: ID!, $v: Int!) {{
  publishArticle(id: $id, expectedVersion: $v) {{ {FIELDS} }}
}}
"""
READ_BACK = "query($id: ID!) { article(id: $id) { id version dek status } }"

# What the clients do, and how often.
MIX = {"story": 45, "front": 30, "update": 15, "publish": 10}
# How many live stories the editor keeps changing: few enough that clients collide (CONFLICT).
DESK_SIZE = 12


# --- Processes -----------------------------------------------------------------------------------


def start_database(storage: Path, port: int | None = None) -> EmbeddedDatabase:
    """The embedded database on ``storage``; on ``port`` when given (a restart, so the server's
    client finds it where it was)."""
    database = EmbeddedDatabase(storage, port=port)
    database.start()
    return database


def server_environment(
    uri: str,
    workdir: Path,
    port: int,
    db_timeout_ms: int | None,
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    """The caller's environment without any CMS_* setting of its own, plus ours (and the
    ``--server-env`` ones, last)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CMS_")}
    if db_timeout_ms is not None:
        env["CMS_DB_TIMEOUT_MS"] = str(db_timeout_ms)
    env.update(
        CMS_MONGODB_URI=uri,
        CMS_DATABASE="soak",
        CMS_MEDIA_DIR=str(workdir / "media"),
        CMS_HOST=HOST,
        CMS_PORT=str(port),
        CMS_SCHEDULER_ENABLED="true",
        # One client address for every simulated reader: the per-client limit would measure
        # itself, not the server.
        CMS_RATE_LIMIT="false",
    )
    env.update(extra or {})
    return env


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [str(CMS), "serve", "--host", HOST, "--port", str(port), "--demo"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def create_editor(env: dict[str, str]) -> None:
    subprocess.run(
        [str(CMS), "users", "create", EDITOR_EMAIL, "--role", "editor", "--password-stdin"],
        input=f"{EDITOR_PASSWORD}\n".encode(),
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )


def resident_mib(pid: int) -> float | None:
    """The process's resident memory (VmRSS) in MiB, or None once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


# --- Counting ------------------------------------------------------------------------------------


@dataclass
class Tally:
    """Requests by kind and outcome; latencies kept apart for steady state and outage."""

    requests: Counter[str] = field(default_factory=Counter)
    expected: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: Counter[tuple[str, str]] = field(default_factory=Counter)
    outage: Counter[tuple[str, str]] = field(default_factory=Counter)
    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    outage_latency: list[float] = field(default_factory=list)
    # (outcome, seconds after the stop it was sent, how long it took) of outage failures
    outage_timeline: list[tuple[str, float, float]] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)  # a few bodies of unexpected errors


@dataclass
class Story:
    """A live story the editor keeps changing; ``acked`` is the last write the server
    acknowledged: (version, dek)."""

    id: str
    slug: str
    version: int
    acked: tuple[int, str | None] = (0, None)
    acked_before_outage: tuple[int, str | None] | None = None


@dataclass
class Soak:
    client: httpx.AsyncClient
    token: str
    slugs: list[str]
    sections: list[str]
    desk: list[Story]
    deadline: float
    tally: Tally = field(default_factory=Tally)
    in_outage: bool = False
    outage_began: float = 0.0
    edits: itertools.count[int] = field(default_factory=itertools.count)

    async def call(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        admin: bool = False,
        get: bool = False,
        expected: tuple[str, ...] = (),
    ) -> dict[str, Any] | None:
        """One request, timed and counted; the body when it succeeded or failed as expected."""
        started, during_outage = time.monotonic(), self.in_outage
        outcome, body = await self._send(payload, admin=admin, get=get)
        elapsed = time.monotonic() - started
        during_outage = during_outage or self.in_outage
        self.tally.requests[kind] += 1
        if during_outage:
            self.tally.outage_latency.append(elapsed)
        else:
            self.tally.latency[kind].append(elapsed)
        if outcome == "ok" or outcome in expected:
            if outcome != "ok":
                self.tally.expected[(kind, outcome)] += 1
            return body
        if during_outage:
            self.tally.outage[(kind, outcome)] += 1
            self.tally.outage_timeline.append((outcome, started - self.outage_began, elapsed))
        else:
            self.tally.errors[(kind, outcome)] += 1
            if len(self.tally.samples) < 5:
                self.tally.samples.append(f"{kind}: {outcome}: {json.dumps(body)[:300]}")
        return None

    async def _send(
        self, payload: dict[str, Any], *, admin: bool, get: bool
    ) -> tuple[str, dict[str, Any] | None]:
        """(outcome, body): outcome is "ok", a GraphQL error code, or what went wrong."""
        path = "/admin/graphql" if admin else "/graphql"
        headers = {"authorization": f"Bearer {self.token}"} if admin else {}
        try:
            if get:
                params = {"query": payload["query"], "variables": json.dumps(payload["variables"])}
                response = await self.client.get(path, params=params, headers=headers)
            else:
                response = await self.client.post(path, json=payload, headers=headers)
        except httpx.TimeoutException:
            return "timeout (a hang)", None
        except httpx.HTTPError as error:
            return f"connection error: {type(error).__name__}", None
        try:
            body = response.json()
        except ValueError:
            return f"HTTP {response.status_code}, not JSON", None
        if not isinstance(body, dict):
            return f"HTTP {response.status_code}, not a JSON object", None
        codes = [(e.get("extensions") or {}).get("code") for e in body.get("errors") or ()]
        if response.status_code >= 400 and not codes:
            return f"HTTP {response.status_code}", body
        if codes:
            return str(codes[0]), body
        return "ok", body


# --- What the clients do -------------------------------------------------------------------------


async def read_story(soak: Soak, rng: random.Random) -> None:
    variables = {"slug": rng.choice(soak.slugs)}
    await soak.call("story", {"query": STORY, "variables": variables}, get=rng.random() < 0.5)


async def read_front(soak: Soak, rng: random.Random) -> None:
    section = rng.choice([*soak.sections, None])
    payload = {"query": FRONT, "variables": {"section": section}}
    await soak.call("front", payload, get=rng.random() < 0.5)


def _settle(story: Story, body: dict[str, Any] | None, field_name: str) -> None:
    """Follow the version the server answered with: the new one, or the current one."""
    if body is None:
        return
    if body.get("data"):
        answer = body["data"][field_name]
        story.version = max(story.version, answer["version"])
        if answer["version"] > story.acked[0]:
            story.acked = (answer["version"], answer["dek"])
        return
    current = ((body.get("errors") or [{}])[0].get("extensions") or {}).get("currentVersion")
    if isinstance(current, int):
        story.version = max(story.version, current)


async def update_story(soak: Soak, rng: random.Random) -> None:
    story = rng.choice(soak.desk)
    dek = f"Updated by the soak test, edit {next(soak.edits)}."
    variables = {"id": story.id, "v": story.version, "input": {"dek": dek}}
    payload = {"query": UPDATE, "variables": variables}
    body = await soak.call("update", payload, admin=True, expected=("CONFLICT",))
    _settle(story, body, "updateArticle")


async def publish_story(soak: Soak, rng: random.Random) -> None:
    story = rng.choice(soak.desk)
    payload = {"query": PUBLISH, "variables": {"id": story.id, "v": story.version}}
    body = await soak.call("publish", payload, admin=True, expected=("CONFLICT",))
    _settle(story, body, "publishArticle")


ACTIONS: dict[str, Callable[[Soak, random.Random], Awaitable[None]]] = {
    "story": read_story,
    "front": read_front,
    "update": update_story,
    "publish": publish_story,
}


async def client_loop(soak: Soak, rng: random.Random) -> None:
    kinds, weights = list(MIX), list(MIX.values())
    while time.monotonic() < soak.deadline:
        await ACTIONS[rng.choices(kinds, weights)[0]](soak, rng)


# --- The run -------------------------------------------------------------------------------------


async def wait_until_ready(client: httpx.AsyncClient, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited at start (status {server.returncode})")
        with contextlib.suppress(httpx.HTTPError):
            if (await client.get("/readyz")).status_code == 200:
                return
        await asyncio.sleep(0.25)
    raise RuntimeError("the server did not become ready in 90 s")


async def prepare(client: httpx.AsyncClient, deadline: float) -> Soak:
    """Log in as the editor and learn what there is to read and to edit."""
    login = {"query": LOGIN, "variables": {"e": EDITOR_EMAIL, "p": EDITOR_PASSWORD}}
    token = (await client.post("/admin/graphql", json=login)).json()["data"]["login"]["token"]
    data = (await client.post("/graphql", json={"query": SLUGS})).json()["data"]
    slugs = [edge["node"]["slug"] for edge in data["articles"]["edges"]]
    sections = [section["slug"] for section in data["sections"]]
    headers = {"authorization": f"Bearer {token}"}
    desk = (await client.post("/admin/graphql", json={"query": DESK}, headers=headers)).json()
    stories = [Story(**e["node"]) for e in desk["data"]["articles"]["edges"]][:DESK_SIZE]
    if not slugs or not stories:
        raise RuntimeError("the demo newsroom has no published stories to read or edit")
    return Soak(client, token, slugs, sections, stories, deadline)


async def sample_memory(pid: int, every: float, deadline: float, out: list[Any]) -> None:
    """Every ``every`` seconds until the deadline (the caller takes the last one at the end)."""
    started = time.monotonic()
    for n in itertools.count(1):
        due = started + n * every
        if due >= deadline - 1:
            return
        await asyncio.sleep(due - time.monotonic())
        out.append((time.monotonic() - started, resident_mib(pid)))


@dataclass
class OutageReport:
    began_at: float = 0.0
    database_back_at: float = 0.0
    recovered_after: float | None = None  # seconds from the database's return to an answer
    stop_seconds: float = 0.0
    restart_seconds: float = 0.0


async def _probe(client: httpx.AsyncClient, n: int) -> bool:
    """An answer that needs the database: a slug never asked before, so no cache has it."""
    payload = {"query": PROBE, "variables": {"slug": f"soak-probe-{n}"}}
    try:
        response = await client.post("/graphql", json=payload, timeout=10)
        return response.status_code == 200 and "errors" not in response.json()
    except (httpx.HTTPError, ValueError):
        return False


async def outage(
    soak: Soak, database: list[EmbeddedDatabase], *, at: float, seconds: float, wait: float
) -> OutageReport:
    """Stop the database at ``at``, start it again ``seconds`` later on the same port and
    storage, then time how long the server takes to answer from the database again."""
    report = OutageReport()
    await asyncio.sleep(max(at - time.monotonic(), 0))
    for story in soak.desk:
        story.acked_before_outage = story.acked
    soak.in_outage, report.began_at = True, time.monotonic()
    soak.outage_began = report.began_at
    old = database[0]
    await asyncio.to_thread(old.stop)
    report.stop_seconds = time.monotonic() - report.began_at
    await asyncio.sleep(max(report.began_at + seconds - time.monotonic(), 0))
    restarted = time.monotonic()
    database[0] = await asyncio.to_thread(start_database, Path(old.storage), old.port)
    report.database_back_at = time.monotonic()
    report.restart_seconds = report.database_back_at - restarted
    for n in itertools.count():
        if await _probe(soak.client, n):
            report.recovered_after = time.monotonic() - report.database_back_at
            break
        if time.monotonic() - report.database_back_at > wait:
            break
        await asyncio.sleep(0.25)
    soak.in_outage = False
    return report


async def check_writes(soak: Soak) -> list[str]:
    """Every acknowledged write is still there: a version at least the last acknowledged one
    and, at exactly that version, the dek it was given."""
    headers = {"authorization": f"Bearer {soak.token}"}
    problems = []
    for story in soak.desk:
        payload = {"query": READ_BACK, "variables": {"id": story.id}}
        response = await soak.client.post("/admin/graphql", json=payload, headers=headers)
        found = response.json()["data"]["article"]
        version, dek = story.acked
        if found is None or found["version"] < version:
            problems.append(f"{story.slug}: acknowledged version {version}, found {found}")
        elif found["version"] == version and found["dek"] != dek:
            problems.append(f"{story.slug}: version {version} should have dek {dek!r}: {found}")
    live = (await soak.client.post("/graphql", json={"query": SLUGS})).json()["data"]
    missing = set(soak.slugs) - {e["node"]["slug"] for e in live["articles"]["edges"]}
    problems += [f"{slug}: no longer live" for slug in sorted(missing)]
    return problems


# --- Reporting -----------------------------------------------------------------------------------


def _ms(values: list[float], q: float) -> str:
    if not values:
        return "-"
    if len(values) == 1:
        return f"{values[0] * 1000:.0f}"
    return f"{statistics.quantiles(values, n=100, method='inclusive')[int(q) - 1] * 1000:.0f}"


def report_load(soak: Soak, seconds: float) -> None:
    tally = soak.tally
    total = sum(tally.requests.values())
    print(f"\nrequests: {total} in {seconds:.0f} s ({total / seconds:.0f}/s)")
    print(f"  {'kind':<8} {'requests':>9} {'p50 ms':>7} {'p99 ms':>7}")
    for kind in MIX:
        lat = tally.latency[kind]
        print(f"  {kind:<8} {tally.requests[kind]:>9} {_ms(lat, 50):>7} {_ms(lat, 99):>7}")
    everything = [v for values in tally.latency.values() for v in values]
    print(f"  {'all':<8} {total:>9} {_ms(everything, 50):>7} {_ms(everything, 99):>7}")
    print(f"expected answers (not errors): {dict(tally.expected) or 'none'}")
    print(f"unexpected errors: {sum(tally.errors.values())} {dict(tally.errors) or ''}")
    for sample in tally.samples:
        print(f"  e.g. {sample}")


def report_memory(samples: list[tuple[float, float | None]]) -> None:
    print("server memory (VmRSS):")
    for at, mib in samples:
        print(f"  {at:6.0f} s  {'gone' if mib is None else f'{mib:.1f} MiB'}")
    values = [(at, mib) for at, mib in samples if mib is not None]
    if len(values) >= 2:
        growth = values[-1][1] - values[0][1]
        print(
            f"  growth: {growth:+.1f} MiB ({growth / values[0][1] * 100:+.1f}%) start to end",
            end="",
        )
        if len(values) >= 3:
            warm = values[-1][1] - values[1][1]
            print(f"; {warm:+.1f} MiB after the first sample (caches warm)", end="")
        print()
    if len(values) >= 5:
        # Caches and pools fill during the first half; a leak keeps growing in the second.
        half = [(at, mib) for at, mib in values if at >= values[-1][0] / 2]
        (t0, m0), (t1, m1) = half[0], half[-1]
        rate = (m1 - m0) / max(t1 - t0, 1) * 60
        print(f"  second half ({t0:.0f}-{t1:.0f} s): {m1 - m0:+.1f} MiB, {rate:+.2f} MiB/min")


def report_outage(soak: Soak, report: OutageReport, seconds: float, wait: float) -> bool:
    tally = soak.tally
    bad = {k: n for k, n in tally.outage.items() if k[1] != "SERVICE_UNAVAILABLE"}
    clear = sum(n for k, n in tally.outage.items() if k[1] == "SERVICE_UNAVAILABLE")
    print(
        f"\noutage: database stopped for {seconds:.0f} s (stop took {report.stop_seconds:.1f} s, "
        f"restart {report.restart_seconds:.1f} s)"
    )
    print(f"  SERVICE_UNAVAILABLE answers: {clear}")
    print(f"  other failures during the outage: {sum(bad.values())} {bad or ''}")
    timeline: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for outcome, sent, took in tally.outage_timeline:
        timeline[outcome].append((sent, took))
    for outcome, times in sorted(timeline.items()):
        sent = [t[0] for t in times]
        took = [t[1] for t in times]
        print(
            f"    {outcome}: {len(times)}, sent {min(sent):+.1f}..{max(sent):+.1f} s from the "
            f"stop, answered in {min(took):.1f}..{max(took):.1f} s"
        )
    lat = tally.outage_latency
    print(
        f"  latency during the outage: p50 {_ms(lat, 50)} ms, p99 {_ms(lat, 99)} ms, "
        f"max {max(lat, default=0) * 1000:.0f} ms"
    )
    if report.recovered_after is None:
        print(f"  NOT recovered within {wait:.0f} s of the database's return")
    else:
        print(f"  recovered by itself {report.recovered_after:.1f} s after the database returned")
    before = [s.acked_before_outage for s in soak.desk if s.acked_before_outage]
    acked = sum(1 for version, _ in before if version)
    print(f"  stories with a write acknowledged before the outage: {acked} of {len(soak.desk)}")
    # Anything but SERVICE_UNAVAILABLE fails the run: a 5xx, a timeout (a hang), or a dropped
    # connection (uvicorn closes one after an exception escapes the app, so the client's next
    # request on it fails with ReadError).
    return report.recovered_after is not None and not bad


# --- Main ----------------------------------------------------------------------------------------


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=300, help="how long the load runs")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients")
    parser.add_argument(
        "--outage", type=float, default=0, help="stop the database midway for this long"
    )
    parser.add_argument(
        "--recovery-seconds",
        type=float,
        default=30,
        help="how soon after the database returns the server must answer again",
    )
    parser.add_argument(
        "--db-timeout-ms", type=int, help="the server's CMS_DB_TIMEOUT_MS (default: its own)"
    )
    parser.add_argument("--sample-every", type=float, default=30, help="memory sampling, seconds")
    parser.add_argument("--seed", type=int, default=7, help="seed of the clients' choices")
    parser.add_argument("--keep", action="store_true", help="keep the work directory and logs")
    parser.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="CMS_NAME=VALUE",
        help="a setting for the server, e.g. CMS_RESPONSE_CACHE=false (repeatable)",
    )
    args = parser.parse_args()
    pairs = [item.partition("=") for item in args.server_env]
    if any(not name.startswith("CMS_") or not sep for name, sep, _ in pairs):
        parser.error("--server-env takes CMS_NAME=VALUE")
    args.server_env = {name: value for name, _, value in pairs}
    return args


@dataclass
class Run:
    """What a finished load leaves to report."""

    seconds: float
    memory: list[tuple[float, float | None]]
    outage: OutageReport | None


async def load(
    soak: Soak,
    args: argparse.Namespace,
    server: subprocess.Popen[bytes],
    database: list[EmbeddedDatabase],
) -> Run:
    """The clients, the memory sampler and the outage (if any), until the deadline."""
    started = time.monotonic()
    memory: list[tuple[float, float | None]] = [(0.0, resident_mib(server.pid))]
    rngs = [random.Random(args.seed * 1000 + i) for i in range(args.clients)]
    clients = [asyncio.create_task(client_loop(soak, rng)) for rng in rngs]
    sampler = asyncio.create_task(
        sample_memory(server.pid, args.sample_every, soak.deadline, memory)
    )
    cut = None
    if args.outage:
        at = started + max((args.seconds - args.outage) / 2, 1)
        cut = asyncio.create_task(
            outage(soak, database, at=at, seconds=args.outage, wait=args.recovery_seconds)
        )
    await asyncio.gather(*clients)
    report = await cut if cut else None
    await sampler
    elapsed = time.monotonic() - started
    memory.append((elapsed, resident_mib(server.pid)))
    return Run(elapsed, memory, report)


async def run(
    args: argparse.Namespace,
    server: subprocess.Popen[bytes],
    port: int,
    database: list[EmbeddedDatabase],
) -> bool:
    """Load, then report; True when nothing unexpected happened and nothing was lost."""
    room = args.clients + 8
    limits = httpx.Limits(max_connections=room, max_keepalive_connections=room)
    async with httpx.AsyncClient(
        base_url=f"http://{HOST}:{port}", timeout=20, limits=limits, trust_env=False
    ) as client:
        await wait_until_ready(client, server)
        soak = await prepare(client, time.monotonic() + args.seconds)
        print(
            f"load: {args.clients} clients for {args.seconds:.0f} s on {len(soak.slugs)} "
            f"stories, {len(soak.sections)} sections, {len(soak.desk)} on the editor's desk"
        )
        done = await load(soak, args, server, database)
        lost = await check_writes(soak)
    report_load(soak, done.seconds)
    report_memory(done.memory)
    healthy = not soak.tally.errors and server.poll() is None
    if done.outage is not None:
        recovered = report_outage(soak, done.outage, args.outage, args.recovery_seconds)
        healthy = healthy and recovered
    edits = sum(1 for story in soak.desk if story.acked[0])
    print(f"\nwrites checked: {edits} stories with acknowledged writes; lost: {len(lost)}")
    for problem in lost:
        print(f"  LOST {problem}")
    if server.poll() is not None:
        print(f"the server exited during the soak (status {server.returncode})")
    return healthy and not lost


def main() -> int:
    args = arguments()
    # A SIGTERM ends the soak like Ctrl-C: through the finally below, which stops everything.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    workdir = Path(tempfile.mkdtemp(prefix="cms-soak-"))
    log = workdir / "server.log"
    database: list[EmbeddedDatabase] = []  # the one running; replaced by an outage's restart
    server = None
    ok = False
    crashed = False
    try:
        database.append(start_database(workdir / "db"))
        port = free_port(HOST)
        env = server_environment(
            database[0].uri, workdir, port, args.db_timeout_ms, args.server_env
        )
        create_editor(env)
        server = start_server(env, port, log)
        print(f"server pid {server.pid} on http://{HOST}:{port}, database {database[0].uri}")
        ok = asyncio.run(run(args, server, port, database))
    except KeyboardInterrupt:
        print("interrupted: stopping the server and the database")
    finally:
        if server is not None:
            crashed = server.poll() is not None
            stop_server(server)
        for db in database:
            db.stop()
        errors = unexpected_errors(log)
        print(f"server log: {sum(errors.values())} unexpected errors")
        for error, count in errors.most_common():
            print(f"  {count} x {error}")
        if crashed:
            tail = log.read_text(errors="replace").splitlines()[-15:]
            print("last lines of the server log:", *tail, sep="\n  ")
        if args.keep:
            print(f"work directory kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


_RAISED = re.compile(r"^(\w[\w.]*(?:Error|Exception|Reconnect|Exit))\b")
_OUR_FRAME = re.compile(r'File "[^"]*/(cms/[^"]+)", line (\d+), in (\w+)')
_LOG_RECORD = re.compile(r"^(?=\d{4}-\d\d-\d\d )", re.MULTILINE)  # cms serve's log format


def unexpected_errors(log: Path) -> Counter[str]:
    """Exceptions that escaped the app or were masked: the last one of each logged chain, by
    type and the last frame of ours."""
    found: Counter[str] = Counter()
    if not log.exists():
        return found
    for block in _LOG_RECORD.split(log.read_text(errors="replace")):
        if not any(marker in block for marker in ("Exception in ASGI", "unexpected error")):
            continue
        raised = [m.group(1) for line in block.splitlines() if (m := _RAISED.match(line))]
        frames = _OUR_FRAME.findall(block)
        frame = "{}:{} in {}".format(*frames[-1]) if frames else "no frame of ours"
        found[f"{raised[-1] if raised else '?'} at {frame}"] += 1
    return found


if __name__ == "__main__":
    sys.exit(main())
