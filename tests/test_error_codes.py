"""One error vocabulary: ``ErrorCode`` is every code the server answers, the README's error
table lists exactly its members, and GraphQL's own errors get their codes by their type."""

from __future__ import annotations

import re
from pathlib import Path

from cms import errors
from cms.errors import CmsError, ErrorCode
from tests.conftest import Api

README = Path(__file__).resolve().parents[1] / "README.md"


def _codes_in_the_readme() -> set[str]:
    """The codes named in the first column of the table under "## Errors"."""
    section = README.read_text().split("\n## Errors\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {code for row in rows for code in re.findall(r"`([A-Z_]+)`", row.split("|")[1])}


def test_the_readme_error_table_lists_every_code_and_no_other() -> None:
    listed = _codes_in_the_readme()
    known = {code.value for code in ErrorCode}
    assert known - listed == set(), "codes the README's error table does not explain"
    assert listed - known == set(), "codes in the README that ErrorCode does not have"


def test_every_error_class_answers_with_a_member_of_the_enum() -> None:
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, CmsError)]
    assert len(classes) > 10
    for error_class in classes:
        assert isinstance(error_class.code, ErrorCode), error_class


ARTICLES = "query A($first: Int) { articles(first: $first) { edges { cursor } } }"


async def test_parse_validation_and_variable_errors_each_have_their_code(api: Api) -> None:
    """By the error's type, not its text: an unused or undeclared variable is the document's
    fault (its message begins "Variable '$", as a variable of the wrong value's does)."""
    cases = [
        ({"query": "{ article(slug: "}, ErrorCode.GRAPHQL_PARSE_FAILED),
        ({"query": '{ article(slug: "a") { nope } }'}, ErrorCode.GRAPHQL_VALIDATION_FAILED),
        ({"query": "query A($n: Int) { __typename }"}, ErrorCode.GRAPHQL_VALIDATION_FAILED),
        (
            {"query": "{ articles(first: $n) { edges { cursor } } }"},
            ErrorCode.GRAPHQL_VALIDATION_FAILED,
        ),
        ({"query": ARTICLES, "variables": {"first": "twenty"}}, ErrorCode.BAD_USER_INPUT),
    ]
    for request, code in cases:
        body = (await api.client.post("/graphql", json=request)).json()
        assert [e["extensions"]["code"] for e in body["errors"]] == [code], (request, body)
    fine = (await api.client.post("/graphql", json={"query": ARTICLES})).json()
    assert "errors" not in fine, fine
