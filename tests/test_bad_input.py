"""Bad input never breaks the server: generated queries and malformed requests, through the app.

Two kinds of test. Property-based runs generate documents (hypothesis-graphql) and variables
from our own checked-in schemas and send them to /graphql and /admin/graphql; hand-written
cases send malformed HTTP: broken JSON, wrong content types, invalid UTF-8, huge strings and
numbers, deep nesting, invalid ids. Either way the answer must be a 4xx or a GraphQL error with
a stable ``extensions.code``: never a 5xx, never ``INTERNAL_SERVER_ERROR``, never a message
that shows our internals.

A case that still breaks the server is marked ``xfail(strict=True)`` with what fails; its fix
in ``cms/`` turns it into XPASS, which fails, so the mark goes with the fix.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from datetime import UTC
from pathlib import Path
from typing import Any

import graphql
import httpx
import hypothesis
import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema, mutations, nodes, queries

from cms import model
from cms.config import Settings
from cms.server.embedded import MEMORY, EmbeddedDatabase
from cms.store import open_store
from tests import factories, newsroom
from tests.conftest import Api, Clock, running_app

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schema"
DELIVERY_SDL = (SCHEMA_DIR / "delivery.graphql").read_text()
MANAGEMENT_SDL = (SCHEMA_DIR / "management.graphql").read_text()

# What a message must never show: stack traces, driver names, exception class names, paths.
LEAKS = re.compile(
    r"Traceback|pymongo|\bbson\b|\bmotor\b|site-packages|File \"|/cms/|\.py\b"
    r"|\b[A-Z][A-Za-z]*(Error|Exception)\b[:(]"
)

ABSENT_ID = "507f1f77bcf86cd799439011"  # shaped like an ObjectId, never stored

# --- The property-based runs ---------------------------------------------------------------------
#
# How Hypothesis meets the async app: pytest-asyncio recognises an ``async def`` test under
# ``@given`` and wraps Hypothesis' inner test, so each generated example runs as a coroutine on
# the session event loop (asyncio_default_test_loop_scope = "session"), the same loop the app's
# lifespan and its database client were opened on. No second loop, no asyncio.run per example.
# The fixtures (the app, its seeded database, an editor's token) are built once per test and
# shared by every example, which is what we want here: the property is "nothing breaks",
# whatever earlier examples did, so the function_scoped_fixture health check is turned off.
# derandomize=True makes every run try the same examples (CI is reproducible); database=None
# replays no examples saved by an earlier run (Hypothesis still caches under .hypothesis/, which
# git-ignores itself); print_blob=True prints how to reproduce a failure.

# A failing example that holds a 10 MB string would be printed in full; Hypothesis warns that
# the repr is large, which is no failure of ours.
pytestmark = [
    pytest.mark.filterwarnings(
        "ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning"
    ),
]

GENERATED = hypothesis.settings(
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)

# Custom scalars as literals: real and nonsense dates, and a string where a file belongs.
SCALARS = {
    "DateTime": st.one_of(
        st.datetimes(timezones=st.none() | st.just(UTC)).map(lambda d: d.isoformat()),
        st.text(max_size=30),
    ).map(nodes.String),
    "Upload": st.text(max_size=10).map(nodes.String),
    "JSON": st.text(max_size=10).map(nodes.String),
}


def _documents(strategy: Any, sdl: str, **kw: Any) -> st.SearchStrategy[str]:
    """Valid documents and documents with exactly one schema violation, half and half."""
    return st.one_of(
        strategy(sdl, custom_scalars=SCALARS, mode=Mode.POSITIVE, **kw),
        strategy(sdl, custom_scalars=SCALARS, mode=Mode.NEGATIVE, **kw),
    )


DELIVERY_DOCUMENTS = _documents(queries, DELIVERY_SDL)
MANAGEMENT_DOCUMENTS = _documents(from_schema, MANAGEMENT_SDL)
_MUTATION = graphql.build_schema(MANAGEMENT_SDL).mutation_type
assert _MUTATION is not None
# As an editor, everything but logout: ending the session would leave later examples anonymous,
# which the token-less run already covers.
EDITOR_DOCUMENTS = st.one_of(
    _documents(queries, MANAGEMENT_SDL),
    _documents(mutations, MANAGEMENT_SDL, fields=[f for f in _MUTATION.fields if f != "logout"]),
)


def _field_operations(sdl: str) -> list[tuple[str, dict[str, graphql.GraphQLArgument]]]:
    """One operation per root field with arguments, every argument passed as a variable."""
    schema = graphql.build_schema(sdl)
    found = []
    for keyword, root in (("query", schema.query_type), ("mutation", schema.mutation_type)):
        for name, definition in (root.fields if root else {}).items():
            if not definition.args:
                continue
            declared = ", ".join(f"${a}: {t.type}" for a, t in definition.args.items())
            passed = ", ".join(f"{a}: ${a}" for a in definition.args)
            leaf = graphql.is_leaf_type(graphql.get_named_type(definition.type))
            selection = "" if leaf else " { __typename }"
            document = f"{keyword} Generated({declared}) {{ {name}({passed}){selection} }}"
            found.append((document, definition.args))
    return found


# Anything JSON can carry, weighted towards what breaks coercion: huge and negative integers,
# floats, ObjectId-shaped and dated strings, nested lists and objects.
JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**80), max_value=2**80),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=40),
        st.from_regex(r"[0-9a-f]{24}", fullmatch=True),
        st.just("2026-11-24T09:00:00+00:00"),
    ),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
# What the seeded newsroom holds, so some lookups find something.
SEEDED_NAMES = ["news", "world", "ada-reporter", "river-rises", "bridge-reopens", "flooding"]
SCALAR_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "String": st.one_of(st.text(max_size=40), st.sampled_from(SEEDED_NAMES)),
    "Int": st.one_of(st.integers(-5, 120), st.integers(-(2**40), 2**40)),
    "Float": st.floats(allow_nan=False, allow_infinity=False),
    "Boolean": st.booleans(),
    "ID": st.one_of(st.from_regex(r"[0-9a-f]{24}", fullmatch=True), st.text(max_size=30)),
    "DateTime": st.one_of(
        st.datetimes(timezones=st.none() | st.just(UTC)).map(lambda d: d.isoformat()),
        st.text(max_size=30),
    ),
}


def _typed(kind: graphql.GraphQLInputType, depth: int = 0) -> st.SearchStrategy[Any]:
    """Mostly a value of the declared type (so resolvers run), now and then anything at all."""
    if isinstance(kind, graphql.GraphQLNonNull):
        return _typed(kind.of_type, depth)
    if depth > 5:
        return st.none()
    right: st.SearchStrategy[Any]
    if isinstance(kind, graphql.GraphQLList):
        right = st.lists(_typed(kind.of_type, depth + 1), max_size=3)
    elif isinstance(kind, graphql.GraphQLEnumType):
        right = st.sampled_from(list(kind.values))
    elif isinstance(kind, graphql.GraphQLInputObjectType) and kind.is_one_of:
        right = st.one_of(
            [st.fixed_dictionaries({n: _typed(f.type, depth + 1)}) for n, f in kind.fields.items()]
        )
    elif isinstance(kind, graphql.GraphQLInputObjectType):
        right = _arguments(kind.fields, depth + 1)
    else:
        right = SCALAR_VALUES.get(graphql.get_named_type(kind).name, JSON_VALUES)
    return st.one_of(right, right, right, JSON_VALUES)


def _arguments(fields: dict[str, Any], depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    """Required fields always (though perhaps of the wrong type), the others sometimes."""
    required = {n: f for n, f in fields.items() if graphql.is_non_null_type(f.type)}
    return st.fixed_dictionaries(
        {n: _typed(f.type, depth) for n, f in required.items()},
        optional={n: _typed(f.type, depth) for n, f in fields.items() if n not in required},
    )


def _with_variables(
    operations: list[tuple[str, dict[str, graphql.GraphQLArgument]]],
) -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        [
            _arguments(arguments).map(lambda values, q=query: {"query": q, "variables": values})
            for query, arguments in operations
        ]
    )


DELIVERY_PAYLOADS = _with_variables(_field_operations(DELIVERY_SDL))
# logout takes no arguments, so the session survives every example.
EDITOR_PAYLOADS = _with_variables(_field_operations(MANAGEMENT_SDL))


# --- Fixtures and checks -------------------------------------------------------------------------


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Roomier query limits than the defaults, so more generated documents get past the door
    and reach the resolvers (the limits themselves are tested in test_limits.py)."""
    return settings.model_copy(update={"max_cost": 1_000_000, "max_depth": 30})


