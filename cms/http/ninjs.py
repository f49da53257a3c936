"""ninjs: each published story as IPTC ninjs 2.1 at ``/ninjs/ID``, for partners.

The address is by id, so it holds through slug changes. A live story answers ``usable``; one
that was unpublished answers ``withheld`` and one taken down ``canceled`` (content left
out), so a partner polling it learns to withdraw it; an id never published is a 404.
"""

from __future__ import annotations

import json
from datetime import datetime

from starlette.requests import Request
from starlette.responses import Response

from cms import model
from cms.api import cache_tags
from cms.domain import ninjs, reading, syndication
from cms.domain.syndication import Story
from cms.http.delivery import DeliveryState
from cms.http.syndication import JSON, Built, answer, not_found, site_of

PATH = "/ninjs/{article_id}"
_ID = frozenset("0123456789abcdef")


def address(public_url: str, article_id: str) -> str:
    return public_url + PATH.format(article_id=article_id)


async def story(request: Request) -> Response:
    """A story as ninjs, or what is left of one that came down."""

    async def build() -> Built:
        article_id = request.path_params["article_id"]
        if len(article_id) != 24 or not set(article_id) <= _ID:
            raise not_found("There is no story with this id.")
        state: DeliveryState = request.state.delivery
        now: datetime = request.state.clock()
        found = await ninjs.story_for(state.store, article_id, now=now)
        if found is None:
            raise not_found("There is no story with this id.")
        uri = address(state.settings.public_url, article_id)
        built = Built(b"", {cache_tags.article(article_id)})
        if not isinstance(found, Story):
            built.body = _json(ninjs.withdrawn(found, uri=uri))
            return built
        site = await site_of(state)
        slugs = list(found.article.tags)
        names = {t.slug: t.name for t in await reading.tags(state.store, slugs)} if slugs else {}
        document = ninjs.usable(
            found, site, uri=uri, tag_names=names, tag_url=lambda t: site.url(site.paths.tag(t))
        )
        built.body = _json(document)
        built.tags |= {cache_tags.SECTIONS, *(cache_tags.author(a.id) for a in found.authors)}
        built.tags |= {cache_tags.tag(t) for t in slugs}  # their names: a rename purges it
        built.tags |= {cache_tags.media(i) for i in model.media_ids_of(found.article)}
        built.tags |= {cache_tags.article(i) for i in found.related}
        built.expire_by(syndication.fresh_until(found.pictures.values()))
        return built

    return await answer(request, JSON, build)


def _json(document: dict[str, object]) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
