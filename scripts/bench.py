"""scripts/bench: how fast the delivery API answers, next to a bare handler and the HTTP floor.

One run starts one embedded SecantusDB, files a newsroom into it through the same use case
the demo and the tests use (``import_article``), then starts five servers as separate
processes, each on a free port, all under ``python -m uvicorn`` with the same options:

  cms         our app, response cache off (what a cache miss costs)
  cms-cached  our app, response cache on, measured in steady state (every key warmed first)
  bare        scripts/bench_bare.py: starlette + Motor doing the same reads by hand
  bare-async  the same handler on PyMongo's AsyncMongoClient, the driver the CMS uses
  floor       scripts/bench_bare.py: a constant JSON body as large as a typical answer

and drives each with a load generator on the same machine (wrk when installed, else a Python
one in its own process) for two workloads: W1, a story page by a random slug, and W2, a
section front (the 20 newest stories of a random section). For each it prints requests/s,
p50 and p99 latency, the server's CPU time per request (from /proc), the database's CPU time
per request, database commands per request (our /metrics, the bare app's /stats), and the
ratios the performance issue sets targets for. Then it publishes an edit through
/admin/graphql on one CMS process and times until the cached one shows it.

It is a benchmark, not a test: the figures depend on the machine and on what else runs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import importlib.util
import json
import os
import platform
import random
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from cms import model
from cms.domain import accounts
from cms.domain.credits import Credit, render_credit
from cms.domain.publishing import import_article
from cms.embedded import MEMORY, EmbeddedDatabase
from cms.store import Store, open_store
from cms.store.codec import new_id

THIS = Path(__file__).resolve()
SCRIPTS = THIS.parent
DATABASE = "bench"
PUBLIC_URL = "https://news.example"  # the same for every server, so answers have one size
EDITOR_EMAIL = "bench-editor@newsroom.example"
EDITOR_PASSWORD = "a long benchmark passphrase"
WARM_LIMIT = 5000  # beyond this many keys, the cached server is measured on a warmed subset
DESK = model.Principal(user_id=new_id(), role=model.Role.ADMIN, email="bench@newsroom.example")

# The documents tests/test_query_cost.py holds to at most 3 database commands each.
W1 = """
query Page($slug: String!) {
  article(slug: $slug) {
    headline dek dateline publishedAt section { slug name }
    authors { name slug } leadMedia { url caption credit }
    body { __typename ... on Paragraph { html } ... on BlockQuote { text attribution }
           ... on MediaBlock { url caption credit } ... on AdSlotBlock { slot { code } } }
  }
}
"""
W2 = """
query Front($section: String!) {
  articles(first: 20, section: $section) {
    edges { node { headline slug dek authors { name } leadMedia { url } } }
  }
}
"""
WORKLOADS = {
    "W1": ("article page, random slug", W1, "slug"),
    "W2": ("section front", W2, "section"),
}

TARGETS = {
    "cms": "CMS, cache off",
    "cms-cached": "CMS, cache on",
    "bare": "bare starlette+motor",
    "bare-async": "bare starlette+pymongo",
    "floor": "HTTP floor",
}


# --- Options -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Options:
    articles: int
    sections: int
    authors: int
    seconds: float
    warmup: float
    connections: int
    threads: int
    workloads: tuple[str, ...]
    loadgen: str
    db_path: str
    json_path: Path | None
    seed: int
    repeat: int


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scripts/bench", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    add = parser.add_argument
    add("--articles", type=int, help="live stories to seed (default 2000; --quick 200)")
    add("--sections", type=int, default=8, help="sections they are spread over (default 8)")
    add("--authors", type=int, help="authors in the bylines (default 50; --quick 20)")
    add("--seconds", type=float, help="length of each measurement (default 10; --quick 3)")
    add("--warmup", type=float, help="seconds of unmeasured load before each (default 2)")
    add("--connections", type=int, default=16, help="concurrent connections (default 16)")
    add("--threads", type=int, default=1, help="wrk threads (default 1: 2 cores are shared)")
    add("--workloads", default="W1,W2", help="comma-separated, from W1,W2 (default both)")
    add("--quick", action="store_true", help="a smoke run: 200 stories, 3 s per measurement")
    add(
        "--loadgen",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="wrk if installed (auto), or force one",
    )
    add("--db-path", default=None, help="storage of the database (default: a temporary dir)")
    add("--json", type=Path, default=None, help="also write the figures to this file")
    add("--seed", type=int, default=6, help="random seed of the invented newsroom")
    add(
        "--repeat",
        type=int,
        default=1,
        help="take each measurement N times; keep the one other processes disturbed least",
    )
    add("--run-loadgen", type=Path, default=None, help=argparse.SUPPRESS)
    return parser


def _options(args: argparse.Namespace) -> Options:
    workloads = tuple(w.strip().upper() for w in args.workloads.split(",") if w.strip())
    unknown = [w for w in workloads if w not in WORKLOADS]
    if unknown or not workloads:
        raise SystemExit(f"unknown workload(s) {unknown}; choose from {', '.join(WORKLOADS)}")
    quick = bool(args.quick)
    loadgen = args.loadgen
    if loadgen == "auto":
        loadgen = "wrk" if shutil.which("wrk") else "python"
    elif loadgen == "wrk" and not shutil.which("wrk"):
        raise SystemExit("--loadgen wrk: wrk is not installed")

    def given(value: Any, default: Any, quick_default: Any) -> Any:
        if value is not None:
            return value
        return quick_default if quick else default

    return Options(
        articles=given(args.articles, 2000, 200),
        sections=args.sections,
        authors=given(args.authors, 50, 20),
        seconds=given(args.seconds, 10.0, 3.0),
        warmup=given(args.warmup, 2.0, 0.5),
        connections=args.connections,
        threads=max(1, min(args.threads, args.connections)),
        workloads=workloads,
        loadgen=loadgen,
        db_path=args.db_path or "",
        json_path=args.json,
        seed=args.seed,
        repeat=max(1, args.repeat),
    )


# --- The invented newsroom -----------------------------------------------------------------------

SECTION_NAMES = [
    ("news", "News"),
    ("world", "World"),
    ("politics", "Politics"),
    ("business", "Business"),
    ("sport", "Sport"),
    ("culture", "Culture"),
    ("science", "Science"),
    ("opinion", "Opinion"),
]
FIRST_NAMES = "Ada Ben Chloe Dev Elif Femi Greta Hiro Ines Jonas Kemi Luca Maya Nils Omar Priya"
LAST_NAMES = "Adeyemi Berg Costa Dahl Evans Fischer Garcia Haddad Ivanova Jensen Kowalski Lind"
VOCABULARY = (
    "council river flood defences minister budget vote harbour school rail strike talks "
    "hospital ward report court ruling village market prices farmers drought summit treaty "
    "league final coach museum exhibition festival researchers study climate energy grid "
    "wind solar bridge road tunnel mayor residents police inquiry election campaign poll "
    "union wages housing rents tenants airport runway plan objections hearing evidence "
    "witnesses statement spokesperson officials agency figures quarter growth exports"
)
WORDS = VOCABULARY.split()
AGENCIES = ["AFP", "Reuters", "AP", "Riverside Press", "Northern Wire"]
DISTRIBUTORS = ["Getty Images", "Wirestream", None]


@dataclass
class Newsroom:
    """What the benchmark needs to know about what it seeded."""

    slugs: list[str]
    sections: list[str]
    newest_id: str = ""
    newest_slug: str = ""
    newest_section: str = ""
    seconds: float = 0.0


class Writer:
    """Invents stories, deterministically from a seed, and files them through the CMS."""

    def __init__(self, store: Store, rng: random.Random, now: datetime) -> None:
        self.store, self.rng, self.now = store, rng, now

    def words(self, count: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(count))

    def sentence(self) -> str:
        text = self.words(self.rng.randint(12, 20))
        return text[0].upper() + text[1:] + "."

    def paragraph(self) -> model.Paragraph:
        runs = [model.Inline(" ".join(self.sentence() for _ in range(3)) + " ")]
        if self.rng.random() < 0.3:
            runs.append(model.Inline(self.sentence(), (model.Mark.BOLD,)))
        if self.rng.random() < 0.3:
            runs.append(model.Inline(" read the report", href="https://example.org/report"))
        runs.append(model.Inline(" " + self.sentence()))
        return model.Paragraph(inlines=tuple(runs))

    async def picture(self, caption: str) -> str:
        creator = f"{self.rng.choice(FIRST_NAMES.split())} {self.rng.choice(LAST_NAMES.split())}"
        agency, distributor = self.rng.choice(AGENCIES), self.rng.choice(DISTRIBUTORS)
        asset = model.MediaAsset(
            id=new_id(),
            kind=model.MediaKind.IMAGE,
            mime_type="image/jpeg",
            file=f"{new_id()}.jpg",
            width=2048,
            height=1365,
            caption=caption,
            credit=render_credit(Credit(creator, agency, distributor)),
            creator=creator,
            agency=agency,
            distributor=distributor,
            alt_text=self.sentence(),
            license="Agency subscription",
            created_at=self.now,
        )
        await self.store.media.insert(asset)
        return asset.id

    async def sections(self, count: int) -> list[str]:
        slugs = []
        for index in range(count):
            slug, name = (
                SECTION_NAMES[index] if index < len(SECTION_NAMES) else (f"desk-{index}", "Desk")
            )
            await self.store.sections.insert(model.Section(id=new_id(), slug=slug, name=name))
            slugs.append(slug)
        return slugs

    async def authors(self, count: int) -> list[str]:
        ids = []
        for index in range(count):
            first = FIRST_NAMES.split()[index % 16]
            last = LAST_NAMES.split()[(index // 16 + index) % 12]
            author = model.Author(
                id=new_id(),
                slug=f"{first}-{last}-{index}".lower(),
                name=f"{first} {last}",
                title="Reporter",
                bio=self.sentence(),
                email=f"{first}.{last}.{index}@newsroom.example".lower(),
            )
            await self.store.authors.insert(author)
            ids.append(author.id)
        return ids

    async def story(self, index: int, *, section: str, authors: list[str]) -> model.Article:
        """About eight paragraphs, a block quote and an inline picture, under a lead picture."""
        slug = f"{self.words(4).replace(' ', '-')}-{index}"
        headline = self.sentence()[:-1]
        lead = await self.picture(self.sentence())
        inline = await self.picture(self.sentence())
        body: list[model.Block] = [self.paragraph() for _ in range(8)]
        quote = model.BlockQuote(inlines=(model.Inline(self.sentence()),), attribution="A witness")
        body.insert(3, quote)
        caption = self.sentence() if self.rng.random() < 0.5 else None
        body.insert(6, model.MediaBlock(media=model.MediaUse(asset_id=inline, caption=caption)))
        byline_count = 2 if self.rng.random() < 0.3 else 1
        bylines = tuple(model.Byline(author_id=a) for a in self.rng.sample(authors, byline_count))
        published = self.now - timedelta(minutes=index * 7 + self.rng.randint(0, 6))
        article = model.Article(
            id=new_id(),
            slug=slug,
            headline=headline,
            dek=self.sentence(),
            section=section,
            tags=tuple(sorted({self.rng.choice(WORDS), self.rng.choice(WORDS)})),
            bylines=bylines,
            dateline="Millbrook, UK",
            lead_media=model.MediaUse(asset_id=lead),
            body=tuple(body),
            seo=model.Seo(title=headline),
            created_at=published - timedelta(hours=2),
            updated_at=published,
            status=model.Status.PUBLISHED,
            published_at=published,
            first_published_at=published,
        )
        return await import_article(self.store, article, actor=DESK, now=published)


async def seed(uri: str, options: Options) -> Newsroom:
    """Sections, authors and live stories, written through the store and import_article."""
    started = time.perf_counter()
    store = open_store(uri, DATABASE, timeout_ms=30_000)
    try:
        await store.prepare()
        writer = Writer(store, random.Random(options.seed), datetime.now(UTC))
        sections = await writer.sections(options.sections)
        authors = await writer.authors(options.authors)
        newsroom = Newsroom(slugs=[], sections=sections)
        for index in range(options.articles):
            section = sections[index % len(sections)]
            story = await writer.story(index, section=section, authors=authors)
            newsroom.slugs.append(story.slug)
            if index == 0:  # the newest story: the one the publish check edits
                newsroom.newest_id, newsroom.newest_slug = story.id, story.slug
                newsroom.newest_section = section
    finally:
        await store.close()
    newsroom.seconds = time.perf_counter() - started
    return newsroom


# --- Servers -------------------------------------------------------------------------------------


def cms_app() -> Any:
    """Our app for ``uvicorn --factory``, configured by the CMS_* environment like `cms serve`."""
    from cms.app import create_app
    from cms.config import Settings

    return create_app(Settings(), settle_heap=True)


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process (all its threads), from /proc."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Server:
    name: str
    factory: str
    env: dict[str, str]
    log: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self) -> None:
        self.port = _free_port()
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            self.factory,
            "--app-dir",
            str(SCRIPTS),
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--no-access-log",
            "--log-level",
            "warning",
        ]
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                command,
                env={**os.environ, **self.env},
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches us; we stop the servers ourselves
                preexec_fn=_die_with_parent,
            )

    async def wait_ready(self, within: float = 60.0) -> None:
        deadline = time.monotonic() + within
        async with httpx.AsyncClient(timeout=2) as client:
            while time.monotonic() < deadline:
                if self.process is None or self.process.poll() is not None:
                    break
                with contextlib.suppress(httpx.HTTPError):
                    if (await client.get(f"{self.base}/healthz")).status_code == 200:
                        return
                await asyncio.sleep(0.1)
        self.stop()
        tail = self.log.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"server {self.name} did not start:\n{tail}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


_SAMPLE = re.compile(r"^(cms_db_commands_total|cms_http_requests_total)\{([^}]*)\}\s+(\S+)$", re.M)


@dataclass(frozen=True, slots=True)
class Counts:
    """What a server says it has done so far: requests answered and database commands sent."""

    requests: float
    commands: float


async def server_counts(client: httpx.AsyncClient, server: Server) -> Counts:
    """Our /metrics (requests on the graphql route), or the reference apps' /stats."""
    if server.name.startswith("cms"):
        text = (await client.get(f"{server.base}/metrics")).text
        requests = commands = 0.0
        for name, labels, value in _SAMPLE.findall(text):
            if name == "cms_db_commands_total":
                commands += float(value)
            elif 'route="graphql"' in labels:
                requests += float(value)
        return Counts(requests, commands)
    stats = (await client.get(f"{server.base}/stats")).json()
    return Counts(float(stats["requests"]), float(sum(stats["commands"].values())))


