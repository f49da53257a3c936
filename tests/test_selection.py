"""What a query selects below a field, as read-ahead asks it: remembered per parsed document,
never confused between documents."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from graphql import FieldNode, OperationDefinitionNode, parse

from cms.api.selection import selected


def _info(document: str) -> Any:
    """What a resolver of the document's first root field is given (graphql-core's part)."""
    parsed = parse(document)
    operation = next(d for d in parsed.definitions if isinstance(d, OperationDefinitionNode))
    field = operation.selection_set.selections[0]
    assert isinstance(field, FieldNode)
    fragments = {d.name.value: d for d in parsed.definitions if hasattr(d, "type_condition")}
    raw = SimpleNamespace(field_nodes=[field], fragments=fragments)
    return SimpleNamespace(_raw_info=raw)


def _page(fields: str) -> str:
    return f"{{ articles {{ edges {{ node {{ {fields} }} }} }} }}"


def test_each_document_answers_its_own_selection_however_many_come_and_go() -> None:
    first = _info(_page("slug authors { name }"))
    assert selected(first, "edges", "node") == {"slug", "authors"}
    assert selected(first) == {"edges"}
    for n in range(300):  # documents parsed, asked and dropped, as a parser cache would
        fields = " ".join(["headline", "dek", "section { slug }"][: n % 3 + 1])
        info = _info(_page(fields) + f" fragment Unused{n} on Article {{ slug }}")
        assert selected(info, "edges", "node") == set(fields.replace("{ slug }", "").split())
        del info  # freed at once (a parsed document holds no cycles): its ids may be reused
    assert selected(first, "edges", "node") == {"slug", "authors"}
    spread = _info(
        "{ articles { edges { node { ...Teaser leadMedia { url } } } } } "
        "fragment Teaser on Article { headline authors { name } }"
    )
    assert selected(spread, "edges", "node") == {"headline", "authors", "leadMedia"}
