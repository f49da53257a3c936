"""Settings: typed, validated, read from ``CMS_*`` environment variables by the CLI or a test."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, IPvAnyNetwork, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


@dataclass(frozen=True, slots=True, kw_only=True)
class QueryLimits:
    """How big a GraphQL document may be before it is refused unexecuted."""

    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 10_000
    max_cost: int = 10_000


# The query limits a schema built without settings keeps, and the settings' defaults.
_LIMITS = QueryLimits()

# Where `npm run build` writes the desk in a source checkout (an installed package has none).
SOURCE_DESK_DIR = Path(__file__).resolve().parent.parent / "desk" / "dist"

# A picture's shape, width:height, e.g. "16:9".
AspectRatio = Annotated[str, Field(pattern=r"^[1-9]\d{0,2}:[1-9]\d{0,2}$")]

# A BCP 47 tag as sites write them: a language, then optional script, region or variants.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
# An absolute http(s) address with a host, nothing a browser could read as another place.
_WEB_ADDRESS = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[^\s\\]*)?")

# Good enough for a laptop; refused in production, where CMS_SECRET_KEY must be set.
DEVELOPMENT_SECRET = "development-only-secret-do-not-use-in-production"


# Each path pattern setting, the placeholders it may use, and those it needs (any one of).
_PATH_PATTERNS = (
    ("article_path_pattern", ("section", "yyyy", "mm", "dd", "slug", "id"), ("slug", "id")),
    ("section_path_pattern", ("section",), ("section",)),
    ("author_path_pattern", ("slug",), ("slug",)),
    ("tag_path_pattern", ("slug",), ("slug",)),
)
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def check_path_pattern(
    name: str, pattern: str, *, allowed: tuple[str, ...], needed: tuple[str, ...]
) -> None:
    """Refuse a path pattern a page could not be addressed by, saying why."""
    setting = f"CMS_{name.upper()}"
    if not pattern.startswith("/"):
        raise ValueError(f"{setting} {pattern!r} must start with /")
    used = _PLACEHOLDER.findall(pattern)
    unknown = [p for p in used if p not in allowed]
    if unknown:
        raise ValueError(
            f"{setting} {pattern!r} has unknown placeholder {{{unknown[0]}}}; "
            f"it may use {', '.join('{' + p + '}' for p in allowed)}"
        )
    if "{" in _PLACEHOLDER.sub("", pattern) or "}" in _PLACEHOLDER.sub("", pattern):
        raise ValueError(f"{setting} {pattern!r} has an unmatched brace")
    if not any(p in used for p in needed):
        raise ValueError(
            f"{setting} {pattern!r} must contain " + " or ".join("{" + p + "}" for p in needed)
        )
    if len(used) != len(set(used)):
        raise ValueError(f"{setting} {pattern!r} repeats a placeholder")


class Settings(BaseSettings):
    """Everything the server needs to start; built once per process, never at import time."""

    model_config = SettingsConfigDict(env_prefix="CMS_", frozen=True)

    env: Literal["development", "production", "test"] = "development"
    mongodb_uri: str | None = Field(
        default=None, description="MongoDB URI; without one the embedded SecantusDB is started."
    )
    database: str = "newsroom"
    db_path: Path = Field(
        default=Path("var/db"), description="Storage of the embedded database (':memory:' allowed)."
    )
    media_dir: Path = Path("var/media")
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    keep_alive_seconds: int = Field(
        default=75,
        ge=1,
        description="How long an idle client connection is kept open. Longer than the idle "
        "timeout of clients and load balancers (often 60 s), so they close first: a server "
        "that closes first races with a request sent on the closing connection.",
    )
    public_url: str = Field(
        default="",
        description="Base URL under which clients reach this server; media URLs are built on it. "
        "Defaults to http://HOST:PORT.",
    )
    newsroom_name: str = Field(
        default="Newsroom", min_length=1, description="The newsroom's name, as the desk shows it."
    )
    publication_language: str = Field(
        default="en",
        description="The publication's language as a BCP 47 tag (en, en-GB, pt-BR): feeds, "
        "sitemaps, structured data and ninjs say it.",
    )
    publisher_logo_url: str = Field(
        default="",
        description="The absolute http(s) address of the publisher's logo, for structured data "
        "(schema.org Organization) and feeds; empty: none is named.",
    )
    robots_disallow: tuple[str, ...] = Field(
        default=("/admin/", "/desk/"),
        description="Paths robots.txt asks every crawler to leave alone (beside the sitemaps "
        "it names).",
    )
    time_zone: str = Field(
        default="UTC",
        description="The newsroom's IANA time zone (Europe/London): the desk shows and takes "
        "embargo times in it. Stored times stay UTC.",
    )
    # Public addresses (see README, "URLs"): the website's base URL and the path of each page.
    site_url: str = Field(
        default="",
        description="The public website's base URL (https://www.example-news.org), which "
        "delivery's url fields and canonical URLs are built on. Defaults to CMS_PUBLIC_URL.",
    )
    article_path_pattern: str = Field(
        default="/{section}/{yyyy}/{mm}/{dd}/{slug}",
        description="A story's path: {section} (the section's slugs from the top, "
        "news/politics), {yyyy} {mm} {dd} (first publication, in the newsroom's time zone), "
        "{slug}, {id}; needs {slug} or {id}.",
    )
    section_path_pattern: str = Field(default="/{section}", description="A section front's.")
    author_path_pattern: str = Field(default="/authors/{slug}", description="An author page's.")
    tag_path_pattern: str = Field(default="/tags/{slug}", description="A tag page's.")
    desk_dir: Path = Field(
        default=SOURCE_DESK_DIR,
        description="The built desk (index.html and assets/) served at /desk/; by default "
        "desk/dist in the source tree, where npm run build writes it.",
    )
    max_page_size: int = Field(default=100, ge=1, le=1000)
    db_timeout_ms: int = Field(default=2000, ge=100)
    # Stories of each collection a step of building the lists' counts reads, in one
    # transaction (cms/store/counters.py): lower it where a step takes longer than a second.
    story_count_batch: int = Field(default=1000, ge=1, le=100_000)
    # Where /graphql's reads go on a replica set (see README, "Running at scale"); writes,
    # transactions, the management API and the file routes always use the primary.
    delivery_read_preference: Literal[
        "primary", "primaryPreferred", "secondary", "secondaryPreferred", "nearest"
    ] = "primary"
    delivery_max_staleness_seconds: int | None = Field(
        default=None,
        ge=90,
        description="A secondary further behind the primary than this is not read from (MongoDB "
        "takes 90 or more); also how long a cached answer is kept at most when delivery reads "
        "may go to a secondary. Unset: no bound on the secondary (90 s for the cache).",
    )
    secret_key: SecretStr = Field(
        default=SecretStr(DEVELOPMENT_SECRET),
        description="Signs session and preview tokens; must be set (32+ characters) in production.",
    )
    password_hash_time_cost: int = Field(
        default=3, ge=1, description="argon2id passes over memory for each password hash."
    )
    password_hash_memory_kib: int = Field(
        default=65536, ge=8, description="argon2id memory per password hash, in KiB."
    )
    password_hash_parallelism: int = Field(default=4, ge=1, description="argon2id lanes.")
    token_ttl_seconds: int = Field(default=8 * 3600, ge=60)
    preview_ttl_seconds: int = Field(default=15 * 60, ge=10)
    lease_seconds: int = Field(default=120, ge=5)
    scheduler_interval_seconds: float = Field(default=1.0, gt=0)
    scheduler_enabled: bool = True
    # Query limits, enforced before execution on both endpoints (see README, "Limits"); their
    # defaults are QueryLimits' own.
    max_depth: int = Field(default=_LIMITS.max_depth, ge=2)
    max_aliases: int = Field(default=_LIMITS.max_aliases, ge=0)
    max_tokens: int = Field(default=_LIMITS.max_tokens, ge=100)
    max_cost: int = Field(default=_LIMITS.max_cost, ge=10)
    max_document_bytes: int = Field(default=100_000, ge=1_000)
    introspection: bool | None = Field(
        default=None, description="Schema introspection on /graphql; default: off in production."
    )
    # HTTP hardening (see README, "Security").
    cors_origins: list[str] = Field(
        default_factory=list, description="Origins allowed to call the APIs from a browser."
    )
    rate_limit: bool = True
    rate_limit_per_second: float = Field(default=100, gt=0)
    rate_limit_burst: int = Field(default=200, ge=1)
    login_attempts_per_minute: int = Field(default=10, ge=1)
    trusted_proxies: list[IPvAnyNetwork] = Field(
        default_factory=list,
        description="Addresses (or networks) of the reverse proxies in front of the server, "
        "whose X-Forwarded-For names the client; empty: the header is ignored.",
    )
    log_format: Literal["text", "json"] | None = Field(
        default=None, description="Default: json in production, text otherwise."
    )
    tracing: bool = Field(
        default=False,
        description="OpenTelemetry spans per request, GraphQL operation and database command, "
        "exported as the OTEL_* variables say, and the trace id on every log line (needs the "
        "cms[otel] extra). Off: nothing of OpenTelemetry is loaded.",
    )
    # Delivery caching (see README, "Caching").
    response_cache: bool = True
    response_cache_bytes: int = Field(default=64 * 1024 * 1024, ge=0)
    cache_max_age: int = Field(default=30, ge=0, description="Browsers, in seconds.")
    cache_s_maxage: int = Field(default=300, ge=0, description="Shared caches (CDN), seconds.")
    cache_stale_while_revalidate: int = Field(default=60, ge=0)
    persisted_queries_file: Path | None = Field(
        default=None, description="JSON list (or {hash: document}) of registered documents."
    )
    persisted_queries_only: bool = Field(
        default=False, description="Allowlist mode: only registered documents run on /graphql."
    )
    # Live GraphQL subscriptions over WebSocket (see README, "Subscriptions").
    subscriptions_per_connection: int = Field(
        default=20, ge=1, description="Subscriptions one WebSocket may hold open at once."
    )
    subscriptions_per_client: int = Field(
        default=100,
        ge=1,
        description="Subscriptions one client (signed-in user, else address) may hold open "
        "across all its connections to this process.",
    )
    subscription_queue: int = Field(
        default=100,
        ge=1,
        description="Events held for a subscriber that has not read them yet; one that falls "
        "further behind is dropped (SUBSCRIBER_TOO_SLOW), so it never holds up the others.",
    )
    subscription_idle_seconds: float = Field(
        default=300,
        gt=0,
        description="A WebSocket with no subscription open and no message from its client "
        "for this long is closed.",
    )
    subscription_ping_seconds: float = Field(
        default=30,
        gt=0,
        description="How often the server pings each WebSocket; one that has not answered "
        "(pong) by the next ping is closed.",
    )
    subscription_init_seconds: float = Field(
        default=10, gt=0, description="How long a WebSocket may wait before connection_init."
    )
    purge_webhook_url: str | None = Field(
        default=None,
        description="POSTed {tags: [...]} for each change that makes cached responses stale, "
        "through the outbox: retried like any webhook, and listed among the endpoints.",
    )
    # Events and webhooks (see README, "Events and webhooks").
    event_retention_days: float = Field(
        default=30, gt=0, description="How long events are kept (a TTL index on their time)."
    )
    webhook_retention_days: float = Field(
        default=30,
        gt=0,
        description="How long webhook deliveries and their attempts are kept; at least as long "
        "as retries run.",
    )
    webhooks_enabled: bool = Field(
        default=True, description="Run the webhook dispatcher in this process (every process may)."
    )
    webhook_poll_seconds: float = Field(
        default=1.0, gt=0, description="How often the dispatcher looks for other processes' events."
    )
    webhook_timeout_seconds: float = Field(
        default=10, gt=0, description="How long one POST to an endpoint may take."
    )
    webhook_lease_seconds: float = Field(
        default=60,
        gt=0,
        description="How long a dispatcher holds a delivery it claimed; longer than the timeout. "
        "A dispatcher that dies leaves its deliveries to others once their leases run out.",
    )
    webhook_retry_base_seconds: float = Field(
        default=5, gt=0, description="The first retry's delay; each later one doubles it."
    )
    webhook_retry_max_delay_seconds: float = Field(
        default=3600, gt=0, description="The longest delay between two attempts."
    )
    webhook_retry_for_seconds: float = Field(
        default=24 * 3600, gt=0, description="How long a delivery is retried before it fails."
    )
    webhook_disable_after_seconds: float = Field(
        default=3 * 86400,
        gt=0,
        description="An endpoint whose every delivery failed for this long is disabled.",
    )
    webhook_concurrency: int = Field(
        default=8, ge=1, description="Deliveries one process sends at once, at most."
    )
    webhook_allowed_networks: list[IPvAnyNetwork] = Field(
        default_factory=list,
        description="In production, private, loopback or link-local networks an endpoint may "
        "still reach (a receiver inside the newsroom's network); empty: none.",
    )
    max_upload_bytes: int = Field(
        default=25 * 1024 * 1024, ge=1, description="The largest media file an editor may upload."
    )
    max_image_pixels: int = Field(
        default=50_000_000, ge=1, description="Pictures with more pixels are refused undecoded."
    )
    rendition_widths: tuple[Annotated[int, Field(ge=1, le=8192)], ...] = Field(
        # Ours, and the device widths frontend frameworks ask for (Next.js's deviceSizes).
        default=(160, 320, 480, 640, 750, 800, 828, 1024, 1080, 1200, 1280, 1600, 1920, 2048, 3840),
        description="Widths renditions are made at (signed, or unsigned at an allowed quality).",
    )
    srcset_widths: tuple[Annotated[int, Field(ge=1, le=8192)], ...] = Field(
        default=(320, 640, 750, 828, 1080, 1200, 1920, 2048),
        min_length=1,
        max_length=16,
        description="The widths srcset and sources list when a query names none (each must be "
        "one of rendition_widths).",
    )
    # What else rendition URLs are signed for (see README, "Renditions").
    rendition_heights: tuple[Annotated[int, Field(ge=1, le=8192)], ...] = Field(
        default=(90, 180, 360, 720, 1080), description="Heights a rendition may ask alone."
    )
    rendition_ratios: tuple[AspectRatio, ...] = Field(
        default=("16:9", "4:3", "1:1", "4:5"),
        description="Shapes of renditions that give both sides, at the allowed widths.",
    )
    rendition_qualities: tuple[Annotated[int, Field(ge=1, le=100)], ...] = Field(
        default=(50, 60, 70, 75, 80, 90),
        description="Encoder qualities a rendition may ask, signed or unsigned (75: Next.js's).",
    )
    rendition_size_step: int | None = Field(
        default=None,
        ge=8,
        description="Also allow any width and height that is a multiple of this (a grid).",
    )
    rendition_cache_bytes: int = Field(
        default=1024**3,
        ge=1024**2,
        description="The most disk the rendition cache takes; least recently used go first.",
    )
    rendition_cache_dir: Path | None = Field(
        default=None,
        description="Where rendered variants are kept; defaults to a 'renditions' directory next "
        "to media_dir, not inside it, so /media never serves a variant past its rights.",
    )
    rendition_workers: int = Field(
        default=2, ge=1, description="How many renditions are rendered at once, at most."
    )
    # Where media files are kept (see README, "Media on object storage").
    media_storage: Literal["local", "s3"] = Field(
        default="local",
        description="local: files under media_dir (one machine); s3: an S3-compatible bucket "
        "every instance shares.",
    )
    s3_bucket: str = Field(default="", description="The bucket; required with media_storage=s3.")
    s3_prefix: str = Field(
        default="", description="Put before every object's name, e.g. 'media/' (a folder)."
    )
    s3_endpoint_url: str | None = Field(
        default=None, description="For a store other than AWS (MinIO, Ceph, R2): its URL."
    )
    s3_region: str | None = Field(default=None, description="Default: boto3's (AWS_REGION).")
    s3_access_key_id: str | None = Field(
        default=None, description="Default: boto3's usual chain (AWS_* variables, a role)."
    )
    s3_secret_access_key: SecretStr | None = None
    s3_timeout_seconds: float = Field(
        default=10.0, gt=0, description="How long to wait for the store to connect or answer."
    )

    @model_validator(mode="after")
    def _default_public_url(self) -> Settings:
        if not self.public_url:
            host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
            object.__setattr__(self, "public_url", f"http://{host}:{self.port}")
        object.__setattr__(self, "public_url", self.public_url.rstrip("/"))
        return self

    @field_validator("publication_language")
    @classmethod
    def _language_tag(cls, tag: str) -> str:
        if not _LANGUAGE_TAG.fullmatch(tag):
            raise ValueError(
                f"CMS_PUBLICATION_LANGUAGE {tag!r} is not a BCP 47 language tag "
                "(such as en, en-GB or pt-BR)"
            )
        return tag

    @field_validator("publisher_logo_url")
    @classmethod
    def _logo_address(cls, url: str) -> str:
        if url and not _WEB_ADDRESS.fullmatch(url):
            raise ValueError(
                f"CMS_PUBLISHER_LOGO_URL {url!r} is not an absolute http(s) address "
                "(such as https://www.example-news.org/logo.png)"
            )
        return url

    @field_validator("robots_disallow")
    @classmethod
    def _robots_paths(cls, paths: tuple[str, ...]) -> tuple[str, ...]:
        for path in paths:
            if not path.startswith("/") or any(c.isspace() for c in path):
                raise ValueError(
                    f"CMS_ROBOTS_DISALLOW holds {path!r}: each entry is a path starting with / "
                    "and without spaces"
                )
        return paths

    @field_validator("site_url")
    @classmethod
    def _absolute_site_url(cls, url: str) -> str:
        url = url.rstrip("/")
        parts = urlsplit(url)
        if url and (parts.scheme not in ("http", "https") or not parts.netloc):
            raise ValueError(
                f"CMS_SITE_URL {url!r} is not an absolute http(s) URL "
                "(such as https://www.example-news.org)"
            )
        if parts.query or parts.fragment:
            raise ValueError(f"CMS_SITE_URL {url!r} must have no query or fragment")
        return url

    @model_validator(mode="after")
    def _srcset_widths_are_made(self) -> Settings:
        step = self.rendition_size_step
        unmade = [
            w
            for w in self.srcset_widths
            if w not in self.rendition_widths and not (step and w % step == 0)
        ]
        if unmade:
            raise ValueError(f"srcset_widths {unmade} are not among rendition_widths")
        return self

    @model_validator(mode="after")
    def _default_site_url(self) -> Settings:
        if not self.site_url:
            object.__setattr__(self, "site_url", self.public_url)
        return self

    @model_validator(mode="after")
    def _known_path_placeholders(self) -> Settings:
        for name, allowed, needed in _PATH_PATTERNS:
            check_path_pattern(name, getattr(self, name), allowed=allowed, needed=needed)
        patterns = [getattr(self, name) for name, _, _ in _PATH_PATTERNS]
        if len(set(patterns)) < len(patterns):
            raise ValueError("the four CMS_*_PATH_PATTERN settings must differ from each other")
        return self

    @field_validator("time_zone")
    @classmethod
    def _known_time_zone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"CMS_TIME_ZONE {name!r} is not an IANA time zone name "
                "(such as UTC, Europe/London or America/New_York)"
            ) from None
        return name

    @model_validator(mode="after")
    def _production_needs_a_secret(self) -> Settings:
        secret = self.secret_key.get_secret_value()
        if self.is_production and (secret == DEVELOPMENT_SECRET or len(secret) < 32):
            raise ValueError("CMS_SECRET_KEY must be set to 32 or more characters in production")
        return self

    @model_validator(mode="after")
    def _production_hashes_passwords_slowly(self) -> Settings:
        # OWASP's least argon2id settings: 19 MiB and two passes (or more memory, fewer passes).
        strong = self.password_hash_memory_kib >= 19 * 1024 and self.password_hash_time_cost >= 2
        stronger = self.password_hash_memory_kib >= 46 * 1024
        if self.is_production and not (strong or stronger):
            raise ValueError(
                "CMS_PASSWORD_HASH_MEMORY_KIB and CMS_PASSWORD_HASH_TIME_COST are too low for "
                "production: at least 19456 KiB with 2 passes, or 47104 KiB with 1"
            )
        if self.password_hash_memory_kib < 8 * self.password_hash_parallelism:
            raise ValueError(
                "CMS_PASSWORD_HASH_MEMORY_KIB must be at least 8 KiB per lane "
                "(CMS_PASSWORD_HASH_PARALLELISM)"
            )
        return self

    @model_validator(mode="after")
    def _staleness_needs_secondaries(self) -> Settings:
        if self.delivery_max_staleness_seconds is not None and (
            self.delivery_read_preference == "primary"
        ):
            raise ValueError(
                "CMS_DELIVERY_MAX_STALENESS_SECONDS needs a CMS_DELIVERY_READ_PREFERENCE that "
                "may read from a secondary (the primary is never stale)"
            )
        return self

    @property
    def delivery_staleness_bound(self) -> int | None:
        """How long a cached delivery answer may be kept at most: ``None`` when delivery reads
        the primary (then only changes end it), else the staleness allowed (90 s unset)."""
        if self.delivery_read_preference == "primary":
            return None
        return self.delivery_max_staleness_seconds or 90

    @model_validator(mode="after")
    def _s3_needs_a_bucket(self) -> Settings:
        if self.media_storage == "s3" and not self.s3_bucket:
            raise ValueError("CMS_MEDIA_STORAGE=s3 needs CMS_S3_BUCKET")
        if (self.s3_access_key_id is None) != (self.s3_secret_access_key is None):
            raise ValueError(
                "set both CMS_S3_ACCESS_KEY_ID and CMS_S3_SECRET_ACCESS_KEY, or neither "
                "(boto3 then finds credentials as usual)"
            )
        return self

    @model_validator(mode="after")
    def _webhook_timings_fit(self) -> Settings:
        if self.webhook_lease_seconds <= self.webhook_timeout_seconds:
            raise ValueError(
                "CMS_WEBHOOK_LEASE_SECONDS must be longer than CMS_WEBHOOK_TIMEOUT_SECONDS: a "
                "lease that ran out mid-request would let another process send it again"
            )
        if self.webhook_retention_days * 86400 < self.webhook_retry_for_seconds:
            raise ValueError(
                "CMS_WEBHOOK_RETENTION_DAYS must cover CMS_WEBHOOK_RETRY_FOR_SECONDS: a delivery "
                "still being retried would be deleted"
            )
        return self

    @property
    def allows_introspection(self) -> bool:
        return (not self.is_production) if self.introspection is None else self.introspection

    def query_limits(self) -> QueryLimits:
        return QueryLimits(
            max_depth=self.max_depth,
            max_aliases=self.max_aliases,
            max_tokens=self.max_tokens,
            max_cost=self.max_cost,
        )

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def uses_embedded_database(self) -> bool:
        return self.mongodb_uri is None

    @property
    def renditions_dir(self) -> Path:
        """The rendition cache: the setting, or ``renditions`` beside the media directory."""
        return self.rendition_cache_dir or self.media_dir.parent / "renditions"
