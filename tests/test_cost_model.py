"""The cost model admits real pages: a story page with every field and a 50-story full-text
feed each cost under a quarter of the default limit, while multiplied lists are refused."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graphql import (
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLUnionType,
    build_schema,
    is_leaf_type,
    parse,
)

from cms.api import cost
from cms.api.cost import BODY_TOTALS, BOUNDS, estimate_cost
from cms.api.delivery import delivery_schema
from cms.config import QueryLimits
from cms.demo import content as demo_content
from cms.demo import load_demo
from cms.store.files import LocalMediaFiles
from tests.conftest import Api

SCHEMA = delivery_schema()._schema
QUARTER = QueryLimits().max_cost // 4
README = Path(__file__).parent.parent / "README.md"
# Lists of stories: a story page shows related stories, not an author's or a section's list.
STORY_LISTS = {"ArticleConnection"}


def _unwrap(kind: Any) -> Any:
    while isinstance(kind, GraphQLNonNull | GraphQLList):
        kind = kind.of_type
    return kind


def _every_field(kind: Any, path: tuple[str, ...]) -> str:
    """Every field of ``kind`` and below, one level into related stories: a related story
    shows its own fields but not its body or the stories it relates to, and a related section
    (a parent, a child, an ancestor) its own fields but not its relatives."""
    if isinstance(kind, GraphQLUnionType | GraphQLInterfaceType):
        members = sorted(SCHEMA.get_possible_types(kind), key=lambda t: t.name)
        inner = " ".join(f"... on {m.name} {{ {_every_field(m, path)} }}" for m in members)
        return f"__typename {inner}"
    assert isinstance(kind, GraphQLObjectType)
    related = path.count("Article") >= 1 and kind.name == "Article"
    parts = []
    for name, definition in kind.fields.items():
        target = _unwrap(definition.type)
        if is_leaf_type(target):
            parts.append(name)
            continue
        if target.name in STORY_LISTS or (related and name == "body"):
            continue
        if target.name == "Article" and related:
            continue
        if target.name == kind.name != "Article" and kind.name in path:
            continue
        parts.append(f"{name} {{ {_every_field(target, (*path, kind.name))} }}")
    return " ".join(parts)


STORY_PAGE = (
    "query StoryPage($slug: String!) { article(slug: $slug) { "
    + _every_field(SCHEMA.get_type("Article"), ("Query",))
    + " } }"
)

FEED = """
query Feed($first: Int = 50) {
  articles(first: $first) {
    edges {
      cursor
      node {
        id slug headline dek dateline tags publishedAt updatedAt
        section { slug name }
        authors { name slug }
        leadMedia { url caption credit altText width height }
        body {
          __typename
          ... on Paragraph { html }
          ... on Heading { text level }
          ... on BlockQuote { html attribution }
          ... on PullQuote { text attribution }
          ... on MediaBlock { url caption credit altText width height }
          ... on Embed { provider url html caption }
          ... on ListBlock { ordered items { html } }
          ... on RelatedLink { label text externalUrl article { slug headline } }
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def _cost(query: str, variables: dict[str, Any] | None = None) -> int:
    return estimate_cost(SCHEMA, parse(query), variables or {}, None)


def test_a_story_page_with_every_field_costs_under_a_quarter_of_the_limit() -> None:
    assert "RelatedLink { id label text externalUrl article {" in STORY_PAGE
    assert "relatedArticles { " in STORY_PAGE
    assert "paragraphs { " in STORY_PAGE
    assert "inlines {" in STORY_PAGE
    assert "items {" in STORY_PAGE
    assert 0 < _cost(STORY_PAGE, {"slug": "x"}) <= QUARTER


def test_a_fifty_story_full_text_feed_costs_under_a_quarter_of_the_limit() -> None:
    assert 50 * BOUNDS["body"] < _cost(FEED) <= QUARTER
    assert _cost(FEED, {"first": 10}) < _cost(FEED) / 4, "costs follow the variable"


def test_a_fronts_first_counts_its_stories_not_the_front() -> None:
    teasers = "articles { headline authors { name } }"
    assert _cost(f"{{ front(first: 20) {{ {teasers} }} }}") == 1 + 20 * (1 + 3)
    assert _cost(f"query F($n: Int = 5) {{ front(first: $n) {{ {teasers} }} }}") == 1 + 5 * 4
    assert _cost(f'{{ front(section: "news") {{ {teasers} }} }}') == 1 + 20 * 4, "its default"


async def test_both_run_against_the_demo_newsroom(api: Api) -> None:
    await load_demo(api.store, LocalMediaFiles(api.settings.media_dir), now=datetime.now(UTC))
    page = await api.gql(STORY_PAGE, {"slug": demo_content.BREAKING_SLUG})
    assert page["article"]["body"], "the story page answered in full"
    feed = await api.gql(FEED)
    assert len(feed["articles"]["edges"]) >= 30


SHAPES = build_schema(
    """
    type Query { things: [Thing!]! shapes: [Shape!]! }
    type Dot { n: Int }
    type A implements Shape { xs: [Dot!]! }
    type B implements Shape { xs: [Dot!]! ys: [Dot!]! }
    union Thing = A | B
    interface Shape { xs: [Dot!]! }
    """
)


def test_a_union_or_interface_costs_its_most_expensive_member_not_the_sum() -> None:
    things = "{ things { ... on A { xs { n } } ... on B { ys { n } } } }"
    size = cost.DEFAULT_LIST_SIZE
    assert estimate_cost(SHAPES, parse(things), {}, None) == 1 + size * (1 + size)
    shapes = "{ shapes { xs { n } ... on B { ys { n } } } }"
    assert estimate_cost(SHAPES, parse(shapes), {}, None) == 1 + size * (1 + 2 * size)


def test_lists_without_first_count_their_documented_bound() -> None:
    one = _cost('{ article(slug: "x") { slug } }')
    authors = _cost('{ article(slug: "x") { authors { name } } }')
    assert authors - one == BOUNDS["authors"]
    blocks = _cost('{ article(slug: "x") { body { __typename } } }')
    assert blocks - one == BOUNDS["body"]
    runs = _cost('{ article(slug: "x") { body { ... on Paragraph { inlines { text } } } } }')
    assert runs - blocks == BODY_TOTALS["inlines"], "inline runs count for the whole body"


def test_costs_use_the_variables_as_execution_coerces_them() -> None:
    query = "query Q($n: Int = 50) { articles(first: $n) { edges { node { slug } } } }"
    assert _cost(query) == 1 + 50
    assert _cost(query, {"n": 7}) == 1 + 7
    assert _cost(query, {"n": None}) == 1 + 20, "null: the field's own default"


def test_the_readme_lists_each_fields_cost() -> None:
    table = cost.cost_table(SCHEMA)
    text = README.read_text()
    found = re.search(r"<!-- costs -->\n(.*?)<!-- /costs -->", text, re.S)
    assert found is not None, "README has the cost table between <!-- costs --> markers"
    assert found.group(1) == table, "README's cost table drifted: paste `cms schema costs`"
    page, feed = _cost(STORY_PAGE, {"slug": "x"}), _cost(FEED)
    assert f"costs {page:,}, and a full-text feed of 50 stories" in " ".join(text.split())
    assert f"50 stories (every block's text, pictures and links) {feed:,};" in " ".join(
        text.split()
    )