async def drained(client: httpx.AsyncClient, server: Server) -> Counts:
    """The counts once the requests still in flight when the load stopped are answered."""
    counts = await server_counts(client, server)
    quiet_since = time.monotonic()
    deadline = quiet_since + 15
    while time.monotonic() - quiet_since < 0.5 and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
        latest = await server_counts(client, server)
        if latest.requests != counts.requests:
            quiet_since = time.monotonic()
        counts = latest
    return counts


def machine_busy_seconds() -> float:
    """CPU time the whole machine has spent busy, all cores, from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds() -> float:
    """CPU time of our finished child processes (the load generator, once it has exited)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# --- Load ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Load:
    """What one measurement sends: POSTs of one document with one variable drawn at random."""

    path: str
    document: str
    variable: str
    values: tuple[str, ...]

    def body(self, value: str) -> str:
        return json.dumps({"query": self.document, "variables": {self.variable: value}})

    def body_parts(self) -> tuple[str, str]:
        marker = "\x00VALUE\x00"
        prefix, suffix = self.body(marker).split(json.dumps(marker)[1:-1])
        return prefix, suffix


@dataclass
class LoadResult:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    failures: int


def _lua(load: Load) -> str:
    """A wrk script posting the document with a random value per request."""
    assert all(re.fullmatch(r"[a-z0-9-]+", v) for v in load.values), "values must be slugs"
    prefix, suffix = load.body_parts()
    values = ",\n".join(f'"{v}"' for v in load.values)
    return f"""
wrk.method = "POST"
wrk.path = "{load.path}"
wrk.headers["Content-Type"] = "application/json"
local prefix = [==[{prefix}]==]
local suffix = [==[{suffix}]==]
local values = {{
{values}
}}
local count = #values
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end
function init(args)
  math.randomseed(os.time() + 7919 * (thread_number or 0))
end
function request()
  return wrk.format(nil, nil, nil, prefix .. values[math.random(count)] .. suffix)
end
"""


