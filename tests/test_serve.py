"""`cms serve` as a user runs it: a real uvicorn, the embedded database, demo content, SIGTERM."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from cms.demo.content import BREAKING_SLUG

QUERY = """query Breaking($slug: String!) {
  article(slug: $slug) {
    dateline authors { name } leadMedia { credit caption } body { __typename }
  }
}"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _post(url: str, query: str, variables: dict[str, str]) -> dict[str, object]:
    payload = json.dumps({"query": query, "variables": variables}).encode()
    request = urllib.request.Request(url, payload, {"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "cms serve exited early"
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("cms serve did not start")


def _idle_connection_closed_after(base: str, *, seconds: float) -> bool:
    """Whether the server has closed a kept-alive connection left idle this long (uvicorn's
    own default keeps one for 5 s)."""
    connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=10)
    try:
        connection.request("GET", "/healthz")
        connection.getresponse().read()
        time.sleep(seconds)
        assert connection.sock is not None
        connection.sock.settimeout(1)
        try:
            return connection.sock.recv(1) == b""
        except TimeoutError:  # still open
            return False
    finally:
        connection.close()


def _database_children(pid: int) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                status = (entry / "status").read_text()
            except OSError:
                continue
            if f"PPid:\t{pid}\n" in status and "secantus" in cmdline:
                found.append(entry.name)
    return found


def test_serve_with_demo_then_sigterm_stops_server_and_database(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "CMS_DB_PATH": str(tmp_path / "db"),
        "CMS_MEDIA_DIR": str(tmp_path / "media"),
        "CMS_KEEP_ALIVE_SECONDS": "1",
    }
    env.pop("CMS_MONGODB_URI", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "cms.cli", "serve", "--demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(f"{base}/healthz", process)
        children = _database_children(process.pid)
        assert children, "the embedded database runs as a child process"

        story = _post(f"{base}/graphql", QUERY, {"slug": BREAKING_SLUG})["data"]["article"]  # type: ignore[index]

        assert story["dateline"]
        assert story["authors"][0]["name"]
        assert " via " in story["leadMedia"]["credit"]
        kinds = {block["__typename"] for block in story["body"]}
        assert {"BlockQuote", "RelatedLink", "AdSlotBlock"} <= kinds
        assert _idle_connection_closed_after(base, seconds=2.5), "the keep-alive setting holds"
        process.send_signal(signal.SIGTERM)
        # uvicorn shuts down gracefully, then re-raises the signal it caught
        assert process.wait(timeout=30) in (0, -signal.SIGTERM)
        assert not any(Path("/proc", pid).exists() for pid in children), "database stopped"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        output = process.communicate()[0].decode()
    assert f"{base}/graphql" in output, "the URLs are printed"
    assert f"Desk           {base}/desk/" in output
    assert "Application shutdown complete" in output


def _wait_for_requests_in_progress(base: str, *, at_least: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{base}/metrics", timeout=10) as response:
            text = response.read().decode()
        for line in text.splitlines():
            if line.startswith("cms_http_requests_in_progress ") and (
                float(line.split()[1]) >= at_least
            ):
                return
        time.sleep(0.01)
    raise AssertionError("the requests never reached the server")


def test_sigterm_lets_requests_in_flight_finish(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "CMS_DB_PATH": str(tmp_path / "db"), "CMS_MEDIA_DIR": str(tmp_path / "m")}
    env.pop("CMS_MONGODB_URI", None)
    env["CMS_RESPONSE_CACHE"] = "false"
    process = subprocess.Popen(
        [sys.executable, "-m", "cms.cli", "serve", "--demo", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    heavy = (
        "{ articles(first: 40) { edges { node { headline authors { name }"
        " body { __typename ... on Paragraph { html } } } } } }"
    )
    try:
        _wait_until_up(f"{base}/healthz", process)

        def timed() -> tuple[dict[str, object], float]:
            return _post(f"{base}/graphql", heavy, {}), time.monotonic()

        with ThreadPoolExecutor(max_workers=12) as pool:
            in_flight = [pool.submit(timed) for _ in range(12)]
            _wait_for_requests_in_progress(base, at_least=3)  # /metrics itself is one
            signalled = time.monotonic()
            process.send_signal(signal.SIGTERM)
            results = [future.result(timeout=30) for future in in_flight]
        answers = [answer for answer, _ in results]
        assert any(done > signalled for _, done in results), "some were answered after SIGTERM"
        assert all("errors" not in answer for answer in answers)
        assert all(len(a["data"]["articles"]["edges"]) == 32 for a in answers)  # type: ignore[index]
        assert process.wait(timeout=30) in (0, -signal.SIGTERM)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
