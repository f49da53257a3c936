"""The load: wrk when installed, else a Python load generator in its own process."""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import re
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from benchmark.options import SCRIPTS, Options
from benchmark.servers import Server
from cms.server.processes import die_with_parent


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
        preexec_fn=die_with_parent,
        cwd=SCRIPTS,  # where ``python -m benchmark`` finds the package
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
    command = [sys.executable, "-m", "benchmark", "--run-loadgen", str(spec)]
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