_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(number: str, unit: str) -> float:
    return float(number) * _UNIT_MS[unit]


def parse_wrk(output: str) -> LoadResult:
    """The figures of wrk's report (run with --latency)."""
    percentiles = {
        int(p): _ms(n, u)
        for p, n, u in re.findall(r"^\s*(\d+)%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
    }
    total = re.search(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m)", output, re.M)
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    if total is None or rps is None or 99 not in percentiles:
        raise RuntimeError(f"could not read wrk's report:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    failures = int(non_2xx[1]) if non_2xx else 0
    if errors:
        failures += sum(int(n) for n in errors.groups())
    return LoadResult(
        requests=int(total[1]),
        seconds=_ms(total[2], total[3]) / 1000,
        rps=float(rps[1]),
        p50_ms=percentiles[50],
        p99_ms=percentiles[99],
        failures=failures,
    )


async def _run_child(command: list[str], within: float) -> str:
    """Run a load generator in its own process; kill it if we are interrupted."""
    process = await asyncio.create_subprocess_exec(
        *command,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        start_new_session=True,
        preexec_fn=_die_with_parent,
    )
    try:
        async with asyncio.timeout(within):
            out, err = await process.communicate()
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()
        raise
    if process.returncode != 0:
        raise RuntimeError(f"{command[0]} failed ({process.returncode}): {err.decode()[-2000:]}")
    return out.decode()


async def drive(
    server: Server, load: Load, *, seconds: float, options: Options, workdir: Path
) -> LoadResult:
    if options.loadgen == "wrk":
        script = workdir / "load.lua"
        script.write_text(_lua(load))
        command = [
            "wrk",
            f"-t{options.threads}",
            f"-c{options.connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(script),
            f"{server.base}{load.path}",
        ]
        return parse_wrk(await _run_child(command, seconds + 60))
    spec = workdir / "load.json"
    spec.write_text(
        json.dumps(
            {
                "port": server.port,
                "path": load.path,
                "bodies": [load.body(v) for v in load.values],
                "connections": options.connections,
                "seconds": seconds,
            }
        )
    )
    command = [sys.executable, str(THIS), "--run-loadgen", str(spec)]
    return LoadResult(**json.loads(await _run_child(command, seconds + 60)))


# The Python load generator: raw asyncio streams, keep-alive, one request in flight per connection.


async def _response_status(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = dict(line.lower().split(":", 1) for line in lines[1:] if ":" in line)
    if headers.get("transfer-encoding", "").strip() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                return status
    await reader.readexactly(int(headers.get("content-length", "0")))
    return status


async def _generate(spec: dict[str, Any]) -> LoadResult:
    port, path = int(spec["port"]), str(spec["path"])
    requests = [
        (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body.encode())}\r\n\r\n{body}"
        ).encode()
        for body in spec["bodies"]
    ]
    latencies: list[float] = []
    failures = 0
    started = time.perf_counter()
    deadline = started + float(spec["seconds"])

    async def connection() -> None:
        nonlocal failures
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < deadline:
                request = random.choice(requests)
                sent = time.perf_counter()
                writer.write(request)
                status = await _response_status(reader)
                latencies.append(time.perf_counter() - sent)
                failures += not 200 <= status < 400
        except (OSError, asyncio.IncompleteReadError, ValueError):
            failures += 1
        finally:
            writer.close()

    await asyncio.gather(*(connection() for _ in range(int(spec["connections"]))))
    elapsed = time.perf_counter() - started
    latencies.sort()

    def percentile(p: float) -> float:
        return (
            latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else 0
        )

    return LoadResult(
        requests=len(latencies),
        seconds=elapsed,
        rps=len(latencies) / elapsed,
        p50_ms=percentile(0.50),
        p99_ms=percentile(0.99),
        failures=failures,
    )


def run_loadgen(spec_path: Path) -> int:
    result = asyncio.run(_generate(json.loads(spec_path.read_text())))
    print(json.dumps(asdict(result)))
    return 0


# --- Measuring -----------------------------------------------------------------------------------


@dataclass
class Row:
    workload: str
    target: str
    rps: float
    p50_ms: float
    p99_ms: float
    cpu_ms: float
    db_cpu_ms: float
    loadgen_cpu_ms: float
    db_commands: float
    requests: int
    failures: int
    other_load: float
    rps_vs_bare: float | None = None
    cpu_vs_bare: float | None = None
    rps_vs_bare_async: float | None = None
    cpu_vs_bare_async: float | None = None
    rps_vs_floor: float | None = None


@dataclass
class Bench:
    options: Options
    database_pid: int
    workdir: Path
    servers: dict[str, Server] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)

    def _cpu(self) -> dict[str, float]:
        """CPU seconds so far: each server, the database, the load generator, the machine."""
        cpu = {name: cpu_seconds(server.pid) for name, server in self.servers.items()}
        cpu["database"] = cpu_seconds(self.database_pid)
        cpu["loadgen"] = children_cpu_seconds()
        cpu["machine"] = machine_busy_seconds()
        return cpu

    async def measure(self, workload: str, target: str, load: Load) -> Row:
        """Warm up, then load the target; CPU and commands are per request it answered."""
        server = self.servers[target]
        options = self.options
        print(f"  {workload} {TARGETS[target]:<22} ", end="", flush=True)
        if options.warmup > 0:
            await drive(server, load, seconds=options.warmup, options=options, workdir=self.workdir)
        async with httpx.AsyncClient(timeout=10) as client:
            before_counts = await drained(client, server)
            before, started = self._cpu(), time.perf_counter()
            result = await drive(
                server, load, seconds=options.seconds, options=options, workdir=self.workdir
            )
            after_counts = await drained(client, server)
            after, elapsed = self._cpu(), time.perf_counter() - started
        used = {name: after[name] - before[name] for name in before}
        ours = sum(v for name, v in used.items() if name != "machine")
        answered = max(after_counts.requests - before_counts.requests, 1)
        row = Row(
            workload=workload,
            target=target,
            rps=result.rps,
            p50_ms=result.p50_ms,
            p99_ms=result.p99_ms,
            cpu_ms=used[target] * 1000 / answered,
            db_cpu_ms=used["database"] * 1000 / answered,
            loadgen_cpu_ms=used["loadgen"] * 1000 / max(result.requests, 1),
            db_commands=(after_counts.commands - before_counts.commands) / answered,
            requests=result.requests,
            failures=result.failures,
            other_load=max(0.0, used["machine"] - ours) / (elapsed * (os.cpu_count() or 1)),
        )
        print(
            f"{row.rps:9.1f} req/s  {row.failures} failed  "
            f"(other processes used {row.other_load:.0%} of the machine)"
        )
        return row

    async def keep_least_disturbed(self, workload: str, target: str, load: Load) -> None:
        tries = [await self.measure(workload, target, load) for _ in range(self.options.repeat)]
        self.rows.append(min(tries, key=lambda row: row.other_load))


