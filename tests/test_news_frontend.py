"""The typed news frontend under examples/news-frontend: each of its query documents runs
against the demo newsroom, answers in full, and costs at most a quarter of the cost limit.
(scripts/test also type-checks it with tsc against schema/delivery.graphql.)"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from graphql import (
    FragmentDefinitionNode,
    FragmentSpreadNode,
    Node,
    OperationDefinitionNode,
    Visitor,
    parse,
    print_ast,
    visit,
)

from cms.api.cost import estimate_cost
from cms.api.delivery import delivery_schema
from cms.config import QueryLimits
from cms.demo import content as demo_content
from cms.demo import load_demo
from cms.store.files import LocalMediaFiles
from tests.conftest import Api

QUERIES = Path(__file__).parent.parent / "examples" / "news-frontend" / "src" / "queries"
FRAGMENTS = (QUERIES / "fragments.graphql").read_text()
QUARTER = QueryLimits().max_cost // 4
STORY_TAG = "industrial-safety"
VARIABLES: dict[str, dict[str, Any]] = {
    "StoryPage": {"slug": demo_content.BREAKING_SLUG},
    "SectionFront": {"section": "news"},
    "AuthorPage": {"slug": str(demo_content.AUTHORS[0]["slug"])},
    "TagPage": {"tag": STORY_TAG},
}


def _spreads(node: Node) -> set[str]:
    names: set[str] = set()

    class Spreads(Visitor):
        def enter_fragment_spread(self, spread: FragmentSpreadNode, *_: object) -> None:
            names.add(spread.name.value)

    visit(node, Spreads())
    return names


def _with_fragments(operation: OperationDefinitionNode) -> str:
    """The operation and the fragments it spreads, each once: what the generated client sends."""
    fragments = {
        d.name.value: d
        for d in parse(FRAGMENTS).definitions
        if isinstance(d, FragmentDefinitionNode)
    }
    wanted, queue = set(), list(_spreads(operation))
    while queue:
        name = queue.pop()
        if name not in wanted:
            wanted.add(name)
            queue.extend(_spreads(fragments[name]))
    return "\n".join(print_ast(d) for d in [operation, *(fragments[n] for n in sorted(wanted))])


def _documents() -> dict[str, str]:
    """Each page's query document, by operation name."""
    found = {}
    for path in sorted(QUERIES.glob("*.graphql")):
        if path == QUERIES / "fragments.graphql":
            continue
        (operation,) = parse(path.read_text()).definitions
        assert isinstance(operation, OperationDefinitionNode)
        assert operation.name is not None
        found[operation.name.value] = _with_fragments(operation)
    return found


DOCUMENTS = _documents()


def test_the_frontend_asks_for_the_four_pages() -> None:
    assert set(DOCUMENTS) == set(VARIABLES)


@pytest.mark.parametrize("name", sorted(VARIABLES))
def test_each_page_costs_at_most_a_quarter_of_the_limit(name: str) -> None:
    schema = delivery_schema()._schema
    cost = estimate_cost(schema, parse(DOCUMENTS[name]), VARIABLES[name], None)
    assert 0 < cost <= QUARTER, f"{name} costs {cost}"


def _pictures(teasers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        t["leadMedia"]["asset"]["picture"]
        for t in teasers
        if t["leadMedia"] and t["leadMedia"]["asset"]["picture"]
    ]


async def test_each_page_answers_in_full_against_the_demo(api: Api) -> None:
    await load_demo(api.store, LocalMediaFiles(api.settings.media_dir), now=datetime.now(UTC))
    answers = {name: await api.gql(DOCUMENTS[name], VARIABLES[name]) for name in DOCUMENTS}

    story = answers["StoryPage"]["article"]
    assert story["body"]
    assert story["section"]["name"]
    assert story["leadMedia"]["asset"]["picture"]["jpeg"]
    assert story["pageAds"], "the story page carries its page ads"
    front = answers["SectionFront"]["front"]
    assert front["curatedCount"] <= len(front["articles"])
    assert front["articles"]
    assert [ad["position"] for ad in front["pageAds"]] == ["TOP", "RIGHT_RAIL"]
    assert front["pageAds"][0]["sizeMapping"]
    author = answers["AuthorPage"]["author"]
    assert author["articles"]["totalCount"] == len(author["articles"]["edges"]) > 0
    assert author["avatar"]["picture"]["placeholder"]["color"].startswith("#")
    tagged = [edge["node"] for edge in answers["TagPage"]["articles"]["edges"]]
    assert len(tagged) >= 2
    for picture in _pictures([front["articles"][0], *tagged]):
        assert picture["width"] > 0
        assert picture["avif"]
