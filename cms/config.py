"""Settings: typed, validated, read from ``CMS_*`` environment variables by the CLI or a test."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
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
    public_url: str = Field(
        default="http://127.0.0.1:8000",
        description="Base URL under which clients reach this server; media URLs are built on it.",
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    max_page_size: int = Field(default=100, ge=1, le=1000)
    db_timeout_ms: int = Field(default=5000, ge=100)

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def uses_embedded_database(self) -> bool:
        return self.mongodb_uri is None
