"""The collections, their ``$jsonSchema`` validators and their indexes: the database contract.

The validators are exported to ``schema/mongo/`` (``cms schema export``) and a test fails when
the two drift. They guard shape, not policy: the domain decides what a story needs to be
published; the database refuses what no code should ever write.
"""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, DESCENDING, IndexModel

from cms import model

ARTICLES = "articles"
LIVE_ARTICLES = "live_articles"
AUTHORS = "authors"
SECTIONS = "sections"
MEDIA = "media"
AD_SLOTS = "ad_slots"
USERS = "users"
SESSIONS = "sessions"
LOGIN_FAILURES = "login_failures"
REQUEST_COUNTS = "request_counts"
STORY_COUNTS = "story_counts"
REVISIONS = "revisions"
AUDIT_EVENTS = "audit_events"
EDIT_LEASES = "edit_leases"
FRONTS = "fronts"
LEASE_TAKEOVERS = "lease_takeovers"
TAGS = "tags"
SLUG_REDIRECTS = "slug_redirects"
EVENTS = "events"
WEBHOOK_ENDPOINTS = "webhook_endpoints"
WEBHOOK_DELIVERIES = "webhook_deliveries"
WEBHOOK_ATTEMPTS = "webhook_attempts"

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
_ADS_POLICIES = ["NORMAL", "SENSITIVE", "NONE"]
_STORY_TYPES = ["NEWS", "ANALYSIS", "OPINION", "REVIEW", "LIVE", "SPONSORED"]
# As long as the domain lets them be (cms.domain.furniture, cms.domain.body).
MAX_KICKER = 40
BLOCK_ID_PATTERN = "^[A-Za-z0-9_-]{1,64}$"
MAX_RELATED = 10
_SLUG = {"bsonType": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$", "maxLength": 200}
_TEXT = {"bsonType": "string"}
_AD_SIZE = {
    "bsonType": "object",
    "required": ["width", "height"],
    "properties": {
        "width": {"bsonType": ["int", "long"], "minimum": 1},
        "height": {"bsonType": ["int", "long"], "minimum": 1},
    },
}
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
    # A working copy's search words (derived on every write); live copies have none.
    derived = {} if live else {"words": {"bsonType": "array", "items": _TEXT}}
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
                    "properties": {
                        "type": {"enum": _BLOCK_TYPES},
                        "id": {"bsonType": "string", "pattern": BLOCK_ID_PATTERN},
                    },
                },
            },
            "status": {"enum": ["PUBLISHED"] if live else _STATUS},
            "created_at": _DATE,
            "updated_at": _DATE,
            "published_at": _DATE,
            "first_published_at": _DATE,
            "version": {"bsonType": ["int", "long"], "minimum": 1},
            "media_ids": {"bsonType": "array", "items": _OID},
            "author_ids": {"bsonType": "array", "items": _OID},
            "corrections": {
                "bsonType": "array",
                "items": {
                    "bsonType": "object",
                    "required": ["text", "at"],
                    "properties": {"text": {"bsonType": "string", "minLength": 1}, "at": _DATE},
                },
            },
            "owner_id": _OID,
            "updated_by_id": _OID,
            "publish_at": _DATE,
            "unpublish_at": _DATE,
            "has_unpublished_changes": {"bsonType": "bool"},
            "ads_policy": {"enum": _ADS_POLICIES},
            "seo": {"bsonType": "object", "properties": {"noindex": {"bsonType": "bool"}}},
            "kicker": {"bsonType": "string", "minLength": 1, "maxLength": MAX_KICKER},
            "story_type": {"enum": _STORY_TYPES},
            "breaking_until": _DATE,
            "display_date": _DATE,
            "related_article_ids": {"bsonType": "array", "maxItems": MAX_RELATED, "items": _OID},
            "word_count": {"bsonType": ["int", "long"], "minimum": 0},
            **derived,
        },
    }