def add_ratios(rows: list[Row]) -> None:
    for workload in {r.workload for r in rows}:
        by_target = {r.target: r for r in rows if r.workload == workload}
        bare, floor = by_target.get("bare"), by_target.get("floor")
        bare_async = by_target.get("bare-async")
        for target in ("cms", "cms-cached"):
            row = by_target.get(target)
            if row is None:
                continue
            if bare is not None and bare.rps and bare.cpu_ms:
                row.rps_vs_bare = row.rps / bare.rps
                row.cpu_vs_bare = row.cpu_ms / bare.cpu_ms
            if bare_async is not None and bare_async.rps and bare_async.cpu_ms:
                row.rps_vs_bare_async = row.rps / bare_async.rps
                row.cpu_vs_bare_async = row.cpu_ms / bare_async.cpu_ms
            if floor is not None and floor.rps and target == "cms-cached":
                row.rps_vs_floor = row.rps / floor.rps


# --- Checking answers, warming the cache ---------------------------------------------------------


async def post(client: httpx.AsyncClient, url: str, load: Load, value: str) -> httpx.Response:
    return await client.post(
        url, content=load.body(value), headers={"content-type": "application/json"}
    )


def first_difference(a: Any, b: Any, path: str = "") -> str | None:
    """Where two JSON values first differ, or None when they are equal."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in list(a) + [k for k in b if k not in a]:
            found = first_difference(a.get(key), b.get(key), f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items vs {len(b)}"
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            found = first_difference(x, y, f"{path}[{index}]")
            if found:
                return found
        return None
    return None if a == b else f"{path}: {str(a)[:60]!r} vs {str(b)[:60]!r}"


async def check_answers(bench: Bench, loads: dict[str, Load], rng: random.Random) -> dict[str, int]:
    """Compare the CMS's answers with the bare handler's; return each workload's typical size."""
    sizes: dict[str, int] = {}
    cms = bench.servers["cms"]
    bares = [bench.servers["bare"], bench.servers["bare-async"]]
    async with httpx.AsyncClient(timeout=30) as client:
        for workload, load in loads.items():
            sample = rng.sample(load.values, min(40, len(load.values)))
            lengths = []
            for value in sample:
                ours = await post(client, f"{cms.base}/graphql", load, value)
                body = ours.json()
                if ours.status_code != 200 or body.get("errors") or not body.get("data"):
                    raise RuntimeError(f"{workload} {value}: the CMS answered {ours.text[:500]}")
                lengths.append(len(ours.content))
                for bare in bares:
                    theirs = await post(client, f"{bare.base}/graphql", load, value)
                    difference = first_difference(body, theirs.json())
                    if difference:
                        print(f"  note: {workload} {value}: {bare.name} differs at {difference}")
            sizes[workload] = int(statistics.median(lengths))
    return sizes


