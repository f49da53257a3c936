"""scripts/desk-figures: the desk's figures, measured in a real Chromium against a real server.

One run starts an embedded SecantusDB in a temporary directory, files a newsroom of 2,000 live
stories into it (scripts/bench.py's writer, through ``import_article``), one draft of 5,000
words and an editor, starts ``cms serve`` on a free port and drives Debian's Chromium with
Playwright (``executable_path``; no browser is downloaded). It prints:

  transferred JS   the JavaScript bytes on the wire for a first visit, sign-in to budget
                   (target: 250 KB gzipped at most), and their size unpacked
  budget usable    from navigation to the budget's first rows and its tab counts, with
                   2,000 stories in the newsroom (median of several loads, and the slowest)
  keystroke delay  from each keydown in the body editor of a 5,000-word story to the next
                   frame after it was handled: p50, p95 (target: under 50 ms) and the worst

It is a measurement, not a test: the figures depend on the machine and on what else runs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import DESK, Writer  # a script beside this one, not a package

from cms import model
from cms.domain import accounts
from cms.domain.publishing import import_article
from cms.server.embedded import EmbeddedDatabase
from cms.server.processes import free_port
from cms.store import open_store
from cms.store.codec import new_id

DATABASE = "figures"
EMAIL = "figures-editor@newsroom.example"
PASSWORD = "a long passphrase for the figures"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# In the page: each keydown's time, and how long until a frame after it has been handled.
KEY_TIMER = """
window.__delays = [];
document.addEventListener('keydown', () => {
  const start = performance.now();
  requestAnimationFrame(() => setTimeout(() => window.__delays.push(performance.now() - start)));
}, true);
"""


async def _file_newsroom(uri: str, stories: int) -> str:
    """The newsroom, an editor, and a 5,000-word draft; returns the draft's id."""
    store = open_store(uri, DATABASE, timeout_ms=30_000)
    try:
        await store.prepare()
        now = datetime.now(UTC)
        writer = Writer(store, random.Random(14), now)
        sections = await writer.sections(8)
        authors = await writer.authors(50)
        for index in range(stories):
            await writer.story(index, section=sections[index % 8], authors=authors)
        await accounts.create_user(
            store, email=EMAIL, role=model.Role.EDITOR, password=PASSWORD, now=now
        )
        body = tuple(
            model.Paragraph(inlines=(model.Inline(writer.words(100).capitalize() + "."),))
            for _ in range(50)
        )
        draft = model.Article(
            id=new_id(),
            slug="five-thousand-words-on-the-harbour-inquiry",
            headline="Five thousand words on the harbour inquiry",
            section=sections[0],
            bylines=(model.Byline(author_id=authors[0]),),
            body=body,
            created_at=now,
            updated_at=now,
        )
        await import_article(store, draft, actor=DESK, now=now)
        return draft.id
    finally:
        await store.close()


@contextlib.contextmanager
def _server(uri: str) -> Iterator[str]:
    """``cms serve`` on a free port over the filed database, stopped afterwards."""
    port = free_port()
    env = {
        **os.environ,
        "CMS_MONGODB_URI": uri,
        "CMS_DATABASE": DATABASE,
        "CMS_PORT": str(port),
        "CMS_RATE_LIMIT": "false",
        "CMS_SCHEDULER_ENABLED": "false",
        "CMS_TIME_ZONE": "Europe/London",
    }
    command = [sys.executable, "-m", "cms.cli", "serve"]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/readyz", timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("cms serve did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _sign_in(page: Page, base: str) -> None:
    page.goto(f"{base}/desk/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("table", name="Stories").locator("tbody tr").first.wait_for()


def transferred_js(page: Page, base: str) -> tuple[int, int]:
    """JavaScript bytes on the wire and unpacked, for a first visit up to the budget."""
    responses: list[Any] = []

    def finished(request: Any) -> None:
        responses.append(request)

    page.on("requestfinished", finished)
    _sign_in(page, base)
    page.wait_for_load_state("networkidle")
    wire = unpacked = 0
    for request in responses:
        if request.resource_type == "script":
            wire += request.sizes()["responseBodySize"]
            response = request.response()
            unpacked += len(response.body()) if response is not None else 0
    return wire, unpacked


def budget_usable(page: Page, base: str, loads: int) -> list[float]:
    """Milliseconds from navigation until the budget shows rows and its tab counts."""
    times = []
    for _ in range(loads):
        page.goto(f"{base}/desk/", wait_until="commit")
        rows = page.get_by_role("table", name="Stories").locator("tbody tr")
        rows.first.wait_for()
        page.get_by_role("tab").first.wait_for()
        times.append(page.evaluate("performance.now()"))
    return times


def keystroke_delays(page: Page, base: str, story_id: str, keys: int) -> list[float]:
    """Milliseconds from each keydown in the body to a frame after it was handled."""
    page.goto(f"{base}/desk/stories/{story_id}")
    body = page.get_by_role("textbox", name="Body")
    body.wait_for()
    body.click()
    page.keyboard.press("Control+End")
    page.evaluate(KEY_TIMER)
    text = "The inquiry heard that the harbour wall had been patched twice. "
    for index in range(keys):
        page.keyboard.type(text[index % len(text)])
        page.wait_for_timeout(20)  # a fast typist: about 50 keys a second
    page.wait_for_timeout(500)
    delays: list[float] = page.evaluate("window.__delays")
    return delays


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=2000, help="live stories to file")
    parser.add_argument("--loads", type=int, default=5, help="budget loads to time")
    parser.add_argument("--keys", type=int, default=200, help="keystrokes to time")
    parser.add_argument(
        "--chromium", default=os.environ.get("CMS_TEST_CHROMIUM") or shutil.which("chromium")
    )
    options = parser.parse_args(argv)
    if not options.chromium or not Path(options.chromium).exists():
        raise SystemExit("no Chromium found: apt-get install chromium, or pass --chromium PATH")
    with tempfile.TemporaryDirectory(prefix="desk-figures-") as folder:
        started = time.perf_counter()
        with EmbeddedDatabase(Path(folder) / "db") as database:
            story_id = asyncio.run(_file_newsroom(database.uri, options.stories))
            print(f"filed {options.stories} stories in {time.perf_counter() - started:.0f} s")
            with _server(database.uri) as base, sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=options.chromium, args=CHROMIUM_ARGS
                )
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                wire, unpacked = transferred_js(page, base)
                loads = budget_usable(page, base, options.loads)
                delays = keystroke_delays(page, base, story_id, options.keys)
                browser.close()
    print(
        f"transferred JS    {wire / 1024:.1f} KB on the wire ({unpacked / 1024:.1f} KB unpacked)"
        f"  target <= 250 KB gzipped: {'met' if wire <= 250 * 1024 else 'MISSED'}"
    )
    print(
        f"budget usable     median {statistics.median(loads):.0f} ms, slowest {max(loads):.0f} ms"
        f" over {len(loads)} loads, {options.stories} stories"
    )
    p95 = _percentile(delays, 0.95)
    print(
        f"keystroke delay   p50 {_percentile(delays, 0.5):.1f} ms, p95 {p95:.1f} ms, worst "
        f"{max(delays):.1f} ms over {len(delays)} keys, 5,000 words"
        f"  target p95 < 50 ms: {'met' if p95 < 50 else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