_ROLES = ["WRITER", "EDITOR", "ADMIN"]
# What a versioned document keeps for optimistic concurrency (see Repository.update_if_version);
# a document stored before versions has neither and counts as version 1.
_VERSIONED = {
    "version": {"bsonType": ["int", "long"], "minimum": 1},
    "field_versions": {"bsonType": "object"},
}

_EVENT_TYPES = [t.value for t in model.EventType]
_AGGREGATE_KINDS = [k.value for k in model.AggregateKind]

_WEBHOOK_TYPES = [t.value for t in model.WEBHOOK_EVENT_TYPES]
_AGGREGATE = {
    "bsonType": "object",
    "required": ["kind", "id", "version"],
    "properties": {
        "kind": {"enum": _AGGREGATE_KINDS},
        "id": {"bsonType": "string", "minLength": 1},
        "version": {"bsonType": ["int", "long"], "minimum": 0},
    },
}
_COUNT = {"bsonType": ["int", "long"], "minimum": 0}

# How long events, and webhook deliveries with their attempts, are kept by default: the
# settings event_retention_days and webhook_retention_days override these (see
# ``mongo.apply_contract``), each on the TTL index named ``expiry``.
EVENT_RETENTION_SECONDS = 30 * 86400
WEBHOOK_RETENTION_SECONDS = 30 * 86400

