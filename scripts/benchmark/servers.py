"""The servers under test, each a uvicorn process on a free port, and what they count."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from benchmark.options import SCRIPTS
from cms.server.processes import die_with_parent, free_port


def cms_app() -> Any:
    """Our app for ``uvicorn --factory``, configured by the CMS_* environment like `cms serve`."""
    from cms.app import create_app
    from cms.config import Settings

    return create_app(Settings(), settle_heap=True)


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
        self.port = free_port()
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
                preexec_fn=die_with_parent,
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
