"""Loading the invented demo newsroom (``cms seed``; ``cms serve --demo`` on an empty database).

Stories go through the same filing and publishing use cases as an editor's, so the demo's
live copies are built exactly as real ones are.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cms import model
from cms.demo import content, pictures
from cms.domain.credits import parse_credit, render_credit
from cms.domain.placeholders import placeholder_of
from cms.domain.publishing import import_article
from cms.store import Store
from cms.store.codec import new_id
from cms.store.files import MediaFiles

# The demo is loaded by the system itself, not by a person with an account.
DEMO_DESK = model.Principal(user_id=model.SCHEDULER.user_id, role=model.Role.ADMIN, email="demo")


class DemoAlreadyLoaded(RuntimeError):
    """The database already holds content; the demo is never loaded twice or over real work."""


@dataclass(frozen=True, slots=True)
class DemoSummary:
    sections: int
    authors: int
    published: int
    drafts: int
    breaking_slug: str


_MARKUP = re.compile(r"\*\*(?P<bold>.+?)\*\*|_(?P<italic>.+?)_|\[(?P<link>.+?)\]\((?P<href>\S+?)\)")


def rich(text: str) -> model.RichText:
    """Runs from the demo's small markup: **bold**, _italic_ and [text](url)."""
    runs: list[model.Inline] = []
    position = 0
    for match in _MARKUP.finditer(text):
        if match.start() > position:
            runs.append(model.Inline(text[position : match.start()]))
        if match["bold"]:
            runs.append(model.Inline(match["bold"], (model.Mark.BOLD,)))
        elif match["italic"]:
            runs.append(model.Inline(match["italic"], (model.Mark.ITALIC,)))
        else:
            runs.append(model.Inline(match["link"], href=match["href"]))
        position = match.end()
    if position < len(text):
        runs.append(model.Inline(text[position:]))
    return tuple(runs)


class _Loader:
    def __init__(self, store: Store, files: MediaFiles, now: datetime) -> None:
        self.store, self.files, self.now = store, files, now
        self.author_ids: dict[str, str] = {}
        self.story_ids = {str(s["slug"]): new_id() for s in content.STORIES}

    async def picture(
        self,
        *,
        seed: str,
        hue: int,
        motif: str,
        caption: str,
        credit: str,
        alt_text: str | None = None,
    ) -> str:
        data = pictures.scene(seed=seed, hue=hue, motif=motif)
        # The credit line is kept as its parts, as an upload's is, and printed from them.
        parts = parse_credit(credit)
        asset = model.MediaAsset(
            id=new_id(),
            kind=model.MediaKind.IMAGE,
            mime_type="image/jpeg",
            file=await asyncio.to_thread(self.files.put, data, extension="jpg"),
            width=pictures.PICTURE_SIZE[0],
            height=pictures.PICTURE_SIZE[1],
            license="Agency subscription",
            placeholder=await asyncio.to_thread(placeholder_of, data),
            created_at=self.now,
            caption=caption,
            credit=render_credit(parts),
            creator=parts.creator,
            agency=parts.agency,
            distributor=parts.distributor,
            alt_text=alt_text,
        )
        await self.store.media.insert(asset)
        return asset.id

    async def sections(self) -> None:
        for entry in content.SECTIONS:
            await self.store.sections.insert(
                model.Section(
                    id=new_id(),
                    slug=str(entry["slug"]),
                    name=str(entry["name"]),
                    parent=entry["parent"],
                )
            )

    async def authors(self) -> None:
        for index, entry in enumerate(content.AUTHORS):
            name = str(entry["name"])
            initials = "".join(part[0] for part in name.replace("-", " ").split()[:2])
            portrait = pictures.portrait(initials=initials, hue=index * 47)
            avatar = model.MediaAsset(
                id=new_id(),
                kind=model.MediaKind.IMAGE,
                mime_type="image/png",
                file=await asyncio.to_thread(self.files.put, portrait, extension="png"),
                placeholder=await asyncio.to_thread(placeholder_of, portrait),
                width=256,
                height=256,
                alt_text=f"Portrait illustration of {name}",
                credit="Newsroom staff",
                license="Staff",
                created_at=self.now,
            )
            await self.store.media.insert(avatar)
            author = model.Author(
                id=new_id(),
                slug=str(entry["slug"]),
                name=name,
                title=_text(entry, "title"),
                bio=_text(entry, "bio"),
                location=_text(entry, "location"),
                email=_text(entry, "email"),
                avatar_id=avatar.id,
                social_links=tuple(model.SocialLink(n, u) for n, u in _list(entry, "social")),
            )
            await self.store.authors.insert(author)
            self.author_ids[author.slug] = author.id

    async def ad_slots(self) -> None:
        for entry in content.AD_SLOTS:
            targeting = entry["targeting"]
            assert isinstance(targeting, dict)
            await self.store.ad_slots.insert(
                model.AdSlot(
                    id=new_id(),
                    code=str(entry["code"]),
                    name=str(entry["name"]),
                    ad_unit_path=str(entry["ad_unit_path"]),
                    sizes=tuple(model.AdSize(w, h) for w, h in _list(entry, "sizes")),
                    targeting=tuple(model.Targeting(k, tuple(v)) for k, v in targeting.items()),
                    enabled=bool(entry["enabled"]),
                    brand_safe_only=bool(entry.get("brand_safe_only", False)),
                    fluid=bool(entry.get("fluid", False)),
                    placement=_placement(entry.get("placement")),
                    page=_page(entry.get("page")),
                    size_mapping=tuple(
                        model.SizeMapping(
                            viewport=model.AdSize(*viewport),
                            sizes=tuple(model.AdSize(w, h) for w, h in sizes),
                        )
                        for viewport, sizes in _list(entry, "size_mapping")
                    ),
                )
            )

    async def block(self, slug: str, index: int, raw: tuple[Any, ...]) -> model.Block:
        kind, *args = raw
        match kind:
            case "p":
                return model.Paragraph(inlines=rich(args[0]))
            case "h":
                return model.Heading(text=args[0], level=2)
            case "quote":  # one paragraph, or a tuple of them
                said = (args[0],) if isinstance(args[0], str) else args[0]
                return model.BlockQuote(paragraphs=tuple(map(rich, said)), attribution=args[1])
            case "pull":
                return model.PullQuote(text=args[0])
            case "related":
                return model.RelatedLink(label=args[0], article_id=self.story_ids[args[1]])
            case "list":
                return model.ListBlock(items=tuple(rich(item) for item in args[0]))
            case "image":
                caption, credit, hue, motif = args
                asset_id = await self.picture(
                    seed=f"{slug}/{index}", hue=hue, motif=motif, caption=caption, credit=credit
                )
                return model.MediaBlock(media=model.MediaUse(asset_id=asset_id))
            case "embed":
                return _embed(args[0], args[1])
            case "ad":
                return model.AdSlotBlock(slot_code=args[0])
        raise ValueError(f"unknown demo block {kind!r} in {slug}")

    async def story(self, entry: dict[str, Any]) -> model.Article:
        slug = entry["slug"]
        lead = entry["lead"]
        lead_id = await self.picture(
            seed=slug,
            hue=lead["hue"],
            motif=lead["motif"],
            caption=lead["caption"],
            credit=lead["credit"],
            alt_text=lead["alt"],
        )
        when = self.now - timedelta(hours=entry["hours_ago"])
        published = entry["status"] == "PUBLISHED"
        body = [await self.block(slug, i, raw) for i, raw in enumerate(entry["body"])]
        article = model.Article(
            id=self.story_ids[slug],
            slug=slug,
            headline=entry["headline"],
            dek=entry["dek"],
            section=entry["section"],
            tags=tuple(entry["tags"]),
            bylines=tuple(
                model.Byline(author_id=self.author_ids[a], role=entry.get("byline_role"))
                for a in entry["authors"]
            ),
            dateline=entry["dateline"],
            lead_media=model.MediaUse(asset_id=lead_id),
            body=tuple(body),
            seo=model.Seo(title=entry["headline"], description=entry["dek"]),
            ads_policy=model.AdsPolicy(entry["ads_policy"]) if "ads_policy" in entry else None,
            kicker=entry.get("kicker"),
            story_type=model.StoryType(entry.get("story_type", "NEWS")),
            breaking_until=when + timedelta(hours=entry["breaking_hours"])
            if "breaking_hours" in entry
            else None,
            related_article_ids=tuple(self.story_ids[s] for s in entry.get("related", ())),
            created_at=when - timedelta(hours=2),
            updated_at=when if published else when - timedelta(hours=1),
            status=model.Status(entry["status"]),
            published_at=when if published else None,
            first_published_at=when if published else None,
        )
        return await import_article(self.store, article, actor=DEMO_DESK, now=when)


