"""The error vocabulary: every failure a client may see, each with one stable code.

Domain and store code raise these; ``cms.api.errors`` alone turns them into GraphQL errors.
Clients switch on ``extensions.code``, never on the message.

    CmsError
    ├── BadUserInput        BAD_USER_INPUT      an argument or input is malformed or out of range
    ├── NotFound            NOT_FOUND           the thing named does not exist (or is not visible)
    ├── PublishBlocked      BAD_USER_INPUT      a story is not ready to go live (every field listed)
    ├── Conflict            CONFLICT            it changed since the version the caller held
    └── DatabaseUnavailable SERVICE_UNAVAILABLE the database did not answer in time
"""

from __future__ import annotations

from collections.abc import Mapping


class CmsError(Exception):
    """A failure with a stable code that a client can act on."""

    code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str, **extensions: object) -> None:
        super().__init__(message)
        self.message = message
        self.extensions: Mapping[str, object] = extensions


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


class DatabaseUnavailable(CmsError):
    """The database did not answer in time; the request may be retried."""

    code = "SERVICE_UNAVAILABLE"