async def warm_cache(server: Server, load: Load, connections: int) -> float:
    """Ask for every key once so the cached server's measurement is its steady state."""
    queue = list(load.values)
    hits = 0

    async def worker(client: httpx.AsyncClient) -> None:
        while queue:
            response = await post(client, f"{server.base}/graphql", load, queue.pop())
            response.raise_for_status()

    async with httpx.AsyncClient(timeout=60) as client:
        await asyncio.gather(*(worker(client) for _ in range(connections)))
        sample = random.sample(load.values, min(20, len(load.values)))
        for value in sample:
            response = await post(client, f"{server.base}/graphql", load, value)
            hits += response.headers.get("x-cache") == "HIT"
    return hits / len(sample)


# --- Publish visible -----------------------------------------------------------------------------


@dataclass
class PublishResult:
    publish_ms: float
    visible_page_ms: float | None
    visible_front_ms: float | None
    written_on: str
    watched_on: str


async def _admin(client: httpx.AsyncClient, url: str, query: str, token: str | None = None) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = await client.post(url, json={"query": query}, headers=headers)
    body = response.json()
    if body.get("errors"):
        raise RuntimeError(f"/admin/graphql: {body['errors']}")
    return body["data"]


async def publish_visible(bench: Bench, uri: str, newsroom: Newsroom) -> PublishResult:
    """Edit and republish the newest story on one CMS process; time until the cached one shows
    the new headline on its story page and its section front."""
    store = open_store(uri, DATABASE, timeout_ms=30_000)
    try:
        await accounts.create_user(
            store,
            email=EDITOR_EMAIL,
            role=model.Role.EDITOR,
            password=EDITOR_PASSWORD,
            now=datetime.now(UTC),
        )
    finally:
        await store.close()
    writer, watched = bench.servers["cms"], bench.servers["cms-cached"]
    admin = f"{writer.base}/admin/graphql"
    page = Load("/graphql", W1, "slug", (newsroom.newest_slug,))
    front = Load("/graphql", W2, "section", (newsroom.newest_section,))
    headline = f"Updated at {datetime.now(UTC):%H:%M:%S.%f}"
    async with httpx.AsyncClient(timeout=30) as client:
        login = await _admin(
            client,
            admin,
            f'mutation {{ login(email: "{EDITOR_EMAIL}", password: "{EDITOR_PASSWORD}") '
            "{ token } }",
        )
        token = login["login"]["token"]
        story = newsroom.newest_id
        edited = await _admin(
            client,
            admin,
            f'mutation {{ updateArticle(id: "{story}", expectedVersion: 1, '
            f'input: {{ headline: "{headline}" }}) {{ version }} }}',
            token,
        )
        version = edited["updateArticle"]["version"]

        async def shows(load: Load, value: str) -> bool:
            response = await post(client, f"{watched.base}/graphql", load, value)
            return headline in response.text

        for load, value in ((page, page.values[0]), (front, front.values[0])):
            await shows(load, value)  # cached now, with the old headline
            if await shows(load, value):
                raise RuntimeError("the cached server shows an edit that was not published")
        started = time.perf_counter()
        await _admin(
            client,
            admin,
            f'mutation {{ publishArticle(id: "{story}", expectedVersion: {version}) '
            "{ version status } }",
            token,
        )
        published = time.perf_counter()
        seen: dict[str, float] = {}
        while len(seen) < 2 and time.perf_counter() - started < 10:
            for name, load, value in (
                ("page", page, page.values[0]),
                ("front", front, front.values[0]),
            ):
                if name not in seen and await shows(load, value):
                    seen[name] = (time.perf_counter() - started) * 1000
            await asyncio.sleep(0.002)
    return PublishResult(
        publish_ms=(published - started) * 1000,
        visible_page_ms=seen.get("page"),
        visible_front_ms=seen.get("front"),
        written_on=writer.name,
        watched_on=watched.name,
    )


