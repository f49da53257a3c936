"""Settings: typed, from CMS_* variables, and strict about secrets in production."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from cms.config import Settings


def test_production_refuses_the_development_secret() -> None:
    with pytest.raises(ValidationError, match="CMS_SECRET_KEY"):
        Settings(env="production")
    with pytest.raises(ValidationError, match="CMS_SECRET_KEY"):
        Settings(env="production", secret_key="too-short")
    assert Settings(env="production", secret_key="x" * 32).is_production


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CMS_DATABASE", "paper")
    monkeypatch.setenv("CMS_PORT", "9001")
    settings = Settings()
    assert settings.database == "paper"
    assert settings.public_url == "http://127.0.0.1:9001"


def test_publisher_settings_are_checked_at_start() -> None:
    settings = Settings(
        publication_language="pt-BR",
        publisher_logo_url="https://www.example-news.org/logo.png",
        robots_disallow=("/admin/", "/previews/"),
    )
    assert settings.publication_language == "pt-BR"
    assert Settings().publication_language == "en"
    assert Settings().publisher_logo_url == ""
    with pytest.raises(ValidationError, match="CMS_PUBLICATION_LANGUAGE 'english'"):
        Settings(publication_language="english")
    for logo in ("logo.png", "javascript:alert(1)", "https://x.org/a b.png", "//cdn.x.org/l.png"):
        with pytest.raises(ValidationError, match="CMS_PUBLISHER_LOGO_URL"):
            Settings(publisher_logo_url=logo)
    for path in ("admin/", "/a b"):
        with pytest.raises(ValidationError, match="CMS_ROBOTS_DISALLOW"):
            Settings(robots_disallow=(path,))
