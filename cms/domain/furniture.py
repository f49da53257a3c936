"""A news page's furniture around the story: kicker, story type, breaking, display date,
reading time, related stories, and the networks and providers its links and embeds name.

The rules a frontend relies on live here; the API only shows what these functions answer.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TypeVar
from urllib.parse import urlsplit

from cms import model
from cms.store.collections import MAX_KICKER, MAX_RELATED

# How fast the reading time assumes an adult reads news on screen, in words per minute.
WORDS_PER_MINUTE = 230
# Breaking news runs for hours, not weeks: an end further off is a mistake.
MAX_BREAKING = timedelta(days=7)
# How many related stories a reader may ask for, and how many a page shows by default.
MAX_RELATED_SHOWN = MAX_RELATED
DEFAULT_RELATED = 5
# How many of the newest stories sharing a tag are weighed to top up the related stories.
TOP_UP_CANDIDATES = 50
E = TypeVar("E")
_STORY_ID = re.compile(r"^[0-9a-f]{24}$")


def kicker_problem(kicker: str | None) -> str | None:
    if kicker is not None and (not kicker.strip() or len(kicker) > MAX_KICKER or "\n" in kicker):
        return f"a kicker is one line of 1 to {MAX_KICKER} characters"
    return None


def breaking_problem(until: datetime | None, *, now: datetime) -> str | None:
    """A story is breaking until a time in the next seven days."""
    if until is not None and not now < until <= now + MAX_BREAKING:
        days = MAX_BREAKING.days
        return f"breaking news ends at a time after now and at most {days} days ahead"
    return None


def related_problem(ids: Sequence[str], *, article_id: str | None) -> str | None:
    if any(_STORY_ID.match(i) is None for i in ids):
        return "related stories are named by their ids"
    if len(set(ids)) != len(ids):
        return "a related story is named once"
    if article_id is not None and article_id in ids:
        return "a story is not related to itself"
    if len(ids) > MAX_RELATED:
        return f"at most {MAX_RELATED} related stories"
    return None


def is_breaking(article: model.Article, *, now: datetime) -> bool:
    """Breaking news is reported only until its end."""
    return article.breaking_until is not None and now < article.breaking_until


def display_date(article: model.Article) -> datetime:
    """The date readers are shown: the editor's, else the first publication's (a correction
    or a republish never changes it), else (a preview) the last change's."""
    return (
        article.display_date
        or article.first_published_at
        or article.published_at
        or article.updated_at
    )


def reading_minutes(words: int) -> int:
    """Whole minutes at ``WORDS_PER_MINUTE``, rounded up; at least one for any text."""
    return math.ceil(words / WORDS_PER_MINUTE) if words > 0 else 0


def top_up(
    tags: Sequence[str],
    candidates: Sequence[tuple[str, tuple[str, ...]]],
    *,
    taken: Sequence[str],
    limit: int,
) -> list[str]:
    """Ids of the stories (newest first, as ``candidates`` come) to add after those already
    ``taken``: most tags in common first, newest first among equals, none twice."""
    wanted = set(tags)
    seen = set(taken)
    ranked = sorted(
        (
            (-len(wanted.intersection(found)), position, story_id)
            for position, (story_id, found) in enumerate(candidates)
            if story_id not in seen
        ),
    )
    return [story_id for _, _, story_id in ranked[: max(limit, 0)]]


_NETWORKS = {
    "x": model.SocialNetwork.X,
    "twitter": model.SocialNetwork.X,
    "bluesky": model.SocialNetwork.BLUESKY,
    "mastodon": model.SocialNetwork.MASTODON,
    "threads": model.SocialNetwork.THREADS,
    "facebook": model.SocialNetwork.FACEBOOK,
    "instagram": model.SocialNetwork.INSTAGRAM,
    "linkedin": model.SocialNetwork.LINKEDIN,
    "tiktok": model.SocialNetwork.TIKTOK,
    "youtube": model.SocialNetwork.YOUTUBE,
    "website": model.SocialNetwork.WEBSITE,
    "web": model.SocialNetwork.WEBSITE,
    "site": model.SocialNetwork.WEBSITE,
    "homepage": model.SocialNetwork.WEBSITE,
    "blog": model.SocialNetwork.WEBSITE,
}
_NETWORK_HOSTS = {
    "x.com": model.SocialNetwork.X,
    "twitter.com": model.SocialNetwork.X,
    "bsky.app": model.SocialNetwork.BLUESKY,
    "threads.net": model.SocialNetwork.THREADS,
    "facebook.com": model.SocialNetwork.FACEBOOK,
    "instagram.com": model.SocialNetwork.INSTAGRAM,
    "linkedin.com": model.SocialNetwork.LINKEDIN,
    "tiktok.com": model.SocialNetwork.TIKTOK,
    "youtube.com": model.SocialNetwork.YOUTUBE,
}
_PROVIDERS = {
    "youtube": model.EmbedProvider.YOUTUBE,
    "vimeo": model.EmbedProvider.VIMEO,
    "x": model.EmbedProvider.X,
    "twitter": model.EmbedProvider.X,
    "instagram": model.EmbedProvider.INSTAGRAM,
    "facebook": model.EmbedProvider.FACEBOOK,
    "tiktok": model.EmbedProvider.TIKTOK,
    "bluesky": model.EmbedProvider.BLUESKY,
    "spotify": model.EmbedProvider.SPOTIFY,
    "soundcloud": model.EmbedProvider.SOUNDCLOUD,
    "datawrapper": model.EmbedProvider.DATAWRAPPER,
    "flourish": model.EmbedProvider.FLOURISH,
    "googlemaps": model.EmbedProvider.GOOGLE_MAPS,
}
_PROVIDER_HOSTS = {
    "youtube.com": model.EmbedProvider.YOUTUBE,
    "youtu.be": model.EmbedProvider.YOUTUBE,
    "youtube-nocookie.com": model.EmbedProvider.YOUTUBE,
    "vimeo.com": model.EmbedProvider.VIMEO,
    "x.com": model.EmbedProvider.X,
    "twitter.com": model.EmbedProvider.X,
    "instagram.com": model.EmbedProvider.INSTAGRAM,
    "facebook.com": model.EmbedProvider.FACEBOOK,
    "tiktok.com": model.EmbedProvider.TIKTOK,
    "bsky.app": model.EmbedProvider.BLUESKY,
    "spotify.com": model.EmbedProvider.SPOTIFY,
    "soundcloud.com": model.EmbedProvider.SOUNDCLOUD,
    "datawrapper.de": model.EmbedProvider.DATAWRAPPER,
    "flourish.studio": model.EmbedProvider.FLOURISH,
}


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _by_host(url: str, hosts: dict[str, E]) -> E | None:
    host = (urlsplit(url).hostname or "").lower()
    for known, value in hosts.items():
        if host == known or host.endswith("." + known):
            return value
    return None


def social_network(link: model.SocialLink) -> model.SocialNetwork:
    """The network a link's name (as the editor wrote it: "x", "Website") or else its
    address names; OTHER when neither is one we know."""
    return (
        _NETWORKS.get(_key(link.network))
        or _by_host(link.url, _NETWORK_HOSTS)
        or model.SocialNetwork.OTHER
    )


def embed_provider(embed: model.Embed) -> model.EmbedProvider:
    """The provider an embed's name ("YouTube", "youtube") or else its URL names."""
    return (
        _PROVIDERS.get(_key(embed.provider))
        or _by_host(embed.url, _PROVIDER_HOSTS)
        or model.EmbedProvider.OTHER
    )
