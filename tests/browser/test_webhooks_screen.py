"""The desk's webhooks screen: an admin registers an endpoint at a receiver on localhost, sees its
secret once, follows its deliveries and their attempts, sees why the server disabled it, and
redelivers what failed; other roles do not see the screen.

The browser tests' server fails a refused delivery at its first attempt and disables an endpoint
at its second failure in a row (conftest), so none of this waits for real retry times."""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from playwright.sync_api import expect
from standardwebhooks import Webhook

from tests.browser.desk import ADMIN, EDITOR, WRITER, Desk


@dataclass
class Receiver:
    """A webhook receiver on localhost that records each POST and answers ``status``."""

    url: str = ""
    status: int = 500
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def got(self) -> list[tuple[dict[str, str], bytes]]:
        with self.lock:
            return list(self.received)


@contextmanager
def receiver() -> Iterator[Receiver]:
    hook = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            with hook.lock:
                hook.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                status = hook.status
            self.send_response(status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    hook.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/newsroom"
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    try:
        yield hook
    finally:
        server.shutdown()
        server.server_close()
        serving.join()


def _published(desk: Desk, headline: str) -> str:
    story = desk.new_story(WRITER, headline)
    for step, who in (
        ("submitArticle", WRITER),
        ("approveArticle", EDITOR),
        ("publishArticle", EDITOR),
    ):
        desk.step(step, story["id"], as_=who)
    return str(story["id"])


def test_an_admin_registers_an_endpoint_and_redelivers_what_failed(desk: Desk) -> None:
    with receiver() as hook:
        context = desk.context(ADMIN)
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        page = context.new_page()
        page.goto(desk.url("settings"))
        page.get_by_role("navigation", name="Settings").get_by_role("link", name="Webhooks").click()
        expect(page.get_by_role("heading", name="Webhooks")).to_be_visible()
        page.get_by_role("button", name="New endpoint").click()
        form = page.get_by_role("form", name="New endpoint")
        description = f"Search index {uuid.uuid4().hex[:6]}"
        refused = hook.url.replace("http://", "http://indexer:hunter2@")
        form.get_by_label("URL").fill(refused)
        form.get_by_label("Description").fill(description)
        form.get_by_role("checkbox", name="article.published").check()
        form.get_by_role("button", name="Register endpoint").click()
        # The server's refusal is shown beside the field, and what was typed stays.
        url = form.get_by_label("URL")
        expect(url).to_have_attribute("aria-invalid", "true")
        expect(url).to_have_accessible_description(re.compile("no user name or password"))
        expect(url).to_have_value(refused)
        expect(form.get_by_label("Description")).to_have_value(description)

        url.fill(hook.url)
        form.get_by_role("button", name="Register endpoint").click()
        shown = page.get_by_role("dialog", name="The endpoint's signing secret")
        expect(shown).to_contain_text("You will not see this secret again.")
        secret_box = shown.get_by_role("status", name="Signing secret")
        expect(secret_box).to_have_text(re.compile(r"^whsec_\S{40,}$"))
        secret = secret_box.inner_text()
        shown.get_by_role("button", name="Copy secret").click()
        expect(shown.get_by_text("Copied to the clipboard.")).to_be_visible()
        assert page.evaluate("navigator.clipboard.readText()") == secret
        shown.get_by_role("button", name="Done").click()
        expect(shown).to_be_hidden()
        endpoint = page.get_by_role("form", name=f"Endpoint {hook.url}")
        expect(endpoint.get_by_role("checkbox", name="article.published")).to_be_checked()
        expect(page.get_by_text(secret)).to_have_count(0)
        page.reload()
        expect(endpoint.get_by_label("Description")).to_have_value(description)
        expect(page.get_by_text(secret)).to_have_count(0)

        # The receiver refuses the first delivery: it fails, with its attempt.
        story_id = _published(desk, "Ferry timetable cut for the winter")
        deliveries = page.get_by_role("list", name="Recent deliveries")
        delivery = deliveries.get_by_role("listitem").filter(has_text=story_id)
        expect(delivery).to_contain_text("article.published")
        expect(delivery).to_contain_text("Failed after 1 attempt, last HTTP 500")
        attempts = delivery.get_by_role("table")
        expect(attempts.get_by_role("row")).to_have_count(2)
        expect(attempts.get_by_role("row").nth(1)).to_contain_text("HTTP 500")

        # Sent again while the receiver still refuses, it fails twice in a row: the server
        # disables the endpoint, and the screen says why.
        delivery.get_by_role("button", name=re.compile("^Redeliver article.published")).click()
        expect(endpoint.get_by_role("note")).to_contain_text(
            re.compile(r"Disabled by the server\. Every delivery has failed since .*HTTP 500")
        )
        expect(attempts.get_by_role("row")).to_have_count(3)
        expect(delivery.get_by_role("button", name=re.compile("^Redeliver"))).to_have_count(0)
        listed = page.get_by_role("list", name="Webhook endpoints").get_by_role("listitem")
        expect(listed.filter(has_text=hook.url)).to_contain_text("disabled by the server")

        # The receiver is fixed: enabled again, the delivery redelivered arrives, signed.
        hook.status = 204
        endpoint.get_by_role("button", name="Enable endpoint").click()
        expect(endpoint.get_by_role("note")).to_have_count(0)
        delivery.get_by_role("button", name=re.compile("^Redeliver article.published")).click()
        expect(delivery).to_contain_text(re.compile(r"Delivered .* \(3 attempts\)"))
        expect(attempts.get_by_role("row").nth(3)).to_contain_text("HTTP 204: delivered")
        headers, body = hook.got()[-1]
        event = Webhook(secret).verify(body, headers)
        assert event["type"] == "article.published"
        assert event["data"]["aggregate"]["id"] == story_id

        # Deleting asks first.
        endpoint.get_by_role("button", name="Delete endpoint").click()
        confirm = page.get_by_role("alertdialog", name=f"Delete {hook.url}?")
        confirm.get_by_role("button", name="Delete endpoint").click()
        expect(page.get_by_text("The endpoint was deleted.")).to_be_visible()
        expect(page.get_by_role("button", name=hook.url)).to_have_count(0)
        context.close()


def test_only_admins_see_the_webhooks_screen(desk: Desk) -> None:
    page = desk.page(EDITOR, "settings/tags")
    settings = page.get_by_role("navigation", name="Settings")
    expect(settings.get_by_role("link")).to_have_text(["Authors", "Sections", "Tags"])
    page.goto(desk.url("settings/webhooks"))
    expect(page.get_by_text("Only admins manage webhooks.")).to_be_visible()
    expect(page.get_by_role("list", name="Webhook endpoints")).to_have_count(0)
    expect(page.get_by_role("button", name="New endpoint")).to_have_count(0)
    page.context.close()

    admin = desk.page(ADMIN, "settings/tags")
    admin_links = admin.get_by_role("navigation", name="Settings").get_by_role("link")
    expect(admin_links.filter(has_text="Webhooks")).to_have_count(1)
    admin.context.close()
