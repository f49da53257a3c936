"""Settings: typed, validated, read from ``CMS_*`` environment variables by the CLI or a test."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


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

    @model_validator(mode="after")
    def _default_public_url(self) -> Settings:
        if not self.public_url:
            host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
            object.__setattr__(self, "public_url", f"http://{host}:{self.port}")
        object.__setattr__(self, "public_url", self.public_url.rstrip("/"))
        return self

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def uses_embedded_database(self) -> bool:
        return self.mongodb_uri is None
