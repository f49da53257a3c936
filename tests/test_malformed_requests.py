"""A corpus of malformed requests against a production-mode app: every answer is the API's own.

Whatever is wrong with a request (its JSON, the types of its parameters, its headers, a
multipart body and its map, its method or content type, its path), the answer is a 4xx (or a
200 carrying errors) in the API's JSON error shape with a stable ``extensions.code``, the
security headers and an ``X-Request-ID``: never a 5xx, never a plain-text page from a layer
below the API.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from cms import model
from cms.config import Settings
from cms.store import Store
from tests import newsroom
from tests.conftest import Api, Clock, running_app

BOTH = ["/graphql", "/admin/graphql"]
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "strict-transport-security": "max-age=31536000",
}
UPLOAD = "mutation($file: Upload!) { uploadMedia(file: $file) { id } }"
OPERATIONS = json.dumps({"query": UPLOAD, "variables": {"file": None}})
PREFLIGHT = {"apollo-require-preflight": "true"}
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture
async def production(settings: Settings, store: Store, clock: Clock) -> AsyncIterator[Api]:
    strict = settings.model_copy(update={"env": "production", "secret_key": SecretStr("m" * 40)})
    async with running_app(strict, store, clock) as api:
        yield api


@pytest.fixture
async def http(production: Api) -> AsyncIterator[httpx.AsyncClient]:
    """A client that sees a 500 as a real server sends it (not re-raised into the test)."""
    app = production.client._transport.app  # type: ignore[attr-defined]
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


def check_answer(about: Any, response: httpx.Response) -> dict[str, Any]:
    """The API's JSON error (or a GraphQL answer), with its headers, and no 5xx."""
    where = f"{about!r}\nanswered {response.status_code}: {response.text[:500]}"
    assert response.status_code < 500, where
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, f"{name} missing\n{where}"
    assert response.headers.get("x-request-id"), where
    assert response.headers.get("content-type", "").startswith("application/"), where
    body = response.json()
    assert isinstance(body, dict), where
    errors = body.get("errors")
    if response.status_code >= 400:
        assert errors, where
    for error in errors or ():
        code = error["extensions"]["code"]
        assert isinstance(code, str), where
        assert code != "INTERNAL_SERVER_ERROR", where
    return body


def _json(body: bytes | str, content_type: str = "application/json") -> dict[str, Any]:
    return {"content": body, "headers": {"content-type": content_type}}


TYPENAME = {"query": "{ __typename }"}

