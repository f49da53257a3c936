"""DateTime is RFC 3339: declared with @specifiedBy, always written in UTC with Z, read with
any offset."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from graphql import GraphQLScalarType, specified_scalar_types

from cms.api.delivery import delivery_schema
from cms.api.management import management_schema
from tests import factories
from tests.conftest import Api

# RFC 3339's date-time, in UTC with Z (fractions of a second allowed).
UTC_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
STORY = """
query S($slug: String!) {
  article(slug: $slug) { publishedAt firstPublishedAt updatedAt corrections { at } }
}
"""
SINCE = "query L($since: DateTime) { articles(updatedSince: $since) { edges { node { slug } } } }"


def test_the_schemas_declare_rfc_3339() -> None:
    for schema in (delivery_schema(), management_schema()):
        assert (
            'scalar DateTime @specifiedBy(url: "https://datatracker.ietf.org/doc/html/rfc3339")'
        ) in schema.as_str()


async def test_dates_are_written_in_utc_with_z(api: Api) -> None:
    await factories.section(api.store)
    author = await factories.author(api.store)
    # Published at noon in New York: 17:00 in UTC.
    new_york = timezone(timedelta(hours=-5))
    when = datetime(2026, 11, 20, 12, 0, tzinfo=new_york)
    await factories.story(api.store, slug="river-rises", author_ids=(author,), published_at=when)
    story = (await api.gql(STORY, {"slug": "river-rises"}))["article"]
    for name in ("publishedAt", "firstPublishedAt", "updatedAt"):
        assert UTC_Z.match(story[name]), story[name]
    assert story["publishedAt"] == "2026-11-20T17:00:00Z"


async def test_dates_are_read_with_any_offset(api: Api) -> None:
    await factories.section(api.store)
    author = await factories.author(api.store)
    at = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    await factories.story(api.store, slug="river-rises", author_ids=(author,), published_at=at)
    for since, found in (
        ("2026-11-20T13:59:00+02:00", ["river-rises"]),  # 11:59 UTC
        ("2026-11-20T14:01:00+02:00", []),  # 12:01 UTC
        ("2026-11-20T11:59:00Z", ["river-rises"]),
    ):
        edges = (await api.gql(SINCE, {"since": since}))["articles"]["edges"]
        assert [edge["node"]["slug"] for edge in edges] == found, since


def test_the_readme_maps_every_custom_scalar_for_codegen() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    block = readme[readme.index("// codegen.ts") :]
    block = block[: block.index("```")]
    mapped = set(re.findall(r"(\w+): \{ input: \"(\w+)\", output: \"\2\" \}", block))
    schema = delivery_schema()._schema
    custom = {
        name
        for name, kind in schema.type_map.items()
        if isinstance(kind, GraphQLScalarType) and name not in specified_scalar_types
    }
    assert {name for name, _ in mapped} == custom == {"DateTime", "JSON"}
