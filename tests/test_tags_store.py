"""Tags as things in the database: one document per slug, read in a story's order."""

from __future__ import annotations

import pytest

from cms import model
from cms.domain import reading
from cms.errors import BadUserInput
from cms.store import Store
from cms.store.codec import new_id
from tests.factories import NOW


def _tag(slug: str, name: str) -> model.Tag:
    return model.Tag(id=new_id(), slug=slug, name=name, created_at=NOW, updated_at=NOW)


async def test_tags_read_in_the_story_order_and_bare_slugs_read_as_tags(store: Store) -> None:
    await store.tags.insert(_tag("flooding", "Flooding"))
    await store.tags.insert(_tag("riverside", "Riverside"))
    found = await reading.tags(store, ["riverside", "budget-2027", "flooding"])
    assert [(t.slug, t.name) for t in found] == [
        ("riverside", "Riverside"),
        ("budget-2027", "budget-2027"),
        ("flooding", "Flooding"),
    ]
    assert await reading.tags(store, []) == []


async def test_a_tag_slug_is_unique(store: Store) -> None:
    await store.tags.insert(_tag("flooding", "Flooding"))
    with pytest.raises(BadUserInput, match="slug 'flooding' is already in use"):
        await store.tags.insert(_tag("flooding", "Floods"))