VALIDATORS: dict[str, dict[str, Any]] = {
    USERS: {
        "bsonType": "object",
        "required": ["email", "role", "password_hash", "created_at"],
        "properties": {
            "email": {"bsonType": "string", "pattern": "^[^@\\s]+@[^@\\s]+$"},
            "role": {"enum": _ROLES},
            "password_hash": {"bsonType": "string", "pattern": "^\\$argon2"},
            "created_at": _DATE,
            **_VERSIONED,
        },
    },
    SESSIONS: {
        "bsonType": "object",
        "required": ["user_id", "expires_at"],
        "properties": {"user_id": _OID, "expires_at": _DATE},
    },
    REVISIONS: {
        "bsonType": "object",
        "required": ["article_id", "number", "version", "actor_id", "at", "content"],
        "properties": {
            "article_id": _OID,
            "number": {"bsonType": ["int", "long"], "minimum": 1},
            "version": {"bsonType": ["int", "long"], "minimum": 1},
            "actor_id": _OID,
            "at": _DATE,
            "content": {"bsonType": "object"},
        },
    },
    AUDIT_EVENTS: {
        "bsonType": "object",
        "required": ["article_id", "actor_id", "action", "at", "from_status", "to_status"],
        "properties": {
            "article_id": _OID,
            "actor_id": _OID,
            "action": _TEXT,
            "at": _DATE,
            "from_status": {"enum": _STATUS},
            "to_status": {"enum": _STATUS},
            "comment": _TEXT,
        },
    },
    EDIT_LEASES: {
        "bsonType": "object",
        "required": ["user_id", "expires_at"],
        "properties": {"user_id": _OID, "expires_at": _DATE},
    },
    ARTICLES: _article_schema(live=False),
    LIVE_ARTICLES: _article_schema(live=True),
    # How many stories each list holds, kept on every write (cms/store/counters.py); and
    # ``~built``, how far they are built: ``version`` once built, else ``building`` (the
    # version), ``cleared`` (old counts gone), ``below`` (the oldest story counted), ``ticks``.
    STORY_COUNTS: {
        "bsonType": "object",
        "required": ["n"],
        "properties": {
            "_id": {"bsonType": "string"},
            "n": {"bsonType": ["int", "long"]},
            "version": {"bsonType": ["int", "long"]},
            "building": {"bsonType": ["int", "long"]},
            "cleared": {"bsonType": "bool"},
            "below": _OID,
            "ticks": {"bsonType": ["int", "long"]},
        },
    },
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
            "updated_at": _DATE,
            **_VERSIONED,
        },
    },
    SECTIONS: {
        "bsonType": "object",
        "required": ["slug", "name"],
        "properties": {
            "slug": _SLUG,
            "name": _TEXT,
            "parent": _SLUG,
            "ads_policy": {"enum": _ADS_POLICIES},
            "updated_at": _DATE,
            **_VERSIONED,
        },
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
            "rights_expiry_told_at": _DATE,
            "created_at": _DATE,
            "credit": _TEXT,
            "creator": _TEXT,
            "agency": _TEXT,
            "distributor": _TEXT,
            "source": _TEXT,
            "keywords": {"bsonType": "array", "items": _TEXT},
            "date_created": _TEXT,
            "byte_size": {"bsonType": ["int", "long"], "minimum": 0},
            "uploader_id": _OID,
            "search": {"bsonType": "object"},
            "focal_point": {
                "bsonType": "object",
                "required": ["x", "y"],
                "properties": {
                    "x": {"bsonType": ["double", "int"], "minimum": 0, "maximum": 1},
                    "y": {"bsonType": ["double", "int"], "minimum": 0, "maximum": 1},
                },
            },
            "placeholder": {
                "bsonType": "object",
                "required": ["color", "data_uri"],
                "properties": {
                    "color": {"bsonType": "string", "pattern": "^#[0-9a-f]{6}$"},
                    "data_uri": {"bsonType": "string", "pattern": "^data:image/"},
                },
            },
            **_VERSIONED,
        },
    },
    LEASE_TAKEOVERS: {
        "bsonType": "object",
        "required": ["article_id", "user_id", "by_id", "at"],
        "properties": {"article_id": _OID, "user_id": _OID, "by_id": _OID, "at": _DATE},
    },
    # A curated front: the home page's has no section.
    FRONTS: {
        "bsonType": "object",
        "required": ["article_ids", "updated_at", "version"],
        "properties": {
            "section": _SLUG,
            "article_ids": {"bsonType": "array", "items": _OID},
            "updated_at": _DATE,
            "updated_by_id": _OID,
            **_VERSIONED,
        },
    },
    # The outbox (see cms/store/events.py): ids are strings, written with their change.
    EVENTS: {
        "bsonType": "object",
        "required": ["type", "at", "aggregate", "public", "payload"],
        "properties": {
            "_id": {"bsonType": "string", "minLength": 1},
            "type": {"enum": _EVENT_TYPES},
            "at": _DATE,
            "aggregate": _AGGREGATE,
            "public": {"bsonType": "bool"},
            "payload": {"bsonType": "object"},
            "fanout": {"enum": ["pending"]},
        },
    },
    WEBHOOK_ENDPOINTS: {
        "bsonType": "object",
        "required": ["url", "event_types", "secret", "enabled", "created_at", "updated_at"],
        "properties": {
            "url": {"bsonType": "string", "minLength": 1},
            "event_types": {"bsonType": "array", "items": {"enum": _WEBHOOK_TYPES}},
            "secret": {"bsonType": "string", "pattern": "^whsec_"},
            "enabled": {"bsonType": "bool"},
            "description": _TEXT,
            "created_at": _DATE,
            "updated_at": _DATE,
            "failing_since": _DATE,
            "disabled_reason": _TEXT,
            "disabled_at": _DATE,
            "managed": _TEXT,
            **_VERSIONED,
        },
    },
    WEBHOOK_DELIVERIES: {
        "bsonType": "object",
        "required": [
            "event_id",
            "endpoint_id",
            "event_type",
            "aggregate",
            "event_at",
            "status",
            "attempts",
            "created_at",
            "next_at",
            "retry_from",
        ],
        "properties": {
            "event_id": {"bsonType": "string", "minLength": 1},
            "endpoint_id": _OID,
            "event_type": {"enum": _WEBHOOK_TYPES},
            "aggregate": _AGGREGATE,
            "event_at": _DATE,
            "status": {"enum": ["PENDING", "DELIVERED", "FAILED"]},
            "attempts": _COUNT,
            "created_at": _DATE,
            "next_at": _DATE,
            "retry_from": _DATE,
            "lease_until": _DATE,
            "lease_owner": _TEXT,
            "last_status_code": {"bsonType": ["int", "long"]},
            "last_error": _TEXT,
            "delivered_at": _DATE,
        },
    },
    WEBHOOK_ATTEMPTS: {
        "bsonType": "object",
        "required": ["delivery_id", "endpoint_id", "event_id", "at", "succeeded", "duration_ms"],
        "properties": {
            "delivery_id": _OID,
            "endpoint_id": _OID,
            "event_id": _TEXT,
            "at": _DATE,
            "succeeded": {"bsonType": "bool"},
            "status_code": {"bsonType": ["int", "long"]},
            "duration_ms": {"bsonType": ["double", "int", "long"], "minimum": 0},
            "error": _TEXT,
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
            "brand_safe_only": {"bsonType": "bool"},
            "fluid": {"bsonType": "bool"},
            "active_from": _DATE,
            "active_until": _DATE,
            "placement": {
                "bsonType": "object",
                "properties": {
                    "after_paragraph": {"bsonType": ["int", "long"], "minimum": 1},
                    "every_paragraphs": {"bsonType": ["int", "long"], "minimum": 1},
                    "start_after": {"bsonType": ["int", "long"], "minimum": 0},
                    "max_per_article": {"bsonType": ["int", "long"], "minimum": 0},
                    "min_distance": {"bsonType": ["int", "long"], "minimum": 0},
                    "sections": {"bsonType": "array", "items": _SLUG},
                },
            },
            "sizes": {"bsonType": "array", "items": _AD_SIZE},
            "page": {
                "bsonType": "object",
                "required": ["pages", "position"],
                "properties": {
                    "pages": {"bsonType": "array", "items": {"enum": ["STORY", "FRONT"]}},
                    "position": {"enum": ["TOP", "RIGHT_RAIL", "BOTTOM", "OUT_OF_PAGE"]},
                    "out_of_page_format": {
                        "enum": [
                            "INTERSTITIAL",
                            "TOP_ANCHOR",
                            "BOTTOM_ANCHOR",
                            "LEFT_SIDE_RAIL",
                            "RIGHT_SIDE_RAIL",
                        ]
                    },
                    "sections": {"bsonType": "array", "items": _SLUG},
                },
            },
            "size_mapping": {
                "bsonType": "array",
                "items": {
                    "bsonType": "object",
                    "required": ["viewport"],
                    "properties": {
                        "viewport": {
                            "bsonType": "object",
                            "required": ["width", "height"],
                            "properties": {
                                "width": {"bsonType": ["int", "long"], "minimum": 0},
                                "height": {"bsonType": ["int", "long"], "minimum": 0},
                            },
                        },
                        "sizes": {"bsonType": "array", "items": _AD_SIZE},
                        "fluid": {"bsonType": "bool"},
                    },
                },
            },
            **_VERSIONED,
        },
    },
    TAGS: {
        "bsonType": "object",
        "required": ["slug", "name", "version", "created_at", "updated_at"],
        "properties": {
            "slug": _SLUG,
            "name": {"bsonType": "string", "minLength": 1, "maxLength": 200},
            "created_at": _DATE,
            "updated_at": _DATE,
            **_VERSIONED,
        },
    },
    # An old slug of a story (changed after publication), of a tag merged into another or of
    # an author renamed.
    SLUG_REDIRECTS: {
        "bsonType": "object",
        "required": ["kind", "slug", "target_id", "at"],
        "properties": {
            "kind": {"enum": ["ARTICLE", "TAG", "AUTHOR"]},
            "slug": _SLUG,
            "target_id": _OID,
            "at": _DATE,
        },
    },
}

