"""What a query selects below the field being resolved, so a resolver can read ahead.

A page of twenty stories whose bylines and lead pictures are read with the page resolves
those fields at once, instead of through forty small awaits of the same two batches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from cachetools import LRUCache
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
)


def fields_of(
    selection_sets: Iterable[SelectionSetNode | None],
    fragments: Mapping[str, FragmentDefinitionNode],
    *,
    applies: Callable[[str], bool] = lambda condition: True,
    seen: frozenset[str] = frozenset(),
) -> Iterator[FieldNode]:
    """The fields of these selection sets, looking through inline fragments and spreads.

    The one walk of a selection set, shared by read-ahead and the query limits. A fragment
    whose type condition ``applies`` refuses is left out with everything in it; a spread of a
    fragment not in ``fragments``, or inside itself (validation refuses such a cycle), is
    passed over.
    """
    for selection_set in selection_sets:
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                yield selection
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                if condition is None or applies(condition.name.value):
                    yield from fields_of(
                        [selection.selection_set], fragments, applies=applies, seen=seen
                    )
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is None or name in seen:
                    continue
                if applies(fragment.type_condition.name.value):
                    yield from fields_of(
                        [fragment.selection_set], fragments, applies=applies, seen=seen | {name}
                    )


# What ``selected`` answered, by the field's nodes (which it keeps, so that their ids are not
# reused while the answer is kept) and the path: a parsed document is kept and reused for
# every request of the same text, and what it selects never changes.
_SELECTED: LRUCache[tuple[tuple[int, ...], tuple[str, ...]], tuple[Any, frozenset[str]]] = LRUCache(
    4096
)


def selected(info: Any, *path: str) -> frozenset[str]:
    """The names of the fields selected at ``path`` below the current field.

    ``selected(info, "edges", "node")`` on a connection answers, say, ``{"slug", "authors"}``.
    It walks the document's nodes, only down ``path`` (strawberry's ``selected_fields`` would
    convert the whole subtree, arguments and all, on every request), once per parsed
    document. ``@skip``/``@include`` are not evaluated: a field they leave out may be read
    ahead for nothing, never missed.
    """
    raw = info._raw_info  # graphql-core's resolve info: the field's nodes and the fragments
    nodes = tuple(raw.field_nodes)
    key = (tuple(map(id, nodes)), path)
    known = _SELECTED.get(key)
    if known is not None:  # the same nodes: while kept here, no other object can take an id
        return known[1]
    fragments = raw.fragments
    level = list(fields_of((node.selection_set for node in nodes), fragments))
    for name in path:
        chosen = (field.selection_set for field in level if field.name.value == name)
        level = list(fields_of(chosen, fragments))
    names = frozenset(field.name.value for field in level)
    _SELECTED[key] = (nodes, names)
    return names