def _placement(rule: object) -> model.PlacementRule | None:
    if not isinstance(rule, dict):
        return None
    fields = {**rule, "sections": tuple(rule.get("sections", ()))}
    return model.PlacementRule(**fields)


def _page(placement: object) -> model.PagePlacement | None:
    if not isinstance(placement, dict):
        return None
    found = placement.get("format")
    return model.PagePlacement(
        pages=tuple(model.PageKind(page) for page in placement["pages"]),
        position=model.PagePosition(placement["position"]),
        out_of_page_format=None if found is None else model.OutOfPageFormat(found),
    )


def _text(entry: dict[str, object], key: str) -> str | None:
    value = entry.get(key)
    return None if value is None else str(value)


def _list(entry: dict[str, object], key: str) -> list[Any]:
    value = entry.get(key) or []
    assert isinstance(value, list)
    return value


def _embed(provider: str, url: str) -> model.Embed:
    video_id = url.rsplit("v=", 1)[-1]
    html = (
        f'<iframe src="https://www.youtube-nocookie.com/embed/{video_id}" width="560" '
        'height="315" title="Video" allowfullscreen></iframe>'
    )
    return model.Embed(provider=provider, url=url, html=html)


async def load_demo(store: Store, files: MediaFiles, *, now: datetime) -> DemoSummary:
    """Write the demo newsroom into an empty database; refuse if it holds anything already."""
    if await store.articles.count() or await store.authors.count():
        raise DemoAlreadyLoaded(
            "The database already holds articles or authors; the demo newsroom was not loaded."
        )
    loader = _Loader(store, files, now)
    await loader.sections()
    await loader.authors()
    await loader.ad_slots()
    stories = [await loader.story(entry) for entry in content.STORIES]
    published = sum(1 for s in stories if s.status is model.Status.PUBLISHED)
    return DemoSummary(
        sections=len(content.SECTIONS),
        authors=len(content.AUTHORS),
        published=published,
        drafts=len(stories) - published,
        breaking_slug=content.BREAKING_SLUG,
    )