def _as_a_server_answers(api: Api) -> httpx.AsyncClient:
    """A client on the same app that gets a 500 response where an exception escapes the app,
    as from a real server (the ``api`` client re-raises it, which hides the status)."""
    app = api.client._transport.app  # type: ignore[attr-defined]
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@pytest.fixture
async def http(api: Api) -> AsyncIterator[httpx.AsyncClient]:
    async with _as_a_server_answers(api) as client:
        yield client


@pytest.fixture
async def seeded(api: Api) -> Api:
    """A small newsroom, so generated queries reach real resolvers: sections, an author, a
    picture, stories live and in draft, with every kind of body block."""
    refs = await newsroom.newsroom(api)
    await factories.section(api.store, slug="world", name="World")
    author = refs["author"]
    first = await factories.story(api.store, slug="river-rises", author_ids=(author,))
    body = (
        factories.paragraph("The council met at dawn."),
        model.Heading(text="What happens next", level=3),
        model.BlockQuote(
            paragraphs=((model.Inline("We will rebuild."),),), attribution="The mayor"
        ),
        model.PullQuote(text="Water everywhere", attribution="A resident"),
        model.MediaBlock(media=model.MediaUse(asset_id=refs["picture"], caption="Mill Lane")),
        model.Embed(provider="youtube", url="https://www.youtube.com/watch?v=x"),
        model.RelatedLink(label="READ", article_id=first.id),
        model.ListBlock(items=((model.Inline("Sandbags"),), (model.Inline("Boots"),))),
    )
    for slug, section in (("bridge-reopens", "news"), ("summit-ends", "world")):
        await factories.story(
            api.store, slug=slug, section=section, author_ids=(author,), body=body
        )
    await factories.story(api.store, slug="draft-only", author_ids=(author,), published_at=None)
    return api


