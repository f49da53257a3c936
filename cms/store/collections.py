"""The collections, their ``$jsonSchema`` validators and their indexes: the database contract.

The validators are exported to ``schema/mongo/`` (``cms schema export``) and a test fails when
the two drift. They guard shape, not policy: the domain decides what a story needs to be
published; the database refuses what no code should ever write.
"""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, DESCENDING, IndexModel

ARTICLES = "articles"
LIVE_ARTICLES = "live_articles"
AUTHORS = "authors"
SECTIONS = "sections"
MEDIA = "media"
AD_SLOTS = "ad_slots"

_STATUS = [
    "DRAFT",
    "IN_REVIEW",
    "CHANGES_REQUESTED",
    "APPROVED",
    "SCHEDULED",
    "PUBLISHED",
    "UNPUBLISHED",
    "TAKEN_DOWN",
    "ARCHIVED",
]
_BLOCK_TYPES = [
    "paragraph",
    "heading",
    "block_quote",
    "pull_quote",
    "media",
    "embed",
    "related_link",
    "list",
    "ad_slot",
]
_SLUG = {"bsonType": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$", "maxLength": 200}
_TEXT = {"bsonType": "string"}
_DATE = {"bsonType": "date"}
_OID = {"bsonType": "objectId"}
_MEDIA_USE = {
    "bsonType": "object",
    "required": ["asset_id"],
    "properties": {"asset_id": _OID, "caption": _TEXT, "credit": _TEXT, "alt_text": _TEXT},
}


def _article_schema(*, live: bool) -> dict[str, Any]:
    required = ["slug", "headline", "status", "created_at", "updated_at", "version", "body"]
    if live:
        required += ["section", "bylines", "published_at", "first_published_at", "media_ids"]
    return {
        "bsonType": "object",
        "required": required,
        "properties": {
            "slug": _SLUG,
            "headline": {"bsonType": "string", "minLength": 1},
            "dek": _TEXT,
            "section": _SLUG,
            "tags": {"bsonType": "array", "items": _SLUG},
            "bylines": {
                "bsonType": "array",
                "minItems": 1 if live else 0,
                "items": {
                    "bsonType": "object",
                    "required": ["author_id"],
                    "properties": {"author_id": _OID, "role": _TEXT},
                },
            },
            "dateline": _TEXT,
            "lead_media": _MEDIA_USE,
            "body": {
                "bsonType": "array",
                "items": {
                    "bsonType": "object",
                    "required": ["type"],
                    "properties": {"type": {"enum": _BLOCK_TYPES}},
                },
            },
            "status": {"enum": ["PUBLISHED"] if live else _STATUS},
            "created_at": _DATE,
            "updated_at": _DATE,
            "published_at": _DATE,
            "first_published_at": _DATE,
            "version": {"bsonType": ["int", "long"], "minimum": 1},
            "media_ids": {"bsonType": "array", "items": _OID},
        },
    }


VALIDATORS: dict[str, dict[str, Any]] = {
    ARTICLES: _article_schema(live=False),
    LIVE_ARTICLES: _article_schema(live=True),
    AUTHORS: {
        "bsonType": "object",
        "required": ["slug", "name"],
        "properties": {
            "slug": _SLUG,
            "name": {"bsonType": "string", "minLength": 1},
            "avatar_id": _OID,
            "email": _TEXT,
            "social_links": {
                "bsonType": "array",
                "items": {
                    "bsonType": "object",
                    "required": ["network", "url"],
                    "properties": {"network": _TEXT, "url": _TEXT},
                },
            },
        },
    },
    SECTIONS: {
        "bsonType": "object",
        "required": ["slug", "name"],
        "properties": {"slug": _SLUG, "name": _TEXT, "parent": _SLUG},
    },
    MEDIA: {
        "bsonType": "object",
        "required": ["kind", "mime_type", "created_at"],
        "properties": {
            "kind": {"enum": ["IMAGE", "VIDEO", "AUDIO"]},
            "mime_type": _TEXT,
            "file": _TEXT,
            "source_url": _TEXT,
            "width": {"bsonType": ["int", "long"], "minimum": 1},
            "height": {"bsonType": ["int", "long"], "minimum": 1},
            "rights_expire_at": _DATE,
            "created_at": _DATE,
            "focal_point": {
                "bsonType": "object",
                "required": ["x", "y"],
                "properties": {
                    "x": {"bsonType": ["double", "int"], "minimum": 0, "maximum": 1},
                    "y": {"bsonType": ["double", "int"], "minimum": 0, "maximum": 1},
                },
            },
        },
    },
    AD_SLOTS: {
        "bsonType": "object",
        "required": ["code", "name", "ad_unit_path", "enabled"],
        "properties": {
            "code": _SLUG,
            "name": _TEXT,
            "ad_unit_path": {"bsonType": "string", "pattern": "^/"},
            "enabled": {"bsonType": "bool"},
            "sizes": {
                "bsonType": "array",
                "items": {
                    "bsonType": "object",
                    "required": ["width", "height"],
                    "properties": {
                        "width": {"bsonType": ["int", "long"], "minimum": 1},
                        "height": {"bsonType": ["int", "long"], "minimum": 1},
                    },
                },
            },
        },
    },
}

_NEWEST = [("published_at", DESCENDING), ("_id", DESCENDING)]

INDEXES: dict[str, list[IndexModel]] = {
    # Slugs are unique across the whole site, so `article(slug:)` needs no section.
    ARTICLES: [
        IndexModel([("slug", ASCENDING)], unique=True, name="slug_unique"),
        IndexModel([("status", ASCENDING), ("updated_at", DESCENDING)], name="status_updated"),
    ],
    LIVE_ARTICLES: [
        IndexModel([("slug", ASCENDING)], unique=True, name="slug_unique"),
        IndexModel(_NEWEST, name="newest"),
        IndexModel([("section", ASCENDING), *_NEWEST], name="section_newest"),
        IndexModel([("tags", ASCENDING), *_NEWEST], name="tag_newest"),
        IndexModel([("bylines.author_id", ASCENDING), *_NEWEST], name="author_newest"),
        IndexModel([("media_ids", ASCENDING)], name="media"),
    ],
    AUTHORS: [
        IndexModel([("slug", ASCENDING)], unique=True, name="slug_unique"),
        IndexModel([("avatar_id", ASCENDING)], name="avatar"),
    ],
    SECTIONS: [IndexModel([("slug", ASCENDING)], unique=True, name="slug_unique")],
    MEDIA: [IndexModel([("created_at", DESCENDING), ("_id", DESCENDING)], name="newest")],
    AD_SLOTS: [IndexModel([("code", ASCENDING)], unique=True, name="code_unique")],
}
