"""Scalars as both schemas read and write them: ``DateTime`` is RFC 3339 text, always written in
UTC with ``Z`` (``2026-11-20T12:00:00Z``), and must be an instant the database can hold.

A reading with an offset is turned to UTC, so every comparison and every stored date is in one
zone; text without one is passed on as it is (where the zone matters, the domain asks for it).

strawberry's own ``DateTime`` takes any ISO 8601 text, including instants that exist only in
a far time zone (``0001-01-01T00:00+14:00`` is in year 0 in UTC, ``9999-12-31T23:00-14:00``
in year 10000): every stored date is UTC, so those failed deep in the driver, a masked
``INTERNAL_SERVER_ERROR``. Here they are refused as the variable or literal that does not fit
its type (``BAD_USER_INPUT``), before anything runs.
"""

from __future__ import annotations

from datetime import UTC, datetime

from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.schema.types.base_scalars import DateTimeDefinition
from strawberry.types.scalar import ScalarDefinition

RFC_3339 = "https://datatracker.ietf.org/doc/html/rfc3339"


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def _date_time(value: object) -> object:
    parsed = DateTimeDefinition.parse_value(value)  # type: ignore[misc]
    assert isinstance(parsed, datetime)
    try:
        utc = _utc(parsed).astimezone(UTC)
    except (OverflowError, ValueError):
        raise StrawberryInputCoercionError(
            f'Value cannot represent a DateTime: "{value}". It is out of range in UTC.'
        ) from None
    # Text without an offset stays as given: where the zone matters, the domain asks for one.
    return utc if parsed.tzinfo else parsed


def _rfc_3339(value: object) -> str:
    """The instant in UTC, with ``Z``: ``2026-11-20T12:00:00Z`` (fractions when it has them)."""
    if not isinstance(value, datetime):
        raise TypeError(f"DateTime cannot represent {value!r}")
    return _utc(value).isoformat().replace("+00:00", "Z")


DATE_TIME = ScalarDefinition(
    name=DateTimeDefinition.name,
    description="An instant, as RFC 3339 text: always written in UTC with Z "
    "(2026-11-20T12:00:00Z); read with any offset (Z, +02:00, -05:00).",
    specified_by_url=RFC_3339,
    serialize=_rfc_3339,
    parse_value=_date_time,
    parse_literal=None,
    origin=datetime,
)