# --- Report --------------------------------------------------------------------------------------


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def table(rows: list[Row], sizes: dict[str, int], loads: dict[str, Load]) -> str:
    header = (
        f"{'':<4}{'target':<22}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'CPU ms':>9}"
        f"{'DB CPU':>9}{'cmds':>7}{'req/s':>8}{'CPU':>7}{'req/s':>8}{'CPU':>7}{'req/s':>8}"
        f"{'other':>7}"
    )
    subheader = (
        f"{'':<4}{'':<22}{'':>9}{'':>9}{'':>9}{'/req':>9}{'ms/req':>9}{'/req':>7}"
        f"{'÷motor':>8}{'÷motor':>7}{'÷async':>8}{'÷async':>7}{'÷floor':>8}{'load':>7}"
    )
    lines = [header, subheader]
    for workload in dict.fromkeys(r.workload for r in rows):
        title, _, variable = WORKLOADS[workload]
        lines.append(
            f"{workload}: {title} (one of {len(loads[workload].values)} {variable}s; "
            f"answer ~{sizes.get(workload, 0) / 1024:.1f} KB)"
        )
        for row in (r for r in rows if r.workload == workload):
            failed = f"  ({row.failures} failed)" if row.failures else ""
            lines.append(
                f"{'':<4}{TARGETS[row.target]:<22}{row.rps:>9.0f}{row.p50_ms:>9.2f}"
                f"{row.p99_ms:>9.2f}{row.cpu_ms:>9.3f}{row.db_cpu_ms:>9.3f}"
                f"{row.db_commands:>7.2f}{_ratio(row.rps_vs_bare):>8}"
                f"{_ratio(row.cpu_vs_bare):>7}{_ratio(row.rps_vs_bare_async):>8}"
                f"{_ratio(row.cpu_vs_bare_async):>7}{_ratio(row.rps_vs_floor):>8}"
                f"{row.other_load:>7.0%}{failed}"
            )
    return "\n".join(lines)


