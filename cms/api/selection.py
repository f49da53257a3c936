"""What a query selects below the field being resolved, so a resolver can read ahead.

A page of twenty stories whose bylines and lead pictures are read with the page resolves
those fields at once, instead of through forty small awaits of the same two batches.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
)


def _fields(
    selection_sets: Iterable[SelectionSetNode | None],
    fragments: Mapping[str, FragmentDefinitionNode],
) -> Iterator[FieldNode]:
    """The fields of these selection sets, looking through inline fragments and spreads."""
    for selection_set in selection_sets:
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                yield selection
            elif isinstance(selection, FragmentSpreadNode):
                fragment = fragments.get(selection.name.value)
                if fragment is not None:
                    yield from _fields([fragment.selection_set], fragments)
            elif isinstance(selection, InlineFragmentNode):
                yield from _fields([selection.selection_set], fragments)


def selected(info: Any, *path: str) -> frozenset[str]:
    """The names of the fields selected at ``path`` below the current field.

    ``selected(info, "edges", "node")`` on a connection answers, say, ``{"slug", "authors"}``.
    It walks the document's nodes, only down ``path`` (strawberry's ``selected_fields`` would
    convert the whole subtree, arguments and all, on every request). ``@skip``/``@include``
    are not evaluated: a field they leave out may be read ahead for nothing, never missed.
    """
    raw = info._raw_info  # graphql-core's resolve info: the field's nodes and the fragments
    fragments = raw.fragments
    level = list(_fields((node.selection_set for node in raw.field_nodes), fragments))
    for name in path:
        chosen = (field.selection_set for field in level if field.name.value == name)
        level = list(_fields(chosen, fragments))
    return frozenset(field.name.value for field in level)
