"""Inline text rendering and embed sanitising: pure functions, no database."""

from __future__ import annotations

import pytest

from cms.domain import richtext
from cms.model import Inline, Mark


def test_content_is_escaped_and_marks_nest() -> None:
    text = (
        Inline("<b>"),
        Inline("both", (Mark.ITALIC, Mark.BOLD), href="https://a.example/?x=1&y=2"),
    )
    assert richtext.to_html(text) == (
        '&lt;b&gt;<a href="https://a.example/?x=1&amp;y=2"><em><strong>both</strong></em></a>'
    )
    assert richtext.to_plain(text) == "<b>both"


@pytest.mark.parametrize(
    ("href", "safe"),
    [
        ("https://example.org", True),
        ("mailto:desk@newsroom.example", True),
        ("/news/local-story", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//evil.example/path", False),
        ("/\\evil.example/path", False),
        ("/\t/evil.example/path", False),
        ("/news/\nlocal", False),
        ("https://exa mple.org", False),
        ("https://[::1", False),
    ],
)
def test_only_safe_links_survive(href: str, safe: bool) -> None:
    assert richtext.is_safe_link(href) is safe
    html = richtext.to_html((Inline("x", href=href),))
    assert ("<a " in html) is safe


def test_embed_html_keeps_known_players_only() -> None:
    dirty = (
        '<blockquote class="post" onclick="x()">Hi <a href="javascript:x()">there</a></blockquote>'
        '<iframe src="https://player.vimeo.com/video/1" onload="x()"></iframe>'
        '<iframe src="http://www.youtube.com/embed/2"></iframe>'
        "<script>alert(1)</script><img src=x onerror=alert(1)>"
    )
    clean = richtext.sanitize_embed(dirty)
    assert "player.vimeo.com/video/1" in clean
    assert "http://www.youtube.com" not in clean, "players must be https"
    for banned in ("onclick", "onload", "javascript", "<script", "<img", "onerror"):
        assert banned not in clean, banned


def test_an_embed_without_html_is_a_plain_link() -> None:
    html = richtext.embed_html(None, url="https://social.example/post/1?a=1&b=2")
    assert html.startswith('<a href="https://social.example/post/1?a=1&amp;b=2"')
    assert richtext.embed_html("<script>x</script>", url="javascript:x") == ""


def test_an_embed_keeps_only_web_citations_and_known_iframe_features() -> None:
    dirty = (
        '<blockquote class="post" cite="javascript:alert(1)">A post</blockquote>'
        '<blockquote class="post" cite="https://social.example/post/7">Another</blockquote>'
        '<iframe src="https://www.youtube.com/embed/2" allow="autoplay; camera *; '
        "microphone; geolocation 'src'; encrypted-media; payment\"></iframe>"
    )
    clean = richtext.sanitize_embed(dirty)
    assert "javascript" not in clean
    assert 'cite="https://social.example/post/7"' in clean
    assert 'allow="autoplay; encrypted-media"' in clean, clean
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert feature not in clean, feature
    only_camera = richtext.sanitize_embed(
        '<iframe src="https://player.vimeo.com/video/1" allow="camera; usb"></iframe>'
    )
    assert "allow" not in only_camera, only_camera
