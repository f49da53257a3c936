"""Query limits, checked before anything executes: depth, aliases, tokens and estimated cost.

A public GraphQL endpoint is an easy target: a query nested twenty deep, five hundred aliases
of one expensive field, or lists of lists of lists. Each limit is configurable and each
refusal is a clear error with a stable code, before a single resolver runs.

The cost of a query is estimated by ``cms.api.cost`` (the model is described there and in the
README): one per list item it may return, lists multiplied out.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from typing import Any

from cachetools import LRUCache
from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    Node,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    Visitor,
    get_operation_ast,
    visit,
)
from graphql.execution.values import get_variable_values
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from cms.api.cost import SIZE_ARGUMENTS, estimate_cost
from cms.api.selection import fields_of
from cms.config import QueryLimits
from cms.errors import QueryTooComplex

# How many documents each memo of this module remembers (the least recently used go first).
MEMO_ENTRIES = 2000


def _first_variables(selection_set: SelectionSetNode | None, into: set[str]) -> set[str]:
    """The variables any ``first`` argument in these selections takes its value from.

    Spreads are not followed: every fragment definition is looked through on its own."""
    for field in fields_of([selection_set], {}):
        for argument in field.arguments or ():
            if argument.name.value in SIZE_ARGUMENTS and isinstance(argument.value, VariableNode):
                into.add(argument.value.name.value)
        _first_variables(field.selection_set, into)
    return into


def coerced_variables(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Mapping[str, Any],
    operation_name: str | None,
) -> Mapping[str, Any] | None:
    """The variables as execution will see them: coerced to their types, with the operation's
    defaults for those not sent. None when they do not fit (execution refuses them) or there
    is no such operation."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return None
    values = get_variable_values(
        schema, operation.variable_definitions or (), dict(variables), max_errors=1
    )
    return None if isinstance(values, list) else values.coerced


class CostMemo:
    """Estimated costs by document and the values of its ``first`` variables, the only ones a
    cost depends on: a story page asked for a thousand slugs is estimated once."""

    def __init__(self) -> None:
        self._costs: LRUCache[Hashable, int] = LRUCache(MEMO_ENTRIES)
        self._names: LRUCache[str, tuple[str, ...]] = LRUCache(MEMO_ENTRIES)

    def cost(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        query: str,
        variables: Mapping[str, Any],
        operation_name: str | None,
    ) -> int:
        names = self._names.get(query)
        if names is None:
            found: set[str] = set()
            for definition in document.definitions:
                if isinstance(definition, OperationDefinitionNode | FragmentDefinitionNode):
                    _first_variables(definition.selection_set, found)
            names = self._names[query] = tuple(sorted(found))
        if names:
            # A default (`$n: Int = 100`) counts as if it had been sent.
            coerced = coerced_variables(schema, document, variables, operation_name)
            if coerced is None:
                return 0  # nothing will run
            variables = coerced
        try:
            key: Hashable = (query, operation_name, *((n, variables.get(n)) for n in names))
            known = self._costs.get(key)
        except TypeError:  # a list or object where a number belongs: validation refuses it
            return estimate_cost(schema, document, variables, operation_name)
        if known is None:
            known = self._costs[key] = estimate_cost(schema, document, variables, operation_name)
        return known


class CostLimiter(SchemaExtension):
    """Refuses a query whose estimated cost is above the limit, after validation, before
    execution."""

    def __init__(self, *, max_cost: int, memo: CostMemo | None = None) -> None:
        self.max_cost = max_cost
        self.memo = memo or CostMemo()

    def on_validate(self) -> Iterator[None]:
        yield
        context = self.execution_context
        if context.graphql_document is None or context.pre_execution_errors:
            return
        cost = self.memo.cost(
            context.schema._schema,
            context.graphql_document,
            context.query or "",
            context.variables or {},
            context.operation_name,
        )
        if cost > self.max_cost:
            raise QueryTooComplex(
                f"The query may return about {cost} list items; the limit is {self.max_cost}. "
                "Ask for fewer items (first) or fewer nested lists.",
                cost=cost,
                maxCost=self.max_cost,
            )


# Directives: a field or fragment needs two or three at most (@include, @skip); a document
# repeating them by the hundred only makes work (and one error per unknown one).
MAX_DIRECTIVES_PER_LOCATION = 3
MAX_DIRECTIVES = 50


def has_too_many_directives(document: DocumentNode) -> bool:
    """More than ``MAX_DIRECTIVES_PER_LOCATION`` on one node, or ``MAX_DIRECTIVES`` in all."""
    most = total = 0

    class Count(Visitor):
        def enter(self, node: Node, *args: Any) -> None:
            nonlocal most, total
            here = len(getattr(node, "directives", None) or ())
            most, total = max(most, here), total + here

    visit(document, Count())
    return most > MAX_DIRECTIVES_PER_LOCATION or total > MAX_DIRECTIVES


class DirectiveLimiter(SchemaExtension):
    """Refuses, with one error and before validation, a document that piles up directives
    (graphql-cop's "directive overloading": ten unknown ``@aa`` got ten errors). Each
    document text is counted once; use as a factory around one shared memo."""

    def __init__(self, memo: LRUCache[str, bool]) -> None:
        self.memo = memo

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document, query = context.graphql_document, context.query or ""
        if context.pre_execution_errors is None and document is not None:
            refused = self.memo.get(query)
            if refused is None:
                refused = self.memo[query] = has_too_many_directives(document)
            if refused:
                context.pre_execution_errors = [
                    GraphQLError(
                        f"The document has too many directives: at most "
                        f"{MAX_DIRECTIVES_PER_LOCATION} on one field or fragment and "
                        f"{MAX_DIRECTIVES} in all."
                    )
                ]
        yield


def extensions(limits: QueryLimits) -> list[Any]:
    """The schema extensions that enforce the limits, as factories (one per request).

    The depth and alias rules are built once: strawberry's limiters make a new rule class on
    every construction, and the validation cache keys on the rule classes, so building them
    per request would make every document a cache miss.
    """
    rules = [
        *QueryDepthLimiter(max_depth=limits.max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=limits.max_aliases).validation_rules,
    ]
    memo, directives = CostMemo(), LRUCache[str, bool](MEMO_ENTRIES)
    return [
        lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
        lambda: DirectiveLimiter(directives),
        lambda: AddValidationRules(rules),
        lambda: CostLimiter(max_cost=limits.max_cost, memo=memo),
    ]
