"""What a query selects below the field being resolved, so a resolver can read ahead.

A page of twenty stories whose bylines and lead pictures are read with the page resolves
those fields at once, instead of through forty small awaits of the same two batches.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from strawberry.types.nodes import SelectedField, Selection


def _fields(selections: Iterable[Selection]) -> Iterator[SelectedField]:
    """The fields of a selection set, looking through fragments."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        else:
            yield from _fields(selection.selections)


def selected(info: Any, *path: str) -> frozenset[str]:
    """The names of the fields selected at ``path`` below the current field.

    ``selected(info, "edges", "node")`` on a connection answers, say, ``{"slug", "authors"}``.
    ``@skip``/``@include`` are not evaluated: a field they leave out may be read ahead for
    nothing, never missed.
    """
    level = [
        child for field in _fields(info.selected_fields) for child in _fields(field.selections)
    ]
    for name in path:
        level = [
            child for field in level if field.name == name for child in _fields(field.selections)
        ]
    return frozenset(field.name for field in level)
