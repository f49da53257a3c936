"""Paths: every public page's address built from the settings' patterns, and read back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from cms import model
from cms.config import Settings
from cms.domain.urls import PageKind, Paths, local_path, section_trail

SECTIONS = [
    model.Section(id="a" * 24, slug="news", name="News"),
    model.Section(id="b" * 24, slug="politics", name="Politics", parent="news"),
    model.Section(id="c" * 24, slug="local-councils", name="Councils", parent="politics"),
]
# Late evening in New York on 5 March is already 6 March in UTC.
FIRST_PUBLISHED = datetime(2026, 3, 6, 2, 30, tzinfo=UTC)


def _story(*, section: str | None = "politics", published: bool = True) -> model.Article:
    return model.Article(
        id="65f0c0ffee0000000000abcd",
        slug="council-approves-flood-defence-budget",
        headline="Council approves flood defence budget",
        section=section,
        created_at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
        updated_at=FIRST_PUBLISHED,
        first_published_at=FIRST_PUBLISHED if published else None,
    )


def _paths(**settings: str) -> Paths:
    return Paths.from_settings(Settings(**settings))  # type: ignore[arg-type]


def test_default_patterns_date_a_story_by_first_publication_in_the_newsroom_time_zone() -> None:
    paths = _paths(site_url="https://www.example-news.org/", time_zone="America/New_York")
    path = paths.article(_story(), SECTIONS)
    assert path == "/news/politics/2026/03/05/council-approves-flood-defence-budget"
    assert paths.absolute(path) == "https://www.example-news.org" + path
    assert _paths().article(_story(), SECTIONS).startswith("/news/politics/2026/03/06/")


def test_a_story_never_published_is_dated_by_its_creation() -> None:
    path = _paths().article(_story(published=False), SECTIONS)
    assert path == "/news/politics/2026/03/01/council-approves-flood-defence-budget"


def test_a_story_without_a_section_drops_the_segment_cleanly() -> None:
    assert _paths().article(_story(section=None), SECTIONS) == (
        "/2026/03/06/council-approves-flood-defence-budget"
    )
    paths = _paths(article_path_pattern="/{section}-{slug}")
    assert paths.article(_story(section=None), SECTIONS) == (
        "/-council-approves-flood-defence-budget"
    )


def test_sections_authors_and_tags_have_their_own_patterns() -> None:
    paths = _paths(
        section_path_pattern="/sections/{section}",
        author_path_pattern="/people/{slug}/",
        tag_path_pattern="/topics/{slug}",
        article_path_pattern="/{yyyy}/{slug}-{id}",
    )
    assert paths.section("local-councils", SECTIONS) == "/sections/news/politics/local-councils"
    assert paths.section("unknown", SECTIONS) == "/sections/unknown"
    assert paths.author("amara-okafor") == "/people/amara-okafor/"
    assert paths.tag("flooding") == "/topics/flooding"
    assert paths.article(_story(), SECTIONS) == (
        "/2026/council-approves-flood-defence-budget-65f0c0ffee0000000000abcd"
    )


def test_a_path_reads_back_as_every_page_it_could_be() -> None:
    paths = _paths()
    story = paths.read("/news/politics/2026/03/06/council-approves-flood-defence-budget/?ref=x")
    assert [m.kind for m in story] == [PageKind.ARTICLE, PageKind.SECTION]
    assert story[0].values == {
        "section": "news/politics",
        "yyyy": "2026",
        "mm": "03",
        "dd": "06",
        "slug": "council-approves-flood-defence-budget",
    }
    no_section = paths.read("/2026/03/06/council-approves-flood-defence-budget")
    assert no_section[0].kind is PageKind.ARTICLE
    assert no_section[0].get("section") is None
    assert [(m.kind, m.values) for m in paths.read("/tags/flooding")] == [
        (PageKind.TAG, {"slug": "flooding"}),
        (PageKind.SECTION, {"section": "tags/flooding"}),
    ]
    assert paths.read("/authors/amara-okafor")[0].kind is PageKind.AUTHOR
    assert [m.kind for m in paths.read("/news/politics")] == [PageKind.SECTION]
    assert paths.read("/News/Politics") == []
    assert paths.read("/") == []


def test_a_story_path_with_its_id_reads_the_id() -> None:
    paths = _paths(article_path_pattern="/{yyyy}/{slug}-{id}")
    [match, *_] = paths.read("/2026/council-vote-65f0c0ffee0000000000abcd")
    assert match.kind is PageKind.ARTICLE
    assert match.values == {
        "yyyy": "2026",
        "slug": "council-vote",
        "id": "65f0c0ffee0000000000abcd",
    }


def test_section_trail_and_local_path() -> None:
    assert section_trail("local-councils", SECTIONS) == "news/politics/local-councils"
    assert section_trail("news", SECTIONS) == "news"
    assert local_path("news/") == "/news"
    assert local_path("/#top") == "/"


@pytest.mark.parametrize(
    ("setting", "pattern", "complaint"),
    [
        ("article_path_pattern", "/{section}/{headline}", "unknown placeholder {headline}"),
        ("article_path_pattern", "/{section}/{yyyy}", "must contain {slug} or {id}"),
        ("article_path_pattern", "{slug}", "must start with /"),
        ("article_path_pattern", "/{slug}/{slug}", "repeats a placeholder"),
        ("article_path_pattern", "/{slug", "unmatched brace"),
        ("section_path_pattern", "/sections/{slug}", "unknown placeholder {slug}"),
        ("author_path_pattern", "/authors", "must contain {slug}"),
        ("tag_path_pattern", "/authors/{slug}", "must differ"),
    ],
)
def test_start_up_refuses_a_pattern_no_page_could_be_found_by(
    setting: str, pattern: str, complaint: str
) -> None:
    with pytest.raises(ValidationError, match=complaint):
        Settings(**{setting: pattern})  # type: ignore[arg-type]


def test_site_url_is_absolute_and_defaults_to_the_public_url() -> None:
    assert Settings(port=9001).site_url == "http://127.0.0.1:9001"
    assert Settings(site_url="https://news.example.org/").site_url == "https://news.example.org"
    for bad in ("www.example-news.org", "ftp://example.org", "https://example.org/?a=1"):
        with pytest.raises(ValidationError, match="CMS_SITE_URL"):
            Settings(site_url=bad)