@pytest.fixture
async def editor_token(seeded: Api) -> str:
    return await newsroom.user(seeded, model.Role.EDITOR)


def _describe(request: Any, response: httpx.Response) -> str:
    return f"request {request!r}\nanswered {response.status_code}: {response.text[:2000]}"


# What HTTP/1.1 allows in a header value; h11 (under uvicorn) refuses anything else and drops
# the connection without an answer, which ASGITransport would not show.
FIELD_VALUE = re.compile(rb"[\t\x20-\x7e\x80-\xff]*")


def assert_handled(request: Any, response: httpx.Response, *, json_body: bool = True) -> Any:
    """No 5xx, no unmasked or unexpected error, headers a real server can send; the JSON body
    (when ``json_body``)."""
    about = _describe(request, response)
    assert response.status_code < 500, about
    assert not LEAKS.search(response.text), about
    for name, value in response.headers.raw:
        assert FIELD_VALUE.fullmatch(value), f"header {name!r}: {value!r}\n{about}"
    if not json_body:
        return None
    body = response.json()
    assert isinstance(body, dict), about
    for error in body.get("errors") or ():
        code = (error.get("extensions") or {}).get("code")
        assert isinstance(code, str), about
        assert code, about
        assert code != "INTERNAL_SERVER_ERROR", about
    return body


def _bearer(token: str | None) -> dict[str, str]:
    return {} if token is None else {"authorization": f"Bearer {token}"}


async def _send_generated(
    api: Api, path: str, payload: dict[str, Any], *, token: str | None = None, get: bool = False
) -> None:
    """Send one generated request on the app's own client, which re-raises what escapes the
    app (so a 500 fails with its traceback, and shrinks to the smallest document that does
    it), and check the answer."""
    headers = _bearer(token)
    if get:
        response = await api.client.get(path, params=payload, headers=headers)
    else:
        response = await api.client.post(path, json=payload, headers=headers)
    assert_handled(payload, response)


# --- Generated documents -------------------------------------------------------------------------


@hypothesis.settings(GENERATED, max_examples=150)
@given(document=DELIVERY_DOCUMENTS, over_get=st.booleans())
async def test_generated_delivery_queries_never_break_the_server(
    seeded: Api, document: str, over_get: bool
) -> None:
    await _send_generated(seeded, "/graphql", {"query": document}, get=over_get)


