"""The error vocabulary: every failure a client may see, each with one stable code.

``ErrorCode`` lists every ``extensions.code`` the server answers, on GraphQL and on plain HTTP
routes alike, and ``error_body`` builds every error answer from one. Domain and store code
raise ``CmsError`` subclasses; ``cms.api.errors`` turns them into GraphQL errors, and the HTTP
layer answers its own refusals (rate limits, CSRF, unusable requests) with the same shape.
Clients switch on ``extensions.code``, never on the message.

    CmsError
    ├── Unauthenticated     UNAUTHENTICATED     no valid token (or a failed login)
    ├── Forbidden           FORBIDDEN           the caller's role may not do this
    ├── BadUserInput        BAD_USER_INPUT      an argument or input is malformed or out of range
    │   ├── PublishBlocked  BAD_USER_INPUT      a story is not ready to go live (every field listed)
    │   └── QueryTooComplex QUERY_TOO_COMPLEX   the query's estimated cost is above the limit
    ├── NotFound            NOT_FOUND           the thing named does not exist (or is not visible)
    ├── Conflict            CONFLICT            it changed since the version the caller held
    ├── InvalidTransition   INVALID_TRANSITION  the workflow does not allow this step from here
    ├── LeaseHeld           LEASE_HELD          another editor holds the edit lease
    ├── TakenDown           TAKEN_DOWN          the story was taken down and must stay down
    ├── RateLimited         RATE_LIMITED        too many requests from this client; retryAfter
    ├── CsrfCheckFailed     CSRF_CHECK_FAILED   a cookie-signed request without the desk's header
    ├── TooManySubscriptions TOO_MANY_SUBSCRIPTIONS  past a connection's or a client's limit
    ├── SubscriberTooSlow   SUBSCRIBER_TOO_SLOW a subscriber fell too far behind and was dropped
    ├── DatabaseUnavailable SERVICE_UNAVAILABLE the database did not answer in time
    └── StorageUnavailable  SERVICE_UNAVAILABLE the media object store did not answer in time

The other codes are answered where they arise, without an exception of their own: GraphQL's
parse, validation and variable errors (``cms.api.errors``), an unusable HTTP request
(``BAD_REQUEST`` and its kin, before any GraphQL runs), the file routes' ``GONE`` and
``INVALID_RENDITION``, and ``INTERNAL_SERVER_ERROR`` for anything unexpected.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, ClassVar


class ErrorCode(StrEnum):
    """Every ``extensions.code`` a client can get; the README's error table lists each."""

    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    LEASE_HELD = "LEASE_HELD"
    TAKEN_DOWN = "TAKEN_DOWN"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    RATE_LIMITED = "RATE_LIMITED"
    BAD_REQUEST = "BAD_REQUEST"
    UNSUPPORTED_MEDIA = "UNSUPPORTED_MEDIA"
    REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"
    DOCUMENT_TOO_LARGE = "DOCUMENT_TOO_LARGE"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    PERSISTED_QUERY_NOT_ALLOWED = "PERSISTED_QUERY_NOT_ALLOWED"
    CSRF_CHECK_FAILED = "CSRF_CHECK_FAILED"
    TOO_MANY_SUBSCRIPTIONS = "TOO_MANY_SUBSCRIPTIONS"
    SUBSCRIBER_TOO_SLOW = "SUBSCRIBER_TOO_SLOW"
    GONE = "GONE"
    INVALID_RENDITION = "INVALID_RENDITION"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"


def error_entry(code: ErrorCode, message: str, **extensions: object) -> dict[str, Any]:
    """One error as a client reads it: the message, and ``extensions`` with the code."""
    return {"message": message, "extensions": {"code": code, **extensions}}


def error_body(code: ErrorCode, message: str, **extensions: object) -> dict[str, Any]:
    """The one shape of every error answer, GraphQL or plain HTTP: ``{"errors": [...]}`` with
    the message and ``extensions.code``."""
    return {"errors": [error_entry(code, message, **extensions)]}


class CmsError(Exception):
    """A failure with a stable code that a client can act on."""

    code: ClassVar[ErrorCode] = ErrorCode.INTERNAL_SERVER_ERROR

    def __init__(self, message: str, **extensions: object) -> None:
        super().__init__(message)
        self.message = message
        self.extensions: Mapping[str, object] = extensions


class Unauthenticated(CmsError):
    """No valid token came with the request, or a login failed."""

    code = ErrorCode.UNAUTHENTICATED


class Forbidden(CmsError):
    """The caller is known but their role may not do this."""

    code = ErrorCode.FORBIDDEN


class BadUserInput(CmsError):
    """An argument or input value is malformed or out of range."""

    code = ErrorCode.BAD_USER_INPUT


class NotFound(CmsError):
    """The named object does not exist, or the caller may not see it."""

    code = ErrorCode.NOT_FOUND


class PublishBlocked(BadUserInput):
    """A story lacks what publication requires; ``fields`` names every problem at once."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        listed = "; ".join(f"{field}: {why}" for field, why in problems.items())
        super().__init__(f"The article cannot be published: {listed}.", fields=dict(problems))
        self.problems = dict(problems)


class QueryTooComplex(BadUserInput):
    """The query would resolve more fields than the limit allows (``cost``, ``maxCost``)."""

    code = ErrorCode.QUERY_TOO_COMPLEX


class Conflict(CmsError):
    """Someone changed the object since the version the caller held; nothing was written."""

    code = ErrorCode.CONFLICT


class InvalidTransition(CmsError):
    """The editorial workflow does not allow this step from the story's current status."""

    code = ErrorCode.INVALID_TRANSITION


class LeaseHeld(CmsError):
    """Another editor holds the edit lease on this story; take it over to save."""

    code = ErrorCode.LEASE_HELD


class TakenDown(CmsError):
    """The story was taken down (a legal kill); it is not an ordinary missing page."""

    code = ErrorCode.TAKEN_DOWN


class RateLimited(CmsError):
    """Too many requests from this client; ``retryAfter`` says when to try again."""

    code = ErrorCode.RATE_LIMITED


class CsrfCheckFailed(CmsError):
    """A request signed in by the desk's cookie alone lacks the header only the desk sends."""

    code = ErrorCode.CSRF_CHECK_FAILED


class TooManySubscriptions(CmsError):
    """A connection or a client asked for more live subscriptions than it may hold open."""

    code = ErrorCode.TOO_MANY_SUBSCRIPTIONS


class SubscriberTooSlow(CmsError):
    """A subscriber read its events too slowly; it was dropped so that others are not held."""

    code = ErrorCode.SUBSCRIBER_TOO_SLOW


class DatabaseUnavailable(CmsError):
    """The database did not answer in time; the request may be retried."""

    code = ErrorCode.SERVICE_UNAVAILABLE


class StorageUnavailable(CmsError):
    """The object store keeping media files did not answer in time; the request may be retried."""

    code = ErrorCode.SERVICE_UNAVAILABLE
