"""Helpers for the browser tests: accounts, signed-in browser contexts, and the APIs."""

from __future__ import annotations

import json
import socket
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page

TIMEOUT_MS = 15_000


@dataclass(frozen=True)
class Account:
    email: str
    password: str
    name: str
    role: str


WRITER = Account("wendy.okafor@example.org", "a writer's long passphrase", "Wendy Okafor", "writer")
EDITOR = Account("marek.lind@example.org", "an editor's long passphrase", "Marek Lind", "editor")
ADMIN = Account("ines.duarte@example.org", "an admin's long passphrase", "Inês Duarte", "admin")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _post(url: str, query: str, variables: dict[str, Any], token: str | None) -> dict[str, Any]:
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    payload = json.dumps({"query": query, "variables": variables}).encode()
    request = urllib.request.Request(url, payload, headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


@dataclass
class Desk:
    """The running server and the browser, with what the tests do through them."""

    base: str
    browser: Browser
    _tokens: dict[str, str] = field(default_factory=dict)

    def url(self, path: str = "") -> str:
        return f"{self.base}/desk/{path.lstrip('/')}"

    def context(self, account: Account | None = None, **options: Any) -> BrowserContext:
        """A fresh browser profile, signed in through the desk's cookie sign-in if asked."""
        context = self.browser.new_context(viewport={"width": 1280, "height": 900}, **options)
        context.set_default_timeout(TIMEOUT_MS)
        if account is not None:
            answer = context.request.post(
                f"{self.base}/admin/graphql",
                headers={"X-CMS-Desk": "1", "content-type": "application/json"},
                data=json.dumps(
                    {
                        "query": "mutation($e: String!, $p: String!) "
                        "{ signIn(email: $e, password: $p) { user { id } } }",
                        "variables": {"e": account.email, "p": account.password},
                    }
                ),
            )
            assert "errors" not in answer.json(), answer.json()
        return context

    def page(self, account: Account | None = None, path: str = "", **options: Any) -> Page:
        page = self.context(account, **options).new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(self.url(path))
        return page

    def open_subscriptions(self) -> int:
        """The desk's live subscriptions open on the server now (its /metrics)."""
        with urllib.request.urlopen(f"{self.base}/metrics", timeout=10) as response:
            for line in response.read().decode().splitlines():
                if line.startswith('cms_subscriptions_open{endpoint="management"}'):
                    return int(float(line.split()[-1]))
        return 0

    def until_subscriptions(self, count: int) -> None:
        """Wait until the desk's pages have opened their live subscriptions: an event sent
        before that would reach them only at their next refresh."""
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while self.open_subscriptions() < count:
            assert time.monotonic() < deadline, f"fewer than {count} live subscriptions opened"
            time.sleep(0.05)

    def token(self, account: Account) -> str:
        if account.email not in self._tokens:
            answer = self.manage(
                "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }",
                {"e": account.email, "p": account.password},
                as_=None,
            )
            self._tokens[account.email] = answer["login"]["token"]
        return self._tokens[account.email]

    def manage(
        self, query: str, variables: dict[str, Any] | None = None, *, as_: Account | None
    ) -> dict[str, Any]:
        """The management API with a bearer token (setting up and checking, not the desk)."""
        token = None if as_ is None else self.token(as_)
        body = _post(f"{self.base}/admin/graphql", query, variables or {}, token)
        assert "errors" not in body, body["errors"]
        return body["data"]  # type: ignore[no-any-return]

    def deliver(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The public delivery API, as a reader's site reads it (errors included)."""
        return _post(f"{self.base}/graphql", query, variables or {}, None)

    def story(self, story_id: str) -> dict[str, Any]:
        query = """query($id: ID!) { article(id: $id) {
            id slug headline dek status version tags dateline
            section { slug } bylines { role author { name } }
            leadMedia { caption credit altText } seo { title description }
        } }"""
        return self.manage(query, {"id": story_id}, as_=EDITOR)["article"]  # type: ignore[no-any-return]

    def new_story(self, account: Account, headline: str, **extra: Any) -> dict[str, Any]:
        """A draft owned by this account, with what publication needs, made through the API."""
        directory = self.manage(
            "{ sections { slug } authors { id }"
            " mediaAssets(first: 1, kind: IMAGE) { edges { node { id } } } }",
            as_=account,
        )
        words = ("".join(c for c in word if c.isalnum()) for word in headline.lower().split())
        slug = "-".join([*words, uuid.uuid4().hex[:8]])  # a test may run twice on one server
        content = {
            "headline": headline,
            "slug": slug,
            "section": directory["sections"][0]["slug"],
            "bylines": [{"authorId": directory["authors"][0]["id"]}],
            "leadMedia": {
                "assetId": directory["mediaAssets"]["edges"][0]["node"]["id"],
                "credit": "Photo by Ana Ruiz/Harbour Press",
                "caption": "The site at dawn.",
            },
            "body": [
                {"paragraph": {"inlines": [{"text": f"{headline}, officials said on Monday."}]}}
            ],
            **extra,
        }
        created = self.manage(
            "mutation($input: ArticleInput!) { createArticle(input: $input) { id slug version } }",
            {"input": content},
            as_=account,
        )
        return created["createArticle"]  # type: ignore[no-any-return]

    def step(self, mutation: str, story_id: str, *, as_: Account, **arguments: Any) -> None:
        """Take one workflow step through the API (setting up a scenario)."""
        version = self.story(story_id)["version"]
        extra = "".join(f", {name}: ${name}" for name in arguments)
        declared = "".join(f", ${name}: String!" for name in arguments)
        self.manage(
            f"mutation($id: ID!, $v: Int!{declared})"
            f" {{ {mutation}(id: $id, expectedVersion: $v{extra}) {{ id }} }}",
            {"id": story_id, "v": version, **arguments},
            as_=as_,
        )