@hypothesis.settings(GENERATED, max_examples=80)
@given(document=MANAGEMENT_DOCUMENTS)
async def test_generated_management_operations_without_a_token_never_break_the_server(
    seeded: Api, document: str
) -> None:
    await _send_generated(seeded, "/admin/graphql", {"query": document})


@hypothesis.settings(GENERATED, max_examples=80)
@given(document=EDITOR_DOCUMENTS)
async def test_generated_management_operations_as_an_editor_never_break_the_server(
    seeded: Api, editor_token: str, document: str
) -> None:
    await _send_generated(seeded, "/admin/graphql", {"query": document}, token=editor_token)


# --- Generated variables -------------------------------------------------------------------------


@hypothesis.settings(GENERATED, max_examples=80)
@given(payload=DELIVERY_PAYLOADS)
async def test_generated_delivery_variables_never_break_the_server(
    seeded: Api, payload: dict[str, Any]
) -> None:
    await _send_generated(seeded, "/graphql", payload)


@hypothesis.settings(GENERATED, max_examples=80)
@given(payload=EDITOR_PAYLOADS)
async def test_generated_management_variables_as_an_editor_never_break_the_server(
    seeded: Api, editor_token: str, payload: dict[str, Any]
) -> None:
    await _send_generated(seeded, "/admin/graphql", payload, token=editor_token)


# Cache tags carry the slug a client asked for into Surrogate-Key and Cache-Tag: outside Latin-1
# Starlette cannot encode the header (a 500); with CR, LF or another control character h11
# under uvicorn refuses it and drops the connection with no answer.
@pytest.mark.parametrize("slug", ["g\ufbea", "a\r\nX-Injected: 1", "bell\x07"])
async def test_a_slug_that_cannot_be_a_header_value(
    seeded: Api, http: httpx.AsyncClient, slug: str
) -> None:
    for document in (
        "query($s: String!) { author(slug: $s) { name } }",
        "query($s: String!) { article(slug: $s) { slug } }",
        "query($s: String!) { section(slug: $s) { name } }",
        "query($s: String) { articles(tag: $s) { edges { cursor } } }",
    ):
        payload = {"query": document, "variables": {"s": slug}}
        assert_handled(payload, await http.post("/graphql", json=payload))


# --- Malformed requests --------------------------------------------------------------------------

JSON_TYPE = {"content-type": "application/json"}
SECTIONS = {"query": "{ sections { slug } }"}


def _raw(body: bytes, content_type: str = "application/json") -> dict[str, Any]:
    return {"content": body, "headers": {"content-type": content_type}}


def _nested(depth: int) -> bytes:
    """A variables object nested ``depth`` arrays deep, still well under the body limits."""
    query = b'"query": "query($s: String) { article(slug: $s) { slug } }"'
    return b"{" + query + b', "variables": {"s": ' + b"[" * depth + b"]" * depth + b"}}"


BOTH = ("/graphql", "/admin/graphql")

