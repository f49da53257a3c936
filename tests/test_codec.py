"""Model dataclasses survive the trip to a MongoDB document and back, ids as ObjectIds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from bson import ObjectId

from cms import model
from cms.errors import BadUserInput
from cms.store.codec import from_doc, new_id, object_id, to_doc


def test_an_article_with_every_block_round_trips() -> None:
    when = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)
    article = model.Article(
        id=new_id(),
        slug="harbour-reopens",
        headline="Harbour reopens",
        section="news",
        tags=("ports",),
        bylines=(model.Byline(author_id=new_id(), role="Transport correspondent"),),
        lead_media=model.MediaUse(asset_id=new_id(), credit="Handout"),
        body=(
            model.Paragraph(inlines=(model.Inline("Ships ", (model.Mark.BOLD,)),)),
            model.Heading(text="Why", level=3),
            model.BlockQuote(paragraphs=((model.Inline("Open."),),), attribution="Port authority"),
            model.PullQuote(text="Open."),
            model.MediaBlock(media=model.MediaUse(asset_id=new_id())),
            model.Embed(provider="youtube", url="https://www.youtube.com/watch?v=1"),
            model.RelatedLink(label="READ:", article_id=new_id()),
            model.ListBlock(items=((model.Inline("a"),),), ordered=True),
            model.AdSlotBlock(slot_code="in-article-mrec"),
        ),
        seo=model.Seo(title="Harbour reopens after storm"),
        status=model.Status.PUBLISHED,
        created_at=when,
        updated_at=when,
        published_at=when,
        first_published_at=when,
        version=3,
    )
    doc = to_doc(article)
    assert isinstance(doc["_id"], ObjectId)
    assert isinstance(doc["bylines"][0]["author_id"], ObjectId)
    assert [block["type"] for block in doc["body"]][:3] == ["paragraph", "heading", "block_quote"]
    assert "dek" not in doc, "absent values are left out"
    assert from_doc(model.Article, doc) == article


def test_a_malformed_id_is_a_client_error() -> None:
    with pytest.raises(BadUserInput, match="not a valid id"):
        object_id("1234")
