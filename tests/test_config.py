"""Settings: typed, from CMS_* variables, and strict about secrets in production."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from cms.config import Settings
from cms.domain import security


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


def test_production_refuses_password_hashing_weaker_than_owasps_least() -> None:
    secret = "x" * 32
    with pytest.raises(ValidationError, match="CMS_PASSWORD_HASH_MEMORY_KIB"):
        Settings(env="production", secret_key=secret, password_hash_memory_kib=8192)
    with pytest.raises(ValidationError, match="CMS_PASSWORD_HASH_MEMORY_KIB"):
        Settings(
            env="production",
            secret_key=secret,
            password_hash_memory_kib=32768,
            password_hash_time_cost=1,
        )
    one_pass = Settings(env="production", secret_key=secret, password_hash_time_cost=1)
    assert one_pass.password_hash_memory_kib >= 47104  # enough memory for a single pass
    assert Settings(env="production", secret_key=secret).password_hash_memory_kib == 65536
    low_memory = Settings(
        env="production",
        secret_key=secret,
        password_hash_memory_kib=19456,
        password_hash_time_cost=2,
    )
    assert low_memory.is_production
    with pytest.raises(ValidationError, match="8 KiB per lane"):
        Settings(password_hash_memory_kib=16, password_hash_parallelism=4)


def test_passwords_are_hashed_as_configured_and_older_hashes_still_verify() -> None:
    security.configure_hashing(Settings())
    strong = security.hash_password("harbour lights at dawn")
    assert "$m=65536,t=3,p=4$" in strong
    cheap = Settings(
        password_hash_time_cost=1, password_hash_memory_kib=64, password_hash_parallelism=1
    )
    security.configure_hashing(cheap)
    made = security.hash_password("harbour lights at dawn")
    assert "$m=64,t=1,p=1$" in made
    assert security.password_matches(strong, "harbour lights at dawn")
    assert security.password_matches(made, "harbour lights at dawn")
    assert not security.password_matches(strong, "harbour lights at dusk")
    assert "$m=64,t=1,p=1$" in security.dummy_hash()  # an unknown email costs the same