_COMPARE: dict[str, Callable[[float, float], bool]] = {
    ">=": lambda value, limit: value >= limit,
    "<=": lambda value, limit: value <= limit,
    "<": lambda value, limit: value < limit,
}


@dataclass(frozen=True, slots=True)
class Check:
    """One target of the issue: a figure, how it must compare with its limit, and whether it does.

    A figure that could not be measured (a publish never seen) counts as not met."""

    target: str
    value: float | None
    op: str
    limit: float

    @property
    def met(self) -> bool:
        return self.value is not None and _COMPARE[self.op](self.value, self.limit)

    def line(self) -> str:
        value = "not seen" if self.value is None else f"{self.value:.2f}"
        name = f"{self.target} {self.op} {self.limit:g}"
        return f"  {name:<58} {value:>9}   {'met' if self.met else 'NOT met'}"


def checks(rows: list[Row], publish: PublishResult | None) -> list[Check]:
    """The targets of issue 6 that this run measured."""
    found = {(r.workload, r.target): r for r in rows}
    result: list[Check] = []
    if (w1 := found.get(("W1", "cms"))) is not None:
        result.append(Check("W1 uncached: req/s ÷ bare (Motor)", w1.rps_vs_bare, ">=", 0.7))
        result.append(Check("W1 uncached: CPU ms/req ÷ bare (Motor)", w1.cpu_vs_bare, "<=", 2.5))
        result.append(
            Check("W1 uncached: req/s ÷ bare (PyMongo async)", w1.rps_vs_bare_async, ">=", 0.7)
        )
        result.append(
            Check("W1 uncached: CPU ms/req ÷ bare (PyMongo async)", w1.cpu_vs_bare_async, "<=", 2.5)
        )
    if (w2 := found.get(("W2", "cms"))) is not None:
        result.append(Check("W2 uncached: CPU ms/req ÷ bare (Motor)", w2.cpu_vs_bare, "<=", 2.5))
        result.append(
            Check("W2 uncached: CPU ms/req ÷ bare (PyMongo async)", w2.cpu_vs_bare_async, "<=", 2.5)
        )
    for workload in ("W1", "W2"):
        if (cached := found.get((workload, "cms-cached"))) is not None:
            result.append(
                Check(f"{workload} cached: req/s ÷ floor", cached.rps_vs_floor, ">=", 0.4)
            )
            result.append(Check(f"{workload} cached: p99 ms", cached.p99_ms, "<", 10.0))
    if publish is not None:
        seen = (publish.visible_page_ms, publish.visible_front_ms)
        slowest = None if None in seen else max(v for v in seen if v is not None)
        result.append(Check("publish visible in another process, ms", slowest, "<", 1000))
    return result


def machine() -> dict[str, Any]:
    import uvicorn

    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    return {
        "cores": os.cpu_count(),
        "load_average": os.getloadavg()[0],
        "server": f"uvicorn {uvicorn.__version__}, {loop} loop, {http}, no access log",
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }


# --- The run -------------------------------------------------------------------------------------


async def start_servers(
    bench: Bench, stack: contextlib.AsyncExitStack, uri: str, *, floor_sizes: dict[str, int] | None
) -> None:
    """Our app twice (cache off, cache on) and the bare handler on each driver; or, given
    sizes, the floor."""
    cms_env = {
        "CMS_MONGODB_URI": uri,
        "CMS_DATABASE": DATABASE,
        "CMS_SCHEDULER_ENABLED": "false",
        "CMS_RATE_LIMIT": "false",  # every request comes from one client here
        "CMS_PUBLIC_URL": PUBLIC_URL,
        "CMS_MEDIA_DIR": str(bench.workdir / "media"),
    }
    bare_env = {
        "BENCH_MONGODB_URI": uri,
        "BENCH_DATABASE": DATABASE,
        "BENCH_PUBLIC_URL": PUBLIC_URL,
    }
    specs = [
        ("cms", "bench:cms_app", {**cms_env, "CMS_RESPONSE_CACHE": "false"}),
        ("cms-cached", "bench:cms_app", {**cms_env, "CMS_RESPONSE_CACHE": "true"}),
        ("bare", "bench_bare:bare_app", bare_env),
        ("bare-async", "bench_bare:bare_async_app", bare_env),
    ]
    if floor_sizes is not None:
        specs = [("floor", "bench_bare:floor_app", {"BENCH_FLOOR_BYTES": json.dumps(floor_sizes)})]
    started = []
    for name, factory, env in specs:
        server = Server(name, factory, env, bench.workdir / f"{name}.log")
        bench.servers[name] = server
        stack.callback(server.stop)
        server.start()
        started.append(server)
    for server in started:
        await server.wait_ready()


