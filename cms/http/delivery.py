"""GraphQL over HTTP for the delivery API: GET and POST, persisted queries, caching headers.

A response is served from the response cache when the same normalised document and variables
were answered before and nothing they were built from has changed since. Every successful
answer carries a weak ETag (an ``If-None-Match`` naming it, in a list or as ``*``, gets 304),
``Cache-Control`` for browsers and CDNs, and ``Surrogate-Key``/``Cache-Tag`` listing what it
was built from, so a CDN can purge exactly what a publish changed. Automatic persisted queries
(Apollo's protocol) keep GET URLs short; in allowlist mode only registered documents run.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import orjson
from cachetools import LRUCache
from graphql import GraphQLError, parse, print_ast
from starlette.requests import HTTPConnection, Request
from starlette.responses import HTMLResponse, Response
from strawberry.exceptions import MissingQueryError
from strawberry.http.ides import get_graphql_ide_html
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from cms.api import cache, cache_tags
from cms.api.context import DeliveryContext
from cms.api.errors import Schema, is_request_error, response_body
from cms.api.loaders import Catalogues
from cms.api.reader import DeliveryReader
from cms.config import Settings
from cms.errors import ErrorCode, error_body
from cms.http.conditional import none_match, weak_tag
from cms.store import Change, Store

log = logging.getLogger("cms.api")

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


class RequestError(Exception):
    """The HTTP request itself is unusable: answered with a 4xx before any GraphQL runs."""

    def __init__(self, status: int, message: str, code: ErrorCode = ErrorCode.BAD_REQUEST) -> None:
        super().__init__(message)
        self.status, self.message, self.code = status, message, code


@dataclass(frozen=True, slots=True)
class Operation:
    query: str
    variables: dict[str, Any]
    operation_name: str | None


class PersistedQueries:
    """Documents by their sha256, registered by clients (APQ) or loaded as an allowlist."""

    def __init__(self, *, max_entries: int = 5000) -> None:
        self._documents: LRUCache[str, str] = LRUCache(max_entries)

    def get(self, sha256: str) -> str | None:
        return self._documents.get(sha256)

    def add(self, query: str) -> str:
        digest = hashlib.sha256(query.encode()).hexdigest()
        self._documents[digest] = query
        return digest

    def __contains__(self, sha256: str) -> bool:
        return sha256 in self._documents


@dataclass
class DeliveryState:
    """What the delivery endpoint keeps between requests, and forgets when data changes."""

    settings: Settings
    store: Store
    catalogues: Catalogues
    responses: cache.ResponseCache | None
    persisted: PersistedQueries = field(default_factory=PersistedQueries)
    # Set once the change stream is open: from then on, no change can be missed.
    watching: asyncio.Event = field(default_factory=asyncio.Event)
    # What else forgets what a change made stale (the rendition cache).
    followers: list[Callable[[Change], None]] = field(default_factory=list)
    # What answers read: ``store`` itself, or the same with CMS_DELIVERY_READ_PREFERENCE
    # (the catalogues and the change stream stay on the primary: they are kept until the
    # next change, so must never be read behind it).
    reads: Store | None = None

    @classmethod
    def build(cls, settings: Settings, store: Store) -> DeliveryState:
        responses = (
            cache.ResponseCache(max_bytes=settings.response_cache_bytes)
            if settings.response_cache
            else None
        )
        state = cls(settings, store, Catalogues(store), responses)
        if settings.delivery_read_preference != "primary":
            state.reads = store.reading_from(
                settings.delivery_read_preference,
                max_staleness_seconds=settings.delivery_max_staleness_seconds,
            )
        for query in _allowlist(settings):
            state.persisted.add(query)
        return state

    def on_change(self, change: Change) -> None:
        """Any process's write, seen on the change stream: forget what it made stale here."""
        self._forget(change)

    def on_own_write(self, change: Change) -> None:
        """This process's write: its caches at once, without waiting for the change stream.
        (CDNs are purged through the outbox: see cms/server/dispatcher.py.)"""
        self._forget(change)

    def _forget(self, change: Change) -> set[str]:
        for follower in self.followers:
            follower(change)
        self.catalogues.forget(change.collection, change.id)
        tags = cache_tags.tags_for_change(change)
        if self.responses is not None:
            self.responses.invalidate(tags)
        return tags

    def on_reset(self) -> None:
        self.catalogues.forget()
        if self.responses is not None:
            self.responses.clear()
        self.watching.set()

    async def wait_until_watching(self, *, seconds: float) -> None:
        """Serve only once changes are followed (or after ``seconds``, with a warning)."""
        try:
            await asyncio.wait_for(self.watching.wait(), seconds)
        except TimeoutError:
            log.warning("the change stream is not open; caches may miss other processes' writes")

    async def follow_changes(self) -> None:
        await self.store.follow_changes(on_change=self.on_change, on_reset=self.on_reset)


