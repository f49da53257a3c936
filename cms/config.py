"""Settings: typed, validated, read from ``CMS_*`` environment variables by the CLI or a test."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Good enough for a laptop; refused in production, where CMS_SECRET_KEY must be set.
DEVELOPMENT_SECRET = "development-only-secret-do-not-use-in-production"


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
    public_url: str = Field(
        default="",
        description="Base URL under which clients reach this server; media URLs are built on it. "
        "Defaults to http://HOST:PORT.",
    )
    max_page_size: int = Field(default=100, ge=1, le=1000)
    db_timeout_ms: int = Field(default=5000, ge=100)
    secret_key: SecretStr = Field(
        default=SecretStr(DEVELOPMENT_SECRET),
        description="Signs session and preview tokens; must be set (32+ characters) in production.",
    )
    token_ttl_seconds: int = Field(default=8 * 3600, ge=60)
    preview_ttl_seconds: int = Field(default=15 * 60, ge=10)
    lease_seconds: int = Field(default=120, ge=5)
    scheduler_interval_seconds: float = Field(default=1.0, gt=0)
    scheduler_enabled: bool = True

    @model_validator(mode="after")
    def _default_public_url(self) -> Settings:
        if not self.public_url:
            host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
            object.__setattr__(self, "public_url", f"http://{host}:{self.port}")
        object.__setattr__(self, "public_url", self.public_url.rstrip("/"))
        return self

    @model_validator(mode="after")
    def _production_needs_a_secret(self) -> Settings:
        secret = self.secret_key.get_secret_value()
        if self.is_production and (secret == DEVELOPMENT_SECRET or len(secret) < 32):
            raise ValueError("CMS_SECRET_KEY must be set to 32 or more characters in production")
        return self

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def uses_embedded_database(self) -> bool:
        return self.mongodb_uri is None