async def measure_all(bench: Bench, loads: dict[str, Load]) -> None:
    """Each workload against the five targets, the cached one in its steady state."""
    options = bench.options
    cached_loads = {}
    for workload, load in loads.items():
        cached_load = load
        if len(load.values) > WARM_LIMIT:  # a bounded random subset, all of it warmed
            subset = random.Random(options.seed).sample(load.values, WARM_LIMIT)
            cached_load = Load(load.path, load.document, load.variable, tuple(subset))
        started = time.perf_counter()
        hit_rate = await warm_cache(bench.servers["cms-cached"], cached_load, options.connections)
        print(
            f"Warmed the cache with {len(cached_load.values)} {workload} keys in "
            f"{time.perf_counter() - started:.1f} s (hits afterwards: {hit_rate:.0%})"
        )
        cached_loads[workload] = cached_load
    print(f"Measuring {options.seconds:g} s each, {options.connections} connections:")
    for workload, load in loads.items():
        floor_load = Load(f"/floor/{workload}", load.document, load.variable, load.values)
        await bench.keep_least_disturbed(workload, "bare", load)
        await bench.keep_least_disturbed(workload, "bare-async", load)
        await bench.keep_least_disturbed(workload, "cms", load)
        await bench.keep_least_disturbed(workload, "cms-cached", cached_loads[workload])
        await bench.keep_least_disturbed(workload, "floor", floor_load)
    add_ratios(bench.rows)


async def run(options: Options) -> dict[str, Any]:
    """The whole benchmark; every process it starts is stopped when it ends, however it ends."""
    async with contextlib.AsyncExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cms-bench-")))
        db_path = options.db_path or str(workdir / "db")
        database = EmbeddedDatabase(db_path if db_path == MEMORY else Path(db_path))
        stack.callback(database.stop)
        uri = await asyncio.to_thread(database.start)
        assert database._process is not None  # its pid: the database's CPU time is measured too
        print(f"SecantusDB at {uri} (storage {db_path}); load generator: {options.loadgen}")
        if (load := os.getloadavg()[0]) > 0.5:
            print(f"note: the load average is {load:.1f}: other work here will skew the figures")
        print(
            f"Seeding {options.articles} stories over {options.sections} sections by "
            f"{options.authors} authors through import_article ...",
            flush=True,
        )
        newsroom = await seed(uri, options)
        print(f"  seeded in {newsroom.seconds:.1f} s")

        bench = Bench(options, database._process.pid, workdir)
        await start_servers(bench, stack, uri, floor_sizes=None)
        all_loads = {
            "W1": Load("/graphql", W1, "slug", tuple(newsroom.slugs)),
            "W2": Load("/graphql", W2, "section", tuple(newsroom.sections)),
        }
        loads = {w: all_loads[w] for w in options.workloads}
        sizes = await check_answers(bench, loads, random.Random(options.seed))
        await start_servers(bench, stack, uri, floor_sizes=sizes)
        await measure_all(bench, loads)
        publish = await publish_visible(bench, uri, newsroom)
    return report(options, newsroom, sizes, loads, bench.rows, publish)


def report(
    options: Options,
    newsroom: Newsroom,
    sizes: dict[str, int],
    loads: dict[str, Load],
    rows: list[Row],
    publish: PublishResult | None,
) -> dict[str, Any]:
    about = machine()
    print()
    print(
        f"Newsroom CMS delivery benchmark, {about['date']}, {about['cores']} cores, Python "
        f"{about['python']}, {options.loadgen} ({options.threads} thread(s)) with "
        f"{options.connections} connections, {options.seconds:g} s per measurement"
        f"{f' (the least disturbed of {options.repeat})' if options.repeat > 1 else ''}, "
        f"{options.articles} stories; each server one uvicorn process ({about['server']})"
    )
    print(table(rows, sizes, loads))
    print(
        "CPU ms/req: the server process; DB CPU ms/req: the SecantusDB process; cmds/req: "
        "database commands per request;\nother load: CPU used by processes outside the "
        "benchmark during the measurement, as a share of the machine."
    )
    if publish is not None:
        print(
            f"Publish visible: publishArticle on {publish.written_on} answered in "
            f"{publish.publish_ms:.0f} ms; {publish.watched_on} showed the new headline on the "
            f"story page after {_maybe_ms(publish.visible_page_ms)} and on the section front "
            f"after {_maybe_ms(publish.visible_front_ms)} (from the publish request)."
        )
    results = checks(rows, publish)
    print("Targets (issue 6):")
    for check in results:
        print(check.line())
    return {
        "machine": about,
        "options": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(options).items()},
        "seed_seconds": newsroom.seconds,
        "answer_bytes": sizes,
        "results": [asdict(r) for r in rows],
        "publish": None if publish is None else asdict(publish),
        "targets": [
            {"target": c.target, "value": c.value, "op": c.op, "limit": c.limit, "met": c.met}
            for c in results
        ],
    }


def _maybe_ms(value: float | None) -> str:
    return "more than 10 s (not seen)" if value is None else f"{value:.0f} ms"


def _interrupt_on_sigterm() -> None:
    """Ctrl-C and SIGTERM stop the run, and then every server and the database.

    SIGINT gets Python's own handler even when it was inherited ignored (a background job of
    a script), so that asyncio turns it into a cancellation of the run; SIGTERM becomes SIGINT.
    """
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda signum, frame: os.kill(os.getpid(), signal.SIGINT))


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.run_loadgen is not None:
        return run_loadgen(args.run_loadgen)
    options = _options(args)
    _interrupt_on_sigterm()
    try:
        figures = asyncio.run(run(options))
    except KeyboardInterrupt:
        print("\ninterrupted: the servers and the database were stopped", file=sys.stderr)
        return 130
    if options.json_path is not None:
        options.json_path.write_text(json.dumps(figures, indent=2) + "\n")
        print(f"Figures written to {options.json_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