# (name, request keyword arguments), each sent to both endpoints. The cases marked "was a 500"
# broke an endpoint when this file was written; they stay as regression cases.
MALFORMED: list[tuple[str, dict[str, Any]]] = [
    ("malformed JSON", _raw(b'{"query": ')),
    ("empty body", _raw(b"")),
    ("a null body", _raw(b"null")),  # was a 500 on /admin/graphql
    ("a JSON string as the body", _raw(b'"{ sections { slug } }"')),  # was a 500 on /admin
    ("a JSON number as the body", _raw(b"42")),  # was a 500 on /admin/graphql
    ("a JSON array of operations", _raw(b'[{"query": "{ sections { slug } }"}]')),
    ("an empty JSON array", _raw(b"[]")),
    # was a 500 on /admin/graphql (UnicodeDecodeError), like the next one
    ("invalid UTF-8 after a UTF-16 byte order mark", _raw(b'\xff\xfe\x00{"query"')),
    (
        "invalid UTF-8 inside a JSON string",
        _raw(b'{"query": "{ sections { slug } }", "variables": {"s": "\xff\xfe"}}'),
    ),
    ("text/plain", _raw(b'{"query": "{ sections { slug } }"}', "text/plain")),
    (
        "form-encoded",
        _raw(b"query=%7B+sections+%7B+slug+%7D+%7D", "application/x-www-form-urlencoded"),
    ),
    ("no content type", _raw(b'{"query": "{ sections { slug } }"}', "")),
    ("multipart", {"files": {"operations": (None, json.dumps(SECTIONS)), "map": (None, "{}")}}),
    # was a 500 on both (RecursionError from json.loads)
    ("variables nested 20,000 arrays deep", _raw(_nested(20_000))),
    ("variables as a string", {"json": {**SECTIONS, "variables": "{}"}}),
    ("variables as a non-empty array", {"json": {**SECTIONS, "variables": [1]}}),
    ("query as a number", {"json": {"query": 42}}),
    ("query as an object", {"json": {"query": {"sections": "slug"}}}),
    ("no query at all", {"json": {"variables": {}}}),
    ("operationName as a number", {"json": {**SECTIONS, "operationName": 7}}),
    # was a 500 on /graphql (CannotGetOperationTypeError), like the next one
    (
        "an unknown operationName",
        {"json": {"query": "query Front { sections { slug } }", "operationName": "Back"}},
    ),
    ("a document with only a fragment", {"json": {"query": "fragment F on Section { slug }"}}),
    ("unparseable document", {"json": {"query": "{ sections { slug "}}),
    ("a 10k-character field name", {"json": {"query": "{ " + "x" * 10_000 + " }"}}),
    (
        "two anonymous operations",
        {"json": {"query": "{ sections { slug } } { sections { slug } }"}},
    ),
    # was a 500 on /graphql (UnicodeEncodeError hashing the document)
    (
        "a lone surrogate escaped in the document",
        _raw(b'{"query": "{ article(slug: \\"\\ud800\\") { slug } }"}'),
    ),
]


def _assert_refused(path: str, request: Any, response: httpx.Response) -> None:
    """A 4xx, or a 200 whose body carries errors. Both endpoints answer every refusal as
    GraphQL-shaped JSON with a code (strawberry's own refusals on /admin/graphql included)."""
    body = assert_handled(request, response)
    if response.status_code == 200:
        assert body.get("errors"), _describe(request, response)
    else:
        assert 400 <= response.status_code < 500, _describe(request, response)


@pytest.mark.parametrize("path", BOTH)
async def test_malformed_requests_are_client_errors(http: httpx.AsyncClient, path: str) -> None:
    """Every case in one app (starting one per case costs more than the cases); each failure
    is reported with its name and request."""
    failures = []
    for name, request in MALFORMED:
        response = await http.post(path, **request)
        try:
            _assert_refused(path, request, response)
        except AssertionError as error:
            failures.append(f"{name}: {error}")
    assert not failures, "\n\n".join(failures)


async def test_the_delivery_endpoint_names_each_refusal(http: httpx.AsyncClient) -> None:
    answers = {
        "BAD_REQUEST": await http.post("/graphql", **_raw(b"{")),
        "UNSUPPORTED_MEDIA": await http.post("/graphql", **_raw(b"{}", "text/plain")),
        "REQUEST_TOO_LARGE": await http.post("/graphql", **_raw(b" " * 300_000)),
        "GRAPHQL_PARSE_FAILED": await http.post("/graphql", json={"query": "{"}),
        "GRAPHQL_VALIDATION_FAILED": await http.post("/graphql", json={"query": "{ nope }"}),
    }
    for code, response in answers.items():
        body = assert_handled(code, response)
        assert body["errors"][0]["extensions"]["code"] == code, response.text


# --- Huge values ---------------------------------------------------------------------------------

WIDTH = "query($w: Int) { articles { edges { node { leadMedia { url(width: $w) } } } } }"
FIRST = "query($n: Int) { articles(first: $n) { edges { cursor } } }"


def _raw_variable(document: str, literal: bytes) -> bytes:
    """A body whose variable ``w`` is written as-is: NaN and Infinity are not JSON, but
    Python's parser takes them."""
    return json.dumps({"query": document}).encode()[:-1] + b', "variables": {"w": %s}}' % literal


