"""The cost model: how much a query may make the server do, estimated before it runs.

What multiplies work is lists, so a query costs **one per list item it may return**, each
item with what it selects, plus one per root field (each is a read). A field that is not a
list (a story's section, a picture's focal point, a headline) costs nothing by itself, nor
does a list of plain values (a story's tags): neither can multiply anything, and the
document's size, which the depth, alias and token limits bound, bounds them.

- A list with ``first`` (or ``last``) counts that many items; a Relay connection's ``edges``
  and ``nodes``, and a front's ``articles``, are the items its ``first`` counted (the
  connection or the front itself is one value, whatever else it holds). Arguments are read
  from the variables as execution will coerce them (an operation's defaults included,
  ``null`` as not given).
- A list without a client bound counts its documented bound (``BOUNDS``), else
  ``DEFAULT_LIST_SIZE``: what a news page typically holds. The bounds bound the shape of a
  query, not the content (a longer story costs more to serve, whoever asks).
- A union or interface counts as its most expensive member, never the sum of them.
- A field built from what the page shows, though it is a plain value (a page's structured
  data), counts what it reads and builds (``COMPUTED``).
- A list built in memory from what the page read anyway (a picture's srcset as a list: URLs
  signed in memory; a page's own ads: the slot catalogue each process holds) counts a fixed
  amount, whatever it selects (``IN_MEMORY``): it reads nothing and multiplies no read.
- A story body counts ``BOUNDS["body"]`` blocks, each at the cost of its most expensive
  kind; what blocks hold in lists (inline runs, list items) and the stories related links
  show are counted for the whole body (``BODY_TOTALS``), not once per block.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    is_leaf_type,
)
from graphql.execution.values import get_variable_values

from cms.api.selection import fields_of

DEFAULT_LIST_SIZE = 20
# What the lists without a client bound count, by field name (the same field on the delivery
# and the editors' types): what a news page really holds, with room to spare.
BOUNDS: Mapping[str, int] = {
    "body": 25,  # blocks in a story
    "authors": 3,  # names in a byline (below a story; the editors' root list is a page)
    "bylines": 3,
    "corrections": 3,
    "socialLinks": 5,
    "sizes": 4,  # an ad slot's creative sizes
    "targeting": 8,  # an ad's key-values
    "sizeMapping": 4,  # an ad slot's browser sizes (desktop, tablet, phone, the rest)
    "sections": 50,  # every section of the site
    "children": 10,  # a section's subsections
    "ancestors": 4,  # a section's parents, up to the top
    "metaTags": 30,  # a story page's Open Graph and Twitter tags
    "tagList": 10,  # a story's tags
    "relatedArticles": 5,  # a story's related stories: its `first` when not given
}
# Plain values built from what the page reads anyway (its authors, pictures and sections, by
# the request's batched loaders): counted as two items, the reads and the building.
COMPUTED: Mapping[str, int] = {"structuredData": 2}
# Lists built in memory, without a read: what they count as a whole, items and all.
IN_MEMORY: Mapping[str, int] = {"sources": 1, "pageAds": 2}
# Where one field name means a shorter list on one type, by (type, field).
TYPE_BOUNDS: Mapping[tuple[str, str], int] = {
    ("SizeMapping", "sizes"): 2,  # the sizes one browser size asks for
}
# What a body's blocks hold, counted for the whole body rather than per block.
BODY_TOTALS: Mapping[str, int] = {
    "inlines": 100,  # runs of text (plain, bold, italic or linked) in all its text blocks
    "items": 12,  # items of all its lists
    "paragraphs": 10,  # paragraphs of all its block quotes
    "article": 5,  # stories its related links show
}
BODY = "body"
# The lists a field's ``first`` counts: a Relay connection's edges and nodes, a front's articles.
PAGE_ITEMS = frozenset({"edges", "nodes", "articles"})
SIZE_ARGUMENTS = ("first", "last")


_ROOTS = ("Query", "Mutation")


def list_bound(parent: GraphQLNamedType, name: str) -> int:
    """What a list field counts when the client gives no ``first``."""
    if name in BODY_TOTALS:
        return BODY_TOTALS[name]
    if (parent.name, name) in TYPE_BOUNDS:
        return TYPE_BOUNDS[parent.name, name]
    if name == "authors" and parent.name in _ROOTS:
        return DEFAULT_LIST_SIZE
    return BOUNDS.get(name, DEFAULT_LIST_SIZE)


def _unwrap(kind: Any) -> tuple[Any, bool]:
    is_list = False
    while isinstance(kind, GraphQLNonNull | GraphQLList):
        is_list = is_list or isinstance(kind, GraphQLList)
        kind = kind.of_type
    return kind, is_list


def _size(node: FieldNode, variables: Mapping[str, Any]) -> int | None:
    """The ``first`` (or ``last``) a field was given, if any."""
    for argument in node.arguments or ():
        if argument.name.value not in SIZE_ARGUMENTS:
            continue
        value = argument.value
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode):
            given = variables.get(value.name.value)
            if isinstance(given, int) and not isinstance(given, bool):
                return given
    return None


@dataclass(slots=True)
class _Body:
    """What the blocks of one body hold, per item of each body-wide list (the most any
    occurrence of it selects)."""

    per_item: dict[str, int] = field(default_factory=dict)

    def note(self, name: str, cost: int) -> None:
        self.per_item[name] = max(self.per_item.get(name, 0), cost)

    def total(self) -> int:
        return sum(BODY_TOTALS[name] * cost for name, cost in self.per_item.items())


class Estimate:
    """One operation's estimate; see the module's docstring for the rules."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
    ) -> None:
        self.schema, self.fragments, self.variables = schema, fragments, variables

    def root(self, selection_set: SelectionSetNode, root: GraphQLObjectType) -> int:
        fields = list(self._fields(selection_set, root))
        return sum(1 + self._field(node, root, paged=None, body=None) for node in fields)

    def selections(
        self,
        selection_set: SelectionSetNode | None,
        parent: Any,
        *,
        page: int | None,
        body: _Body | None,
    ) -> int:
        """What one value of ``parent`` costs with this selection: for an abstract type, its
        most expensive possible type. ``page`` is the ``first`` given to ``parent``'s field."""
        if isinstance(parent, GraphQLUnionType | GraphQLInterfaceType):
            members = self.schema.get_possible_types(parent)
            return max(
                (self.selections(selection_set, m, page=page, body=body) for m in members),
                default=0,
            )
        return sum(
            self._field(node, parent, paged=page, body=body)
            for node in self._fields(selection_set, parent)
        )

    def _fields(self, selection_set: SelectionSetNode | None, parent: Any) -> Iterator[FieldNode]:
        """The fields selected on a value of the object type ``parent``: fragments whose
        type condition it does not meet are left out."""
        return fields_of(
            [selection_set], self.fragments, applies=lambda name: self._applies(name, parent)
        )

    def _applies(self, condition: str, parent: Any) -> bool:
        target = self.schema.get_type(condition)
        if target is parent:
            return True
        if isinstance(target, GraphQLUnionType | GraphQLInterfaceType) and isinstance(
            parent, GraphQLObjectType
        ):
            return self.schema.is_sub_type(target, parent)
        return False

    def _field(self, node: FieldNode, parent: Any, *, paged: int | None, body: _Body | None) -> int:
        name = node.name.value
        definition: GraphQLField | None = getattr(parent, "fields", {}).get(name)
        if name.startswith("__") or definition is None:
            return 0  # introspection, bounded by the schema's own size; or not valid at all
        kind, is_list = _unwrap(definition.type)
        if is_leaf_type(kind):
            return COMPUTED.get(name, 0)
        if is_list and name == BODY:
            return self._body(node, kind)
        if is_list and name in IN_MEMORY:
            return IN_MEMORY[name]
        size = _size(node, self.variables)
        # A connection's (or a front's) ``first`` counts the items of its page, not itself.
        page = None if size is None or is_list else max(size, 0)
        children = self.selections(node.selection_set, kind, page=page, body=body)
        if body is not None and name in BODY_TOTALS:
            body.note(name, 1 + children)
            return 0
        if not is_list:
            return children
        if size is not None:  # a list the client bounded
            return max(size, 0) * (1 + children)
        if paged is not None and name in PAGE_ITEMS:
            return paged * (1 + children)  # the items of the page its parent's first counted
        return list_bound(parent, name) * (1 + children)

    def _body(self, node: FieldNode, kind: Any) -> int:
        """A story's blocks: each at its most expensive kind, the lists inside blocks for
        the whole body."""
        inside = _Body()
        per_block = self.selections(node.selection_set, kind, page=None, body=inside)
        return BOUNDS[BODY] * (1 + per_block) + inside.total()


