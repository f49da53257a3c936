"""The error vocabulary: every failure a client may see, each with one stable code.

Domain and store code raise these; ``cms.api.errors`` alone turns them into GraphQL errors.
Clients switch on ``extensions.code``, never on the message.

    CmsError
    ├── Unauthenticated     UNAUTHENTICATED     no valid token (or a failed login)
    ├── Forbidden           FORBIDDEN           the caller's role may not do this
    ├── BadUserInput        BAD_USER_INPUT      an argument or input is malformed or out of range
    │   └── PublishBlocked  BAD_USER_INPUT      a story is not ready to go live (every field listed)
    ├── NotFound            NOT_FOUND           the thing named does not exist (or is not visible)
    ├── Conflict            CONFLICT            it changed since the version the caller held
    ├── InvalidTransition   INVALID_TRANSITION  the workflow does not allow this step from here
    ├── LeaseHeld           LEASE_HELD          another editor holds the edit lease
    ├── TakenDown           TAKEN_DOWN          the story was taken down and must stay down
    ├── RateLimited         RATE_LIMITED        too many requests from this client; retryAfter
    ├── CsrfCheckFailed     CSRF_CHECK_FAILED   a cookie-signed request without the desk's header
    └── DatabaseUnavailable SERVICE_UNAVAILABLE the database did not answer in time
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def error_body(code: str, message: str, **extensions: object) -> dict[str, Any]:
    """The one shape of every error answer, GraphQL or plain HTTP: ``{"errors": [...]}`` with
    the message and ``extensions.code``."""
    return {"errors": [{"message": message, "extensions": {"code": code, **extensions}}]}


class CmsError(Exception):
    """A failure with a stable code that a client can act on."""

    code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str, **extensions: object) -> None:
        super().__init__(message)
        self.message = message
        self.extensions: Mapping[str, object] = extensions


class Unauthenticated(CmsError):
    """No valid token came with the request, or a login failed."""

    code = "UNAUTHENTICATED"


class Forbidden(CmsError):
    """The caller is known but their role may not do this."""

    code = "FORBIDDEN"


class BadUserInput(CmsError):
    """An argument or input value is malformed or out of range."""

    code = "BAD_USER_INPUT"


class NotFound(CmsError):
    """The named object does not exist, or the caller may not see it."""

    code = "NOT_FOUND"


class PublishBlocked(BadUserInput):
    """A story lacks what publication requires; ``fields`` names every problem at once."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        listed = "; ".join(f"{field}: {why}" for field, why in problems.items())
        super().__init__(f"The article cannot be published: {listed}.", fields=dict(problems))
        self.problems = dict(problems)


class Conflict(CmsError):
    """Someone changed the object since the version the caller held; nothing was written."""

    code = "CONFLICT"


class InvalidTransition(CmsError):
    """The editorial workflow does not allow this step from the story's current status."""

    code = "INVALID_TRANSITION"


class LeaseHeld(CmsError):
    """Another editor holds the edit lease on this story; take it over to save."""

    code = "LEASE_HELD"


class TakenDown(CmsError):
    """The story was taken down (a legal kill); it is not an ordinary missing page."""

    code = "TAKEN_DOWN"


class RateLimited(CmsError):
    """Too many requests from this client; ``retryAfter`` says when to try again."""

    code = "RATE_LIMITED"


class CsrfCheckFailed(CmsError):
    """A request signed in by the desk's cookie alone lacks the header only the desk sends."""

    code = "CSRF_CHECK_FAILED"


class DatabaseUnavailable(CmsError):
    """The database did not answer in time; the request may be retried."""

    code = "SERVICE_UNAVAILABLE"