BAD = {"BAD_USER_INPUT"}
# (request body, the codes that may answer it)
NUMBERS: list[tuple[Any, set[str]]] = [
    ({"query": WIDTH, "variables": {"w": 2**70}}, BAD),
    ({"query": WIDTH, "variables": {"w": -(2**70)}}, BAD),
    ({"query": WIDTH, "variables": {"w": 2**31}}, BAD),
    ({"query": WIDTH, "variables": {"w": 2.5}}, BAD),
    ({"query": WIDTH, "variables": {"w": 1e308}}, BAD),
    ({"query": WIDTH, "variables": {"w": "800"}}, BAD),
    ({"query": WIDTH, "variables": {"w": True}}, BAD),
    (_raw_variable(WIDTH, b"NaN"), BAD),
    (_raw_variable(WIDTH, b"Infinity"), BAD),
    (_raw_variable(WIDTH, b"-Infinity"), BAD),
    # Past Python's 4,300-digit limit the body is not JSON it will read: a 400.
    (_raw_variable(WIDTH, b"1" * 5000), {"BAD_REQUEST"}),
    (
        {"query": f"{{ articles(first: {2**70}) {{ edges {{ cursor }} }} }}"},
        {"GRAPHQL_VALIDATION_FAILED"},
    ),
    ({"query": "{ articles(first: 1e308) { edges { cursor } } }"}, {"GRAPHQL_VALIDATION_FAILED"}),
    # The cost limit reads ``first`` before the variable is coerced: either refusal is fine.
    ({"query": FIRST, "variables": {"n": 2**70}}, {"BAD_USER_INPUT", "QUERY_TOO_COMPLEX"}),
    ({"query": FIRST, "variables": {"n": -1}}, BAD),
    ({"query": FIRST, "variables": {"n": 101}}, BAD),
]


async def test_huge_and_wrong_numbers_for_int_arguments(
    seeded: Api, http: httpx.AsyncClient
) -> None:
    for body, codes in NUMBERS:
        sent = (
            {"content": body, "headers": JSON_TYPE} if isinstance(body, bytes) else {"json": body}
        )
        answer = assert_handled(body, await http.post("/graphql", **sent))
        found = {e["extensions"]["code"] for e in answer.get("errors", ())}
        assert found, answer
        assert found <= codes, (body, answer)


async def test_a_10_mb_string_variable(
    seeded: Api, http: httpx.AsyncClient, editor_token: str
) -> None:
    huge = "x" * 10_000_000
    slug = {"query": "query($s: String!) { article(slug: $s) { slug } }", "variables": {"s": huge}}
    login = {
        "query": "mutation($s: String!) { login(email: $s, password: $s) { token } }",
        "variables": {"s": huge},
    }
    for path, payload in (("/graphql", slug), ("/admin/graphql", login)):
        response = await http.post(path, json=payload, headers=_bearer(editor_token))
        body = assert_handled(f"10 MB on {path}", response)
        assert response.status_code == 413, response.text
        assert [e["extensions"]["code"] for e in body["errors"]] == ["REQUEST_TOO_LARGE"]


# A lone surrogate (the JSON escape \ud800) once reached pymongo, which cannot encode it: a
# masked INTERNAL_SERVER_ERROR on both endpoints.
@pytest.mark.parametrize(
    ("path", "document"),
    [
        ("/graphql", "query($s: String!) { article(slug: $s) { slug } }"),
        ("/admin/graphql", "mutation($s: String!) { login(email: $s, password: $s) { token } }"),
    ],
)
async def test_a_lone_surrogate_in_a_variable(
    seeded: Api, http: httpx.AsyncClient, path: str, document: str
) -> None:
    body = json.dumps({"query": document}).encode()[:-1] + b', "variables": {"s": "\\ud800"}}'
    answer = assert_handled(body, await http.post(path, **_raw(body)))
    assert answer["errors"], answer


# --- Invalid ids ---------------------------------------------------------------------------------

GARBAGE_IDS = ["garbage", "a" * 10_000, "507f1f77bcf86cd79943901\x00", "{$ne: null}", ""]