# Live lists in each order they come in: by first publication (the default, which holds
# still) and by last update.
_FIRST = [("first_published_at", DESCENDING), ("_id", DESCENDING)]
_UPDATED = [("updated_at", DESCENDING), ("_id", DESCENDING)]
_MEDIA_NEWEST = [("created_at", DESCENDING), ("_id", DESCENDING)]

INDEXES: dict[str, list[IndexModel]] = {
    # Slugs are unique across the whole site, so `article(slug:)` needs no section.
    ARTICLES: [
        IndexModel([("slug", ASCENDING)], unique=True, name="slug_unique"),
        IndexModel([("updated_at", DESCENDING), ("_id", DESCENDING)], name="updated"),
        IndexModel(
            [("status", ASCENDING), ("updated_at", DESCENDING), ("_id", DESCENDING)],
            name="status_updated",
        ),
        IndexModel([("status", ASCENDING), ("publish_at", ASCENDING)], name="due_publish"),
        IndexModel([("status", ASCENDING), ("unpublish_at", ASCENDING)], name="due_unpublish"),
        # Which stories show an asset, before it may be deleted.
        IndexModel([("lead_media.asset_id", ASCENDING)], name="lead_media"),
        IndexModel([("body.media.asset_id", ASCENDING)], name="body_media"),
        IndexModel([("seo.social_image_id", ASCENDING)], name="social_image"),
        # The budget: "mine", and the words of headlines, slugs and bylines for its search.
        IndexModel(
            [("owner_id", ASCENDING), ("updated_at", DESCENDING), ("_id", DESCENDING)],
            name="owner_updated",
        ),
        # The budget by section and by byline, read in windows of updated_at.
        IndexModel([("section", ASCENDING), *_UPDATED], name="section_updated"),
        IndexModel([("bylines.author_id", ASCENDING), *_UPDATED], name="author_updated"),
        IndexModel([("words", ASCENDING)], name="words"),
        # The stories a tag merge rewrites.
        IndexModel([("tags", ASCENDING)], name="tags"),
    ],
    USERS: [IndexModel([("email", ASCENDING)], unique=True, name="email_unique")],
    # Expired sessions and failure counts are removed by the server itself.
    SESSIONS: [
        IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0, name="expiry"),
        IndexModel([("user_id", ASCENDING)], name="user"),
    ],
    LOGIN_FAILURES: [IndexModel([("last", ASCENDING)], expireAfterSeconds=86400, name="expiry")],
    # Rate-limit windows: each is gone a little after it ends.
    REQUEST_COUNTS: [IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0, name="expiry")],
    REVISIONS: [
        IndexModel([("article_id", ASCENDING), ("number", DESCENDING)], unique=True, name="number"),
        IndexModel([("article_id", ASCENDING), ("version", DESCENDING)], name="version"),
    ],
    AUDIT_EVENTS: [IndexModel([("article_id", ASCENDING), ("at", ASCENDING)], name="article")],
    EDIT_LEASES: [IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=60, name="expiry")],
    LIVE_ARTICLES: [
        IndexModel([("slug", ASCENDING)], unique=True, name="slug_unique"),
        IndexModel(_FIRST, name="first_published"),
        IndexModel([("section", ASCENDING), *_FIRST], name="section_first_published"),
        IndexModel([("tags", ASCENDING), *_FIRST], name="tag_first_published"),
        IndexModel([("bylines.author_id", ASCENDING), *_FIRST], name="author_first_published"),
        IndexModel(_UPDATED, name="updated"),
        IndexModel([("section", ASCENDING), *_UPDATED], name="section_updated"),
        IndexModel([("tags", ASCENDING), *_UPDATED], name="tag_updated"),
        IndexModel([("bylines.author_id", ASCENDING), *_UPDATED], name="author_updated"),
        IndexModel([("media_ids", ASCENDING)], name="media"),
    ],
    AUTHORS: [
        IndexModel([("slug", ASCENDING)], unique=True, name="slug_unique"),
        IndexModel([("avatar_id", ASCENDING)], name="avatar"),
    ],
    SECTIONS: [IndexModel([("slug", ASCENDING)], unique=True, name="slug_unique")],
    # The media library: newest first, by kind or credit party; words for prefix search.
    MEDIA: [
        IndexModel(_MEDIA_NEWEST, name="newest"),
        IndexModel([("kind", ASCENDING), *_MEDIA_NEWEST], name="kind_newest"),
        IndexModel([("search.agency", ASCENDING), *_MEDIA_NEWEST], name="agency_newest"),
        IndexModel([("search.distributor", ASCENDING), *_MEDIA_NEWEST], name="distributor_newest"),
        IndexModel([("search.source", ASCENDING), *_MEDIA_NEWEST], name="source_newest"),
        IndexModel([("search.credit", ASCENDING)], name="credit_words"),
        IndexModel([("search.text", ASCENDING)], name="text_words"),
        IndexModel([("file", ASCENDING)], name="file"),
        # Pictures whose rights end soon ("what needs me").
        IndexModel([("rights_expire_at", ASCENDING)], name="rights_expiry"),
    ],
    AD_SLOTS: [IndexModel([("code", ASCENDING)], unique=True, name="code_unique")],
    # The last time someone took over a lease a user held ("what needs me").
    LEASE_TAKEOVERS: [IndexModel([("user_id", ASCENDING), ("at", DESCENDING)], name="user_latest")],
    # Events: kept for a while, read by aggregate (history, live pages) and, until the
    # dispatcher has fanned them out, by that mark.
    EVENTS: [
        IndexModel([("at", ASCENDING)], expireAfterSeconds=EVENT_RETENTION_SECONDS, name="expiry"),
        IndexModel(
            [
                ("aggregate.kind", ASCENDING),
                ("aggregate.id", ASCENDING),
                ("aggregate.version", ASCENDING),
            ],
            name="aggregate",
        ),
        IndexModel([("fanout", ASCENDING), ("at", ASCENDING)], sparse=True, name="fanout"),
    ],
    WEBHOOK_ENDPOINTS: [IndexModel([("created_at", ASCENDING)], name="created")],
    # One delivery per event and endpoint; the due ones soonest first; an endpoint's by the
    # aggregate's versions (they go in that order) and newest first (the admins' list).
    WEBHOOK_DELIVERIES: [
        IndexModel([("event_id", ASCENDING), ("endpoint_id", ASCENDING)], unique=True, name="one"),
        IndexModel([("status", ASCENDING), ("next_at", ASCENDING)], name="due"),
        IndexModel([("status", ASCENDING), ("event_at", ASCENDING)], name="oldest_pending"),
        IndexModel(
            [
                ("endpoint_id", ASCENDING),
                ("aggregate.kind", ASCENDING),
                ("aggregate.id", ASCENDING),
                ("status", ASCENDING),
                ("aggregate.version", ASCENDING),
            ],
            name="in_order",
        ),
        IndexModel([("endpoint_id", ASCENDING), ("created_at", DESCENDING)], name="endpoint"),
        IndexModel(
            [("created_at", ASCENDING)], expireAfterSeconds=WEBHOOK_RETENTION_SECONDS, name="expiry"
        ),
    ],
    WEBHOOK_ATTEMPTS: [
        IndexModel([("delivery_id", ASCENDING), ("at", ASCENDING)], name="delivery"),
        IndexModel([("endpoint_id", ASCENDING), ("at", DESCENDING)], name="endpoint"),
        IndexModel(
            [("at", ASCENDING)], expireAfterSeconds=WEBHOOK_RETENTION_SECONDS, name="expiry"
        ),
    ],
    # One front per section, and one for home (no section: unique as null).
    FRONTS: [IndexModel([("section", ASCENDING)], unique=True, name="section_unique")],
    TAGS: [IndexModel([("slug", ASCENDING)], unique=True, name="slug_unique")],
    SLUG_REDIRECTS: [
        IndexModel([("kind", ASCENDING), ("slug", ASCENDING)], unique=True, name="kind_slug"),
        # A merge leads the merged tag's own old slugs on to the tag it went into.
        IndexModel([("kind", ASCENDING), ("target_id", ASCENDING)], name="kind_target"),
    ],
}