def estimate_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Mapping[str, Any],
    operation_name: str | None,
) -> int:
    """What the operation may cost (see the module's docstring); 0 when there is no such
    operation."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        name = definition.name.value if definition.name else None
        if operation_name is None or name == operation_name:
            root = schema.get_root_type(definition.operation)
            if root is None:
                return 0
            estimate = Estimate(schema, fragments, _coerced(schema, definition, variables))
            return estimate.root(definition.selection_set, root)
    return 0


def _coerced(
    schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Mapping[str, Any]
) -> Mapping[str, Any]:
    """The variables as execution will see them (defaults for those not sent); as sent when
    they do not fit their types (execution refuses them anyway)."""
    values = get_variable_values(
        schema, operation.variable_definitions or (), dict(variables), max_errors=1
    )
    return variables if isinstance(values, list) else values.coerced


def cost_table(schema: GraphQLSchema) -> str:
    """What each list field of the schema counts, as the Markdown table the README shows
    (``cms schema costs`` prints it)."""
    rows = ["| field | counts, per value of the type it is on |", "| --- | --- |"]
    types = sorted(schema.type_map.values(), key=lambda t: t.name)
    for owner in types:
        if not isinstance(owner, GraphQLObjectType) or owner.name.startswith("__"):
            continue
        for name, definition in owner.fields.items():
            counted = _counted(owner, name, definition)
            if counted is not None:
                rows.append(f"| `{owner.name}.{name}` | {counted} |")
    return "\n".join(rows) + "\n"


def _counted(owner: GraphQLObjectType, name: str, definition: GraphQLField) -> str | None:
    kind, is_list = _unwrap(definition.type)
    if is_leaf_type(kind):
        return f"{COMPUTED[name]} (built from what the page shows)" if name in COMPUTED else None
    size = next((definition.args[a] for a in SIZE_ARGUMENTS if a in definition.args), None)
    if size is not None:
        given = " or `last`" if "last" in definition.args else ""
        default = size.default_value if isinstance(size.default_value, int) else DEFAULT_LIST_SIZE
        return f"`first`{given} items ({default} if not given)"
    if name in BODY_TOTALS and owner.name not in _ROOTS:
        return f"{BODY_TOTALS[name]} in a whole story body"
    if not is_list:
        return None
    if name == BODY:
        return f"{BOUNDS[BODY]} blocks, each at its most expensive kind"
    if name in IN_MEMORY:
        return f"{IN_MEMORY[name]} in all (built in memory, without a read)"
    if name in PAGE_ITEMS:
        return f"one per item the `first` above it counts ({list_bound(owner, name)} without)"
    return f"{list_bound(owner, name)} items"
