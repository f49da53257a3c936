"""The desk in a real Chromium against a real ``cms serve`` over a throwaway embedded database.

One server and one browser per test process (session fixtures); each test opens its own
browser contexts, signed in through the desk's cookie sign-in. Nothing is built here:
``scripts/test`` builds the desk first, and without ``desk/dist`` these tests fail saying so.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from cms.server.embedded import MEMORY, EmbeddedDatabase
from tests.browser.desk import ADMIN, EDITOR, TIMEOUT_MS, WRITER, Account, Desk, free_port

ROOT = Path(__file__).resolve().parents[2]
DIST = Path(os.environ.get("CMS_DESK_DIR") or ROOT / "desk" / "dist")
# scripts/test says which Chromium it found (an empty value: none); else Debian's.
CHROMIUM = Path(os.environ.get("CMS_TEST_CHROMIUM", "/usr/bin/chromium") or "/nonexistent")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def _create_user(env: dict[str, str], account: Account) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "cms.cli", "users", "create", account.email),
            *("--role", account.role, "--name", account.name, "--password-stdin"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    assert process.stdin is not None
    process.stdin.write(f"{account.password}\n".encode())
    process.stdin.close()
    return process


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError("cms serve exited early")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("cms serve did not start")


@pytest.fixture(scope="session")
def desk_server() -> Iterator[tuple[str, dict[str, str]]]:
    """The server's address, and the API tokens tests have logged in for (one per account)."""
    if not CHROMIUM.exists():
        pytest.skip("no Chromium found: apt-get install chromium, or set CMS_TEST_CHROMIUM to one")
    if not (DIST / "index.html").exists():
        pytest.fail(
            "desk/dist is missing: build the desk first (cd desk && npm ci && npm run build); "
            "scripts/test builds it before running the tests",
            pytrace=False,
        )
    port = free_port()
    with EmbeddedDatabase(MEMORY) as database, tempfile.TemporaryDirectory() as media:
        env = {key: value for key, value in os.environ.items() if not key.startswith("CMS_")}
        env.update(
            CMS_MONGODB_URI=database.uri,
            CMS_DB_PATH=MEMORY,
            CMS_MEDIA_DIR=media,
            CMS_TIME_ZONE="Europe/London",
            CMS_LOGIN_ATTEMPTS_PER_MINUTE="1000",
            CMS_DESK_DIR=str(DIST),
            # Webhooks (test_webhooks_screen): a delivery the receiver refuses fails at its
            # first attempt instead of retrying for a day, and an endpoint whose deliveries
            # keep failing is disabled at the next failure instead of after three days.
            CMS_WEBHOOK_RETRY_FOR_SECONDS="1",
            CMS_WEBHOOK_DISABLE_AFTER_SECONDS="0.001",
        )
        # The accounts are made while the server starts: both take seconds of imports.
        creating = [_create_user(env, account) for account in (WRITER, EDITOR, ADMIN)]
        process = subprocess.Popen(
            [sys.executable, "-m", "cms.cli", "serve", "--demo", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for made in creating:
                assert made.stdout is not None
                output = made.stdout.read().decode()
                assert made.wait(timeout=60) == 0, output
            _wait_until_up(f"{base}/readyz", process)
            yield base, {}
        finally:
            for made in creating:
                if made.poll() is None:
                    made.kill()
                made.wait()
                if made.stdout is not None:
                    made.stdout.close()
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def desk(desk_server: tuple[str, dict[str, str]]) -> Iterator[Desk]:
    """Chromium for one test. Playwright's sync API runs an event loop in this thread while it
    is open, so it is opened per test: kept for the session it would break every asyncio test
    that the same process runs after it."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)  # two test processes share two cores with the server
    base, tokens = desk_server
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        try:
            yield Desk(base=base, browser=browser, _tokens=tokens)
        finally:
            browser.close()
