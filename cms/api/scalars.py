"""Scalars as both schemas read them: a ``DateTime`` must be an instant the database can hold.

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


def _date_time(value: object) -> object:
    parsed = DateTimeDefinition.parse_value(value)  # type: ignore[misc]
    assert isinstance(parsed, datetime)
    try:
        (parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)
    except (OverflowError, ValueError):
        raise StrawberryInputCoercionError(
            f'Value cannot represent a DateTime: "{value}". It is out of range in UTC.'
        ) from None
    return parsed


DATE_TIME = ScalarDefinition(
    name=DateTimeDefinition.name,
    description=DateTimeDefinition.description,
    specified_by_url=DateTimeDefinition.specified_by_url,
    serialize=DateTimeDefinition.serialize,
    parse_value=_date_time,
    parse_literal=None,
    origin=datetime,
)