# (what, request keyword arguments): POSTed to both endpoints.
BODIES: list[tuple[str, dict[str, Any]]] = [
    ("truncated JSON", _json(b'{"query": ')),
    ("an empty body", _json(b"")),
    ("null", _json(b"null")),
    ("a string", _json(b'"{ __typename }"')),
    ("a number", _json(b"7")),
    ("a batch", _json(b'[{"query": "{ __typename }"}]')),
    ("not UTF-8", _json(b'{"query": "\xff\xfe"}')),
    ("a UTF-16 byte order mark", _json(b"\xff\xfe{\x00}\x00")),
    ("JSON with a NaN", _json(b'{"query": "{ __typename }", "variables": {"a": NaN}}')),
    ("a lone surrogate", _json(b'{"query": "{ __typename }", "variables": {"a": "\\udc00"}}')),
    (
        "deeply nested variables",
        _json(
            b'{"query": "{ __typename }", "variables": {"a": '
            + b"[" * 50_000
            + b"]" * 50_000
            + b"}}"
        ),
    ),
    (
        "a 5000-digit number",
        _json(b'{"query": "{ __typename }", "variables": {"a": ' + b"9" * 5000 + b"}}"),
    ),
    ("duplicate keys", _json(b'{"query": "{ __typename }", "query": 5}')),
    ("the query as a list", {"json": {"query": ["{ __typename }"]}}),
    ("the query as null", {"json": {"query": None}}),
    ("the query as true", {"json": {"query": True}}),
    ("variables as a string", {"json": {**TYPENAME, "variables": '{"a": 1}'}}),
    ("variables as a list", {"json": {**TYPENAME, "variables": []}}),
    ("variables as a number", {"json": {**TYPENAME, "variables": 3}}),
    ("extensions as a string", {"json": {**TYPENAME, "extensions": "x"}}),
    ("extensions as a list", {"json": {**TYPENAME, "extensions": [{"persistedQuery": 1}]}}),
    ("persistedQuery as a string", {"json": {**TYPENAME, "extensions": {"persistedQuery": "x"}}}),
    (
        "a persisted query's hash as a number",
        {"json": {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": 5}}}},
    ),
    ("operationName as a number", {"json": {**TYPENAME, "operationName": 1}}),
    ("operationName as an object", {"json": {**TYPENAME, "operationName": {}}}),
    ("an unknown operationName", {"json": {**TYPENAME, "operationName": "Nope"}}),
    ("an unparseable document", {"json": {"query": "{ __typename"}}),
    ("a document with a NUL", {"json": {"query": "{ __typename \u0000 }"}}),
    ("a subscription", {"json": {"query": "subscription { __typename }"}}),
    ("two anonymous operations", {"json": {"query": "{ __typename } { __typename }"}}),
    ("text/plain", _json(json.dumps(TYPENAME), "text/plain")),
    ("form-encoded", _json("query=%7B__typename%7D", "application/x-www-form-urlencoded")),
    ("no content type", _json(json.dumps(TYPENAME), "")),
    ("a content type of garbage", _json(json.dumps(TYPENAME), "garbage/;;;=")),
    (
        "application/json with a strange charset",
        _json(json.dumps(TYPENAME), "application/json; charset=klingon"),
    ),
    ("application/graphql", _json("{ __typename }", "application/graphql")),
    ("XML", _json("<query/>", "application/xml")),
]

# Headers that are huge, malformed or contradictory, each on a valid request.
HEADERS: list[tuple[str, dict[str, str | bytes]]] = [
    ("a 64 KB header", {"x-filler": "a" * 65_536}),
    ("a huge accept", {"accept": ",".join(["application/json"] * 5000)}),
    ("accept of garbage", {"accept": "\x7f;;q=nope"}),
    ("accept of nothing acceptable", {"accept": "image/png"}),
    ("an empty bearer", {"authorization": "Bearer "}),
    ("a basic authorization", {"authorization": "Basic dXNlcjpwYXNz"}),
    ("a huge bearer", {"authorization": "Bearer " + "x" * 60_000}),
    ("a bearer of Latin-1 bytes", {"authorization": "Bearer \xe9\xe8".encode("latin-1")}),
    ("a malformed request id", {"x-request-id": "../../etc/passwd\x01"}),
    ("a huge request id", {"x-request-id": "r" * 10_000}),
    ("a content length of words", {"content-length": "lots"}),
    ("a negative content length", {"content-length": "-5"}),
    ("a huge content length", {"content-length": "9" * 30}),
    ("a strange origin", {"origin": "null"}),
    ("an upgrade to websocket", {"upgrade": "websocket", "connection": "upgrade"}),
    ("a forwarded-for list", {"x-forwarded-for": ", ".join(["10.0.0.1"] * 2000)}),
]


def _multipart(operations: str | None, files_map: str | None, **files: bytes) -> dict[str, Any]:
    parts: dict[str, Any] = {
        name: (f"{name}.jpg", data, "image/jpeg") for name, data in files.items()
    }
    if operations is not None:
        parts["operations"] = (None, operations)
    if files_map is not None:
        parts["map"] = (None, files_map)
    return {"files": parts, "headers": PREFLIGHT}


def _ops(variables: Any) -> str:
    return json.dumps({"query": UPLOAD, "variables": variables})


MULTIPART: list[tuple[str, dict[str, Any]]] = [
    (
        "a path past the end of the value",
        _multipart(OPERATIONS, '{"0": ["variables.file.5"]}', **{"0": JPEG}),
    ),
    (
        "a path into nothing",
        _multipart(OPERATIONS, '{"0": ["variables.nope.deeper"]}', **{"0": JPEG}),
    ),
    ("a path outside variables", _multipart(OPERATIONS, '{"0": ["query"]}', **{"0": JPEG})),
    ("a path of one part", _multipart(OPERATIONS, '{"0": ["variables"]}', **{"0": JPEG})),
    ("an empty path", _multipart(OPERATIONS, '{"0": [""]}', **{"0": JPEG})),
    ("a path of dots", _multipart(OPERATIONS, '{"0": ["variables..."]}', **{"0": JPEG})),
    ("a path as a string", _multipart(OPERATIONS, '{"0": "variables.file"}', **{"0": JPEG})),
    ("a path as a number", _multipart(OPERATIONS, '{"0": [5]}', **{"0": JPEG})),
    ("a map as a list", _multipart(OPERATIONS, '[["variables.file"]]', **{"0": JPEG})),
    ("a map that is not JSON", _multipart(OPERATIONS, "{0: variables.file}", **{"0": JPEG})),
    (
        "a map naming a missing file",
        _multipart(OPERATIONS, '{"9": ["variables.file"]}', **{"0": JPEG}),
    ),
    ("a map naming a text field", _multipart(OPERATIONS, '{"operations": ["variables.file"]}')),
    (
        "a path to a value that is not null",
        _multipart(_ops({"file": "here"}), '{"0": ["variables.file"]}', **{"0": JPEG}),
    ),
    (
        "a list index past the end",
        _multipart(_ops({"file": [None]}), '{"0": ["variables.file.1"]}', **{"0": JPEG}),
    ),
    (
        "a negative list index",
        _multipart(_ops({"file": [None]}), '{"0": ["variables.file.-1"]}', **{"0": JPEG}),
    ),
    (
        "a list index of words",
        _multipart(_ops({"file": [None]}), '{"0": ["variables.file.first"]}', **{"0": JPEG}),
    ),
    (
        "a huge list index",
        _multipart(
            _ops({"file": [None]}), '{"0": ["variables.file.' + "9" * 5000 + '"]}', **{"0": JPEG}
        ),
    ),
    ("variables as a list", _multipart(_ops([None]), '{"0": ["variables.0"]}', **{"0": JPEG})),
    ("no operations", _multipart(None, '{"0": ["variables.file"]}', **{"0": JPEG})),
    (
        "operations that are not JSON",
        _multipart("{query", '{"0": ["variables.file"]}', **{"0": JPEG}),
    ),
    (
        "operations as a list (a batch)",
        _multipart("[" + OPERATIONS + "]", '{"0": ["0.variables.file"]}', **{"0": JPEG}),
    ),
    ("operations as a string", _multipart('"x"', "{}", **{"0": JPEG})),
    ("operations nested 50,000 deep", _multipart("[" * 50_000 + "]" * 50_000, "{}")),
    ("no map", _multipart(OPERATIONS, None, **{"0": JPEG})),
    ("no file at all", _multipart(OPERATIONS, "{}")),
    (
        "no boundary",
        {"content": b"--x\r\n", "headers": {**PREFLIGHT, "content-type": "multipart/form-data"}},
    ),
    (
        "a truncated body",
        {
            "content": b'--b\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"qu',
            "headers": {**PREFLIGHT, "content-type": "multipart/form-data; boundary=b"},
        },
    ),
    (
        "garbage after the boundary",
        {
            "content": b"--b\r\n\x00\x01\x02\r\n\r\n--b--\r\n",
            "headers": {**PREFLIGHT, "content-type": "multipart/form-data; boundary=b"},
        },
    ),
    ("a multipart without the preflight header", {"files": {"operations": (None, OPERATIONS)}}),
]


def _check_all(cases: list[tuple[str, Any, httpx.Response]]) -> None:
    failures = []
    for name, request, response in cases:
        try:
            check_answer(f"{name}: {request}"[:300], response)
        except AssertionError as error:
            failures.append(f"{name}: {error}")
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("path", BOTH)
async def test_malformed_bodies(http: httpx.AsyncClient, path: str) -> None:
    _check_all([(name, kw, await http.post(path, **kw)) for name, kw in BODIES])


@pytest.mark.parametrize("path", BOTH)
async def test_huge_and_odd_headers(http: httpx.AsyncClient, path: str) -> None:
    cases = []
    for name, headers in HEADERS:
        response = await http.post(
            path,
            content=json.dumps(TYPENAME),
            headers={"content-type": "application/json", **headers},
        )
        cases.append((name, headers, response))
    _check_all(cases)


@pytest.mark.parametrize("token", [False, True])
async def test_broken_multipart_requests(
    production: Api, http: httpx.AsyncClient, token: bool
) -> None:
    """Without a token, and with an editor's: the map is checked either way."""
    headers = {}
    if token:
        headers = {"authorization": "Bearer " + await newsroom.user(production, model.Role.EDITOR)}
    cases = []
    for name, kw in MULTIPART:
        sent = {**kw, "headers": {**kw.get("headers", {}), **headers}}
        cases.append((name, kw, await http.post("/admin/graphql", **sent)))
        refused = cases[-1][2]
        assert refused.status_code >= 400 or refused.json().get("errors"), (name, refused.text)
    _check_all(cases)
    # The delivery endpoint takes no multipart at all.
    for name, kw in MULTIPART[:3]:
        cases.append((name, kw, await http.post("/graphql", **kw)))
    _check_all(cases)


@pytest.mark.parametrize(
    "path",
    [*BOTH, "/media/x", "/renditions/x/1/640x.webp", "/healthz", "/nowhere", "/graphql/extra"],
)
async def test_wrong_methods_and_paths(http: httpx.AsyncClient, path: str) -> None:
    cases = []
    for method in ("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW", "GET", "POST"):
        response = await http.request(
            method, path, content=b"{}", headers={"content-type": "application/json"}
        )
        if method == "GET" and path == "/healthz":
            continue
        cases.append((method, path, response))
    _check_all(cases)


async def test_every_answer_names_its_code(http: httpx.AsyncClient) -> None:
    """The plain-HTTP refusals say what they are, as the GraphQL ones do."""
    cases = {
        "NOT_FOUND": await http.get("/nowhere"),
        "METHOD_NOT_ALLOWED": await http.put("/graphql", json=TYPENAME),
        "BAD_REQUEST": await http.post("/admin/graphql", json={**TYPENAME, "variables": []}),
    }
    for code, response in cases.items():
        body = check_answer(code, response)
        assert [e["extensions"]["code"] for e in body["errors"]] == [code], response.text
    assert "GET" in cases["METHOD_NOT_ALLOWED"].headers.get("allow", "")