def _allowlist(settings: Settings) -> list[str]:
    if settings.persisted_queries_file is None:
        return []
    documents = json.loads(settings.persisted_queries_file.read_text())
    return list(documents.values() if isinstance(documents, dict) else documents)


# --- Reading the request -------------------------------------------------------------------------


def _json_param(value: str | None, name: str) -> Any:
    if value is None or value == "":
        return None
    try:
        return json.loads(value)
    except ValueError:
        raise RequestError(400, f"{name} is not valid JSON.") from None


async def read_body(request: Request, *, limit: int) -> bytes:
    """The request body, read no further than ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int) -> RequestError:
    return RequestError(
        413, f"The request is larger than {limit} bytes.", ErrorCode.REQUEST_TOO_LARGE
    )


async def _params(request: Request, *, max_document_bytes: int) -> Mapping[str, Any]:
    if request.method == "GET":
        return _query_params(request)
    _check_content_type(request)
    return _body_params(await read_body(request, limit=2 * max_document_bytes))


def _query_params(request: Request) -> Mapping[str, Any]:
    query = request.query_params
    return {
        "query": query.get("query"),
        "variables": _json_param(query.get("variables"), "variables"),
        "operationName": query.get("operationName"),
        "extensions": _json_param(query.get("extensions"), "extensions"),
    }


def _check_content_type(request: Request) -> None:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != JSON:
        raise RequestError(
            415, "Send GraphQL requests as application/json.", ErrorCode.UNSUPPORTED_MEDIA
        )


def _body_params(raw: bytes) -> Mapping[str, Any]:
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise RequestError(400, "The request body is not valid JSON.") from None
    if isinstance(body, list):
        raise RequestError(400, "Batched requests are not supported; send one operation.")
    if not isinstance(body, dict):
        raise RequestError(400, "The request body must be a JSON object.")
    return body


def operation_of(request: Request, state: DeliveryState, body: bytes) -> Operation:
    """The operation a request asks for, its body already read (``b""`` for a GET), as the
    endpoint works it out. Raises ``RequestError``."""
    if request.method == "GET":
        params = _query_params(request)
    else:
        _check_content_type(request)
        params = _body_params(body)
    return _operation(params, state)


def check_text(*values: Any) -> None:
    """Refuse text that is not Unicode a database can store (a lone surrogate, say)."""
    stack: list[tuple[Any, int]] = [(v, 0) for v in values]
    while stack:
        value, depth = stack.pop()
        if depth > 64:
            raise RequestError(400, "The variables are nested too deeply.")
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise RequestError(
                    400, "The request holds text that is not valid Unicode."
                ) from None
        elif isinstance(value, dict):
            stack.extend((item, depth + 1) for pair in value.items() for item in pair)
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def check_parameters(params: Mapping[str, Any]) -> None:
    """GraphQL over HTTP: ``variables`` and ``extensions`` are objects (or null) and
    ``operationName`` a string (or null); anything else is the request's fault, a 400, never
    silently ignored."""
    for name, kind, what in (
        ("variables", dict, "an object"),
        ("extensions", dict, "an object"),
        ("operationName", str, "a string"),
    ):
        value = params.get(name)
        if value is not None and not isinstance(value, kind):
            raise RequestError(400, f"{name} must be {what} or null.")


def _operation(params: Mapping[str, Any], state: DeliveryState) -> Operation:
    check_parameters(params)
    query = params.get("query")
    variables = params.get("variables") or {}
    name = params.get("operationName")
    query = persisted_document(query, params.get("extensions"), state)
    check_text(query, variables)
    limit = state.settings.max_document_bytes
    if len(query.encode()) > limit:
        raise RequestError(
            413, f"The document is larger than {limit} bytes.", ErrorCode.DOCUMENT_TOO_LARGE
        )
    return Operation(query=query, variables=variables, operation_name=name)


def persisted_document(query: Any, extensions: Any, state: DeliveryState) -> str:
    """The document to run: sent as text, or by its hash (APQ); in allowlist mode, only a
    registered one. Raises ``RequestError``."""
    persisted = (extensions or {}).get("persistedQuery") if isinstance(extensions, dict) else None
    allowlist_only = state.settings.persisted_queries_only
    if persisted is None:
        if not isinstance(query, str) or not query.strip():
            raise RequestError(400, "A GraphQL request needs a query.")
        if allowlist_only and hashlib.sha256(query.encode()).hexdigest() not in state.persisted:
            raise RequestError(
                400, "Only registered documents run here.", ErrorCode.PERSISTED_QUERY_NOT_ALLOWED
            )
        return query
    digest = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
    if not isinstance(digest, str):
        raise RequestError(400, "persistedQuery needs a sha256Hash.")
    if query is None:
        known = state.persisted.get(digest)
        if known is None:
            raise RequestError(200, "PersistedQueryNotFound", ErrorCode.PERSISTED_QUERY_NOT_FOUND)
        return known
    if not isinstance(query, str) or hashlib.sha256(query.encode()).hexdigest() != digest:
        raise RequestError(400, "The query does not match its sha256Hash.")
    if allowlist_only and digest not in state.persisted:
        raise RequestError(
            400, "Only registered documents run here.", ErrorCode.PERSISTED_QUERY_NOT_ALLOWED
        )
    state.persisted.add(query)
    return query


# --- Answering -----------------------------------------------------------------------------------

_normalised: LRUCache[str, str] = LRUCache(2000)


def _normal_form(query: str) -> str:
    """The document as graphql-core prints it, so spacing and commas do not split the cache."""
    known = _normalised.get(query)
    if known is None:
        try:
            known = print_ast(parse(query))
        except GraphQLError:
            known = query
        _normalised[query] = known
    return known


def cache_key(operation: Operation) -> str:
    raw = json.dumps(
        ["delivery", _normal_form(operation.query), operation.variables, operation.operation_name],
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(raw.encode()).hexdigest()


# orjson writes an answer in a twentieth of the time json.dumps takes (a story page's answer
# cost it about a tenth of the request). As json.dumps did: whatever it cannot write natively
# (and dates and dataclasses, which it could) is written as str(); keys need not be strings.
_ANSWER_OPTIONS = (
    orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_NON_STR_KEYS
)


def encode_answer(payload: dict[str, Any]) -> bytes:
    """A GraphQL answer as the JSON bytes sent (compact, UTF-8)."""
    return orjson.dumps(payload, default=str, option=_ANSWER_OPTIONS)


def _etag(body: bytes) -> str:
    """Weak: compression gives one answer several byte sequences, all of them this content."""
    return weak_tag(hashlib.sha256(body).hexdigest()[:40])


def response_media_type(request: Request) -> str:
    return GRAPHQL_RESPONSE if GRAPHQL_RESPONSE in request.headers.get("accept", "") else JSON


def _headers(settings: Settings, entry: cache.Entry, *, hit: bool, now: datetime) -> dict[str, str]:
    return {
        "ETag": entry.etag,
        "Cache-Control": cache_control(settings, entry.fresh_until, now=now),
        "Surrogate-Key": entry.surrogate_key,
        "Cache-Tag": entry.cache_tag,
        "X-Cache": "HIT" if hit else "MISS",
        "Vary": "Accept, Accept-Encoding",
    }


def _bounded(fresh_until: datetime | None, settings: Settings, *, now: datetime) -> datetime | None:
    """When delivery may read a secondary, an answer read just after a change may predate it
    (the secondary had not applied it yet) and no later change would replace it: it is kept,
    here and downstream, no longer than the staleness allowed."""
    bound = settings.delivery_staleness_bound
    if bound is None:
        return fresh_until
    latest = now + timedelta(seconds=bound)
    return latest if fresh_until is None else min(fresh_until, latest)


def cache_control(settings: Settings, fresh_until: datetime | None, *, now: datetime) -> str:
    """How long browsers and CDNs may keep an answer: the configured times, cut short (stale
    serving too) when a picture it shows loses its rights sooner."""
    max_age, s_maxage = settings.cache_max_age, settings.cache_s_maxage
    stale = settings.cache_stale_while_revalidate
    if fresh_until is not None:
        left = max(0, int((fresh_until - now).total_seconds()))
        max_age, s_maxage = min(max_age, left), min(s_maxage, left)
        stale = min(stale, left - max(max_age, s_maxage))
    return f"public, max-age={max_age}, s-maxage={s_maxage}, stale-while-revalidate={stale}"


def _cached_response(request: Request, body: bytes, headers: dict[str, str]) -> Response:
    if none_match(request.headers.get("if-none-match"), headers["ETag"]):
        return Response(status_code=304, headers=headers)
    return Response(body, headers=headers, media_type=response_media_type(request))


def error_response(request: Request, error: RequestError) -> Response:
    return Response(
        json.dumps(error_body(error.code, error.message)).encode(),
        status_code=error.status,
        media_type=response_media_type(request),
        headers={"Cache-Control": "no-store"},
    )


class DeliveryEndpoint:
    """The public /graphql route."""

    def __init__(self, schema: Schema, *, graphiql: bool) -> None:
        self.schema = schema
        self.graphiql = graphiql

    async def handle(self, request: Request) -> Response:
        if request.method == "GET" and self._wants_ide(request):
            return HTMLResponse(get_graphql_ide_html("graphiql"))
        state: DeliveryState = request.state.delivery
        try:
            params = await _params(request, max_document_bytes=state.settings.max_document_bytes)
            operation = _operation(params, state)
        except RequestError as error:
            return error_response(request, error)
        responses = state.responses
        if responses is None:  # no cache: no key to look answers up or keep them under
            return await self._execute(request, state, operation, key=None, generation=-1)
        key = cache_key(operation)
        now = request.state.clock()
        # Only answers the reader left public were kept: a preview's key never finds one.
        entry = responses.get(key, now=now)
        if entry is not None:
            request.state.metrics.count_cache("hit")
            headers = _headers(state.settings, entry, hit=True, now=now)
            return _cached_response(request, entry.body, headers)
        request.state.metrics.count_cache("miss")
        generation = responses.generation
        return await self._execute(request, state, operation, key=key, generation=generation)

    def _wants_ide(self, request: Request) -> bool:
        accepts_html = "text/html" in request.headers.get("accept", "")
        return self.graphiql and accepts_html and "query" not in request.query_params

    async def _execute(
        self,
        request: Request,
        state: DeliveryState,
        operation: Operation,
        *,
        key: str | None,
        generation: int,
    ) -> Response:
        context = delivery_context(request, state)
        try:
            result = await self.schema.execute(
                operation.query,
                variable_values=operation.variables,
                context_value=context,
                operation_name=operation.operation_name,
                allowed_operation_types={OperationType.QUERY},
            )
        except InvalidOperationTypeError:
            error = RequestError(
                405, "The delivery API only answers queries.", ErrorCode.METHOD_NOT_ALLOWED
            )
            return error_response(request, error)
        except (CannotGetOperationTypeError, MissingQueryError):
            error = RequestError(400, "The document has no operation by that name.")
            return error_response(request, error)
        payload = response_body(result, suggestions=self.schema.suggestions)
        if result.errors:
            request.state.metrics.count_errors(
                [str(e["extensions"]["code"]) for e in payload["errors"]]
            )
        body = encode_answer(payload)
        tags = context.reader.tags
        if result.errors or tags.private:
            status, headers = _error_status(request, result, payload.get("errors", []))
            return Response(
                body,
                status_code=status,
                media_type=response_media_type(request),
                headers=headers,
            )
        now = request.state.clock()
        entry = cache.Entry.build(
            body,
            etag=_etag(body),
            tags=frozenset(tags.seen),
            fresh_until=_bounded(tags.fresh_until, state.settings, now=now),
        )
        if state.responses is not None and key is not None:
            state.responses.put(key, entry, generation=generation)
        headers = _headers(state.settings, entry, hit=False, now=now)
        return _cached_response(request, body, headers)


def _error_status(
    request: Request, result: ExecutionResult, errors: list[dict[str, Any]]
) -> tuple[int, dict[str, str]]:
    """503 when the database is gone (retry shortly); 400 for a request that could not run
    (with application/graphql-response+json); otherwise 200 with the errors."""
    headers = {"Cache-Control": "no-store"}
    if any(e["extensions"]["code"] == ErrorCode.SERVICE_UNAVAILABLE for e in errors):
        return 503, {**headers, "Retry-After": "1"}
    return request_status(request, result), headers


def request_status(request: Request, result: ExecutionResult) -> int:
    """GraphQL over HTTP: a request that could not run is a 400 for a client that accepts
    application/graphql-response+json, and a 200 for one that takes application/json."""
    if is_request_error(result) and response_media_type(request) == GRAPHQL_RESPONSE:
        return 400
    return 200


def delivery_context(request: HTTPConnection, state: DeliveryState) -> DeliveryContext:
    clock: Callable[[], datetime] = request.state.clock
    reader = DeliveryReader.for_request(
        state.reads or state.store,
        catalogues=state.catalogues,
        settings=state.settings,
        clock=clock,
    )
    return DeliveryContext(
        settings=state.settings,
        loaders=reader.loaders,
        clock=clock,
        reader=reader,
        links=reader.links,
    )
