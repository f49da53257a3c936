"""Parsing and validation, once per document text: a page view repeats the same few queries.

strawberry's ``ValidationCache`` keys its cache on the parsed document, and hashing a
document walks every one of its nodes on every request (a fifth of a millisecond for a story
page); the text of the query is the same key, and a string's hash is computed once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cachetools import LRUCache
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document


class ValidationResults(LRUCache[tuple[str | None, tuple[Any, ...]], list[GraphQLError]]):
    """Validation errors (usually none) by document text and rules, for the latest 2,000."""

    def __init__(self, maxsize: int = 2000) -> None:
        super().__init__(maxsize)


class ValidatedOnce(SchemaExtension):
    """Validates each document text once per set of rules; use as a factory around one
    shared ``ValidationResults``."""

    def __init__(self, results: ValidationResults) -> None:
        self.results = results

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.pre_execution_errors is not None:  # refused before validation (a limit)
            yield
            return
        rules = tuple(context.validation_rules)
        key = (context.query, rules)
        errors = self.results.get(key)
        if errors is None:
            assert context.graphql_document is not None  # parsed, or we would not be here
            errors = validate_document(context.schema._schema, context.graphql_document, rules)
            self.results[key] = errors
        context.pre_execution_errors = errors
        yield
