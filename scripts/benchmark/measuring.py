"""Measuring each target, checking the answers agree, and warming the cache."""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from benchmark.load import Load, drive
from benchmark.options import TARGETS, Options
from benchmark.servers import (
    Server,
    children_cpu_seconds,
    cpu_seconds,
    drained,
    machine_busy_seconds,
)


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

    async def keep_least_disturbed(self, workload: str, target: str, load: Load) -> Row:
        row = await self.least_disturbed(workload, target, load)
        self.rows.append(row)
        return row

    async def least_disturbed(self, workload: str, target: str, load: Load) -> Row:
        """The measurement other processes disturbed least, of ``--repeat`` taken."""
        tries = [await self.measure(workload, target, load) for _ in range(self.options.repeat)]
        return min(tries, key=lambda row: row.other_load)


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
