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
