"""The one place where exceptions become GraphQL errors.

Every error a client sees carries ``extensions.code`` from ``cms.errors.ErrorCode``: the
domain's ``CmsError`` codes, and GraphQL's own, told apart by the error's type: a document
that does not parse (graphql-core's ``GraphQLSyntaxError``: ``GRAPHQL_PARSE_FAILED``), a
variable that does not fit its type (``VariableRejected``, made where graphql-core coerces
variables: ``BAD_USER_INPUT``), and any other error of the request (validation and the
limits: ``GRAPHQL_VALIDATION_FAILED``). Anything unexpected is ``INTERNAL_SERVER_ERROR``:
its message is masked and its details go to the log once, under an error id the client
also receives.
"""

from __future__ import annotations

import logging
import re
import uuid
from datetime import datetime
from typing import Any

import strawberry
from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.name_converter import NameConverter
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types import ExecutionContext, ExecutionResult

from cms.api.scalars import DATE_TIME
from cms.errors import CmsError, ErrorCode, error_entry
from cms.logs import request_id

log = logging.getLogger("cms.api")


class VariableRejected(GraphQLError):
    """A variable's value does not fit its declared type: the caller's input, not the
    document, is at fault."""

    @classmethod
    def of(cls, error: GraphQLError) -> VariableRejected:
        return cls(
            error.message,
            error.nodes,
            error.source,
            error.positions,
            error.path,
            error.original_error,
            error.extensions,
        )


class _Executor(StrawberryGraphQLCoreExecutionContext):
    """strawberry's executor, whose refusals before execution (variables that do not coerce;
    the operation itself was found before it runs) are ``VariableRejected``, and whose
    subscription events each run with a fresh context when the context can make one (its
    ``renew``, given the event's payload): loaders cache for one event, never from one event
    to the next (though one event's subscribers may share them, as delivery's do)."""

    @classmethod
    def build(cls, *args: Any, **kwargs: Any) -> Any:
        built = super().build(*args, **kwargs)
        if isinstance(built, list):
            return [VariableRejected.of(error) for error in built]
        return built

    def build_per_event_executor(self, payload: Any) -> Any:
        executor = super().build_per_event_executor(payload)
        renew = getattr(self.context_value, "renew", None)
        if renew is not None:
            executor.context_value = renew(payload)
        return executor


def _as_cms_error(error: GraphQLError) -> CmsError | None:
    original = error.original_error
    return original if isinstance(original, CmsError) else None


def _is_graphql_error(error: GraphQLError) -> bool:
    """Parse, validation and variable errors: the request's fault, raised by graphql-core."""
    return (
        isinstance(error, VariableRejected)
        or error.original_error is None
        or isinstance(error.original_error, GraphQLError)
    )


def _graphql_code(error: GraphQLError) -> ErrorCode:
    if isinstance(error, GraphQLSyntaxError):
        return ErrorCode.GRAPHQL_PARSE_FAILED
    if isinstance(error, VariableRejected):
        return ErrorCode.BAD_USER_INPUT
    return ErrorCode.GRAPHQL_VALIDATION_FAILED


_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


def format_error(error: GraphQLError, *, suggestions: bool = True) -> dict[str, Any]:
    """The error as the client sees it: a stable code, and no internals. In production,
    ``suggestions`` is off: "Did you mean …?" would tell strangers the schema."""
    formatted: dict[str, Any] = dict(error.formatted)
    if not suggestions:
        formatted["message"] = _SUGGESTION.sub("", formatted["message"])
    known = _as_cms_error(error)
    if known is not None:
        formatted.update(error_entry(known.code, known.message, **known.extensions))
    elif _is_graphql_error(error):
        code = _graphql_code(error)
        formatted.update(error_entry(code, formatted["message"], **(error.extensions or {})))
    else:
        formatted.update(
            error_entry(
                ErrorCode.INTERNAL_SERVER_ERROR,
                "Unexpected error.",
                errorId=_error_id(error),
                requestId=request_id.get(),
            )
        )
    return formatted


def is_request_error(result: ExecutionResult) -> bool:
    """Nothing ran: the document did not parse or validate, a variable did not fit its type,
    or a limit refused it. Such errors carry no path (a resolver's error always does)."""
    errors = result.errors or []
    return result.data is None and bool(errors) and all(e.path is None for e in errors)


def response_body(result: ExecutionResult, *, suggestions: bool) -> dict[str, Any]:
    """The GraphQL response: no ``data`` entry when nothing ran (the GraphQL spec: "If an error
    was raised before execution begins, the data entry should not be present")."""
    body: dict[str, Any] = {} if is_request_error(result) else {"data": result.data}
    if result.errors:
        body["errors"] = [format_error(e, suggestions=suggestions) for e in result.errors]
    return body


def _error_id(error: GraphQLError) -> str:
    error_id: str | None = getattr(error, "cms_error_id", None)
    return error_id or uuid.uuid4().hex


class _ConvertedOnce(NameConverter):
    """Strawberry camel-cases every argument's name each time a resolver with arguments runs
    (twenty picture URLs on a section front, five arguments each); names never change."""

    def __init__(self) -> None:
        super().__init__()
        self._names: dict[str, str] = {}

    def apply_naming_config(self, name: str) -> str:
        converted = self._names.get(name)
        if converted is None:
            converted = self._names[name] = super().apply_naming_config(name)
        return converted


class Schema(strawberry.Schema):
    """A schema that logs only unexpected errors, each once, with the id the client receives.

    ``suggestions``: whether its error messages may say "Did you mean …?" (off in production).
    """

    def __init__(self, *args: Any, suggestions: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("config", StrawberryConfig(name_converter=_ConvertedOnce()))
        kwargs.setdefault("scalar_overrides", {datetime: DATE_TIME})
        kwargs.setdefault("execution_context_class", _Executor)
        super().__init__(*args, **kwargs)
        self.suggestions = suggestions

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            if _is_graphql_error(error) or _as_cms_error(error) is not None:
                continue
            error_id = uuid.uuid4().hex
            error.cms_error_id = error_id  # type: ignore[attr-defined]
            log.error(
                "unexpected error %s in %s",
                error_id,
                error.path,
                exc_info=error.original_error,
            )