@pytest.mark.parametrize("endpoint", ["delivery", "management"])
async def test_an_absent_id_is_null_and_a_malformed_one_bad_user_input(
    seeded: Api, http: httpx.AsyncClient, editor_token: str, endpoint: str
) -> None:
    if endpoint == "delivery":
        path, headers, document = "/graphql", {}, "query($id: ID!) { media(id: $id) { id } }"
    else:
        path, headers = "/admin/graphql", _bearer(editor_token)
        document = "query($id: ID!) { article(id: $id) { id } }"

    async def ask(value: Any) -> Any:
        payload = {"query": document, "variables": {"id": value}}
        return assert_handled(payload, await http.post(path, json=payload, headers=headers))

    absent = await ask(ABSENT_ID)
    assert "errors" not in absent, absent
    assert next(iter(absent["data"].values())) is None
    for value in [*GARBAGE_IDS, 2**70]:
        answer = await ask(value)
        assert [e["extensions"]["code"] for e in answer["errors"]] == ["BAD_USER_INPUT"], answer


async def test_a_mutation_on_an_invalid_id(
    seeded: Api, http: httpx.AsyncClient, editor_token: str
) -> None:
    for article_id, code in [
        (ABSENT_ID, "NOT_FOUND"),
        ("garbage", "BAD_USER_INPUT"),
        ("f" * 10_000, "BAD_USER_INPUT"),
    ]:
        payload = {
            "query": newsroom.UPDATE,
            "variables": {"id": article_id, "v": 1, "input": {"headline": "Nothing to see"}},
        }
        response = await http.post("/admin/graphql", json=payload, headers=_bearer(editor_token))
        answer = assert_handled(payload, response)
        assert [e["extensions"]["code"] for e in answer["errors"]] == [code], answer


# --- Operations where they do not belong ---------------------------------------------------------


async def test_a_mutation_over_get_on_the_management_endpoint_is_refused(
    http: httpx.AsyncClient, editor_token: str
) -> None:
    response = await http.get(
        "/admin/graphql", params={"query": "mutation { logout }"}, headers=_bearer(editor_token)
    )
    assert_handled("GET mutation", response, json_body=False)
    assert 400 <= response.status_code < 500, response.text
    # ... and the session it would have ended still works.
    me = await http.post(
        "/admin/graphql", json={"query": "{ me { id } }"}, headers=_bearer(editor_token)
    )
    assert "errors" not in me.json(), me.text


# These were 500s: schema.execute raised InvalidOperationTypeError, uncaught.
@pytest.mark.parametrize(
    ("method", "document"),
    [
        ("GET", 'mutation { login(email: "a@b.c", password: "x") { token } }'),
        ("POST", 'mutation { login(email: "a@b.c", password: "x") { token } }'),
        ("POST", "subscription { sections { slug } }"),
    ],
)
async def test_a_mutation_or_subscription_on_the_delivery_endpoint_is_refused(
    http: httpx.AsyncClient, method: str, document: str
) -> None:
    if method == "GET":
        response = await http.get("/graphql", params={"query": document})
    else:
        response = await http.post("/graphql", json={"query": document})
    body = assert_handled(document, response)
    assert body["errors"], body


async def test_an_unknown_operation_name_on_the_management_endpoint(
    http: httpx.AsyncClient,
) -> None:
    payload = {"query": "query Front { me { id } }", "operationName": "Back"}
    response = await http.post("/admin/graphql", json=payload)
    assert_handled(payload, response, json_body=False)
    assert response.status_code == 400, response.text


async def test_methods_other_than_get_and_post(http: httpx.AsyncClient) -> None:
    for path in BOTH:
        for method in ("PUT", "DELETE", "PATCH"):
            response = await http.request(method, path, json=SECTIONS)
            assert response.status_code == 405, (path, method, response.text)


# --- The database gone ---------------------------------------------------------------------------


async def test_an_editor_request_while_the_database_is_down(
    settings: Settings, clock: Clock
) -> None:
    server = EmbeddedDatabase(MEMORY)
    server.start()
    local = settings.model_copy(update={"mongodb_uri": server.uri, "db_timeout_ms": 300})
    store = open_store(server.uri, local.database, timeout_ms=300)
    try:
        async with running_app(local, store, clock) as api, _as_a_server_answers(api) as http:
            token = await newsroom.user(api, model.Role.EDITOR)
            server.stop()
            me = {"query": "{ me { id } }"}
            response = await http.post("/admin/graphql", json=me, headers=_bearer(token))
        body = assert_handled(me, response)
        assert [e["extensions"]["code"] for e in body["errors"]] == ["SERVICE_UNAVAILABLE"]
    finally:
        await store.close()
        server.stop()
