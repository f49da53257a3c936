"""The invented newsroom the benchmark seeds: its newest story through the same use case as
the demo (the publish check edits it), the rest brought in by bulk inserts through the store,
a thousand stories a command, so that 200,000 take minutes rather than hours.

The bulk stories are documents prepared as the store writes a live copy
(``articles.live_document``), in a thread while the database inserts the batch before, with
bodies drawn from a pool invented once (a body costs more to invent and encode than the rest
of the story); the indexes are the app's, made by ``Store.prepare`` before; the lists' counts
are tallied from the documents and added once at the end."""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from benchmark.options import DATABASE, DESK, Options
from cms import model
from cms.domain.credits import Credit, render_credit
from cms.domain.publishing import import_article
from cms.store import Store, open_store
from cms.store.articles import live_document
from cms.store.codec import new_id
from cms.store.counters import live_keys

SECTION_NAMES = [
    ("news", "News"),
    ("world", "World"),
    ("politics", "Politics"),
    ("business", "Business"),
    ("sport", "Sport"),
    ("culture", "Culture"),
    ("science", "Science"),
    ("opinion", "Opinion"),
]
FIRST_NAMES = "Ada Ben Chloe Dev Elif Femi Greta Hiro Ines Jonas Kemi Luca Maya Nils Omar Priya"
LAST_NAMES = "Adeyemi Berg Costa Dahl Evans Fischer Garcia Haddad Ivanova Jensen Kowalski Lind"
VOCABULARY = (
    "council river flood defences minister budget vote harbour school rail strike talks "
    "hospital ward report court ruling village market prices farmers drought summit treaty "
    "league final coach museum exhibition festival researchers study climate energy grid "
    "wind solar bridge road tunnel mayor residents police inquiry election campaign poll "
    "union wages housing rents tenants airport runway plan objections hearing evidence "
    "witnesses statement spokesperson officials agency figures quarter growth exports"
)
WORDS = VOCABULARY.split()
AGENCIES = ["AFP", "Reuters", "AP", "Riverside Press", "Northern Wire"]
DISTRIBUTORS = ["Getty Images", "Wirestream", None]


@dataclass
class Newsroom:
    """What the benchmark needs to know about what it seeded."""

    slugs: list[str]
    sections: list[str]
    writer: Writer | None = None
    authors: list[str] = field(default_factory=list)
    newest_id: str = ""
    newest_slug: str = ""
    newest_section: str = ""
    seconds: float = 0.0


class Writer:
    """Invents stories, deterministically from a seed, and files them through the CMS."""

    def __init__(self, store: Store, rng: random.Random, now: datetime) -> None:
        self.store, self.rng, self.now = store, rng, now
        self.pool: list[str] = []
        self.bodies: list[tuple[model.Block, ...]] = []

    def words(self, count: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(count))

    def sentence(self) -> str:
        text = self.words(self.rng.randint(12, 20))
        return text[0].upper() + text[1:] + "."

    def paragraph(self) -> model.Paragraph:
        runs = [model.Inline(" ".join(self.sentence() for _ in range(3)) + " ")]
        if self.rng.random() < 0.3:
            runs.append(model.Inline(self.sentence(), (model.Mark.BOLD,)))
        if self.rng.random() < 0.3:
            runs.append(model.Inline(" read the report", href="https://example.org/report"))
        runs.append(model.Inline(" " + self.sentence()))
        return model.Paragraph(inlines=tuple(runs))

    def picture_for(self) -> str:
        """A picture of the pool (stories share them: how many there are changes no read)."""
        return self.rng.choice(self.pool)

    async def pictures(self, count: int) -> None:
        self.pool = [await self.picture(self.sentence()) for _ in range(count)]

    async def picture(self, caption: str) -> str:
        creator = f"{self.rng.choice(FIRST_NAMES.split())} {self.rng.choice(LAST_NAMES.split())}"
        agency, distributor = self.rng.choice(AGENCIES), self.rng.choice(DISTRIBUTORS)
        asset = model.MediaAsset(
            id=new_id(),
            kind=model.MediaKind.IMAGE,
            mime_type="image/jpeg",
            file=f"{new_id()}.jpg",
            width=2048,
            height=1365,
            caption=caption,
            credit=render_credit(Credit(creator, agency, distributor)),
            creator=creator,
            agency=agency,
            distributor=distributor,
            alt_text=self.sentence(),
            license="Agency subscription",
            created_at=self.now,
        )
        await self.store.media.insert(asset)
        return asset.id

    async def sections(self, count: int) -> list[str]:
        slugs = []
        for index in range(count):
            slug, name = (
                SECTION_NAMES[index] if index < len(SECTION_NAMES) else (f"desk-{index}", "Desk")
            )
            await self.store.sections.insert(model.Section(id=new_id(), slug=slug, name=name))
            slugs.append(slug)
        return slugs

    async def authors(self, count: int) -> list[str]:
        ids = []
        for index in range(count):
            first = FIRST_NAMES.split()[index % 16]
            last = LAST_NAMES.split()[(index // 16 + index) % 12]
            author = model.Author(
                id=new_id(),
                slug=f"{first}-{last}-{index}".lower(),
                name=f"{first} {last}",
                title="Reporter",
                bio=self.sentence(),
                email=f"{first}.{last}.{index}@newsroom.example".lower(),
            )
            await self.store.authors.insert(author)
            ids.append(author.id)
        return ids

    def body(self) -> tuple[model.Block, ...]:
        """About eight paragraphs, a block quote and an inline picture."""
        body: list[model.Block] = [self.paragraph() for _ in range(8)]
        quote = model.BlockQuote(
            paragraphs=((model.Inline(self.sentence()),),), attribution="A witness"
        )
        body.insert(3, quote)
        caption = self.sentence() if self.rng.random() < 0.5 else None
        inline = model.MediaUse(asset_id=self.picture_for(), caption=caption)
        body.insert(6, model.MediaBlock(media=inline))
        return tuple(body)

    def story(
        self, index: int, *, section: str, authors: list[str], pooled: bool = False
    ) -> model.Article:
        """A body (``pooled``: one of the pool's) under a lead picture; published ``index``
        times about seven minutes before now."""
        slug = f"{self.words(4).replace(' ', '-')}-{index}"
        headline = self.sentence()[:-1]
        lead = self.picture_for()
        if pooled:
            if not self.bodies:
                self.bodies = [self.body() for _ in range(BODIES)]
            body = self.rng.choice(self.bodies)
        else:
            body = self.body()
        byline_count = 2 if self.rng.random() < 0.3 else 1
        bylines = tuple(model.Byline(author_id=a) for a in self.rng.sample(authors, byline_count))
        published = self.now - timedelta(minutes=index * 7 + self.rng.randint(0, 6))
        return model.Article(
            id=new_id(),
            slug=slug,
            headline=headline,
            dek=self.sentence(),
            section=section,
            tags=tuple(sorted({self.rng.choice(WORDS), self.rng.choice(WORDS)})),
            bylines=bylines,
            dateline="Millbrook, UK",
            lead_media=model.MediaUse(asset_id=lead),
            body=body,
            seo=model.Seo(title=headline),
            created_at=published - timedelta(hours=2),
            updated_at=published,
            status=model.Status.PUBLISHED,
            published_at=published,
            first_published_at=published,
        )


# Stories per bulk insert, pictures in the pool the stories share, and bodies in theirs.
BATCH = 1000
PICTURES = 400
BODIES = 64


async def seed(uri: str, options: Options, *, count: int) -> Newsroom:
    """Sections, authors, a pool of pictures and ``count`` live stories: the newest through
    import_article (working copy, revision, audit event, live copy), the rest in bulk."""
    started = time.perf_counter()
    store = open_store(uri, DATABASE, timeout_ms=30_000)
    try:
        await store.prepare()
        writer = Writer(store, random.Random(options.seed), datetime.now(UTC))
        sections = await writer.sections(options.sections)
        authors = await writer.authors(options.authors)
        await writer.pictures(PICTURES)
        newsroom = Newsroom(slugs=[], sections=sections, writer=writer, authors=authors)
        newest = writer.story(0, section=sections[0], authors=authors)
        await import_article(store, newest, actor=DESK, now=newest.published_at or writer.now)
        newsroom.slugs.append(newest.slug)
        newsroom.newest_id, newsroom.newest_slug = newest.id, newest.slug
        newsroom.newest_section = sections[0]
        await _bulk(store, newsroom, count)
    finally:
        await store.close()
    newsroom.seconds = time.perf_counter() - started
    return newsroom


async def grow(uri: str, newsroom: Newsroom, count: int) -> float:
    """Bring the archive to ``count`` stories with older ones; the seconds it took."""
    started = time.perf_counter()
    store = open_store(uri, DATABASE, timeout_ms=120_000)
    try:
        await _bulk(store, newsroom, count)
    finally:
        await store.close()
    return time.perf_counter() - started


async def _bulk(store: Store, newsroom: Newsroom, count: int) -> None:
    """Live copies of stories older than those seeded so far, a thousand a command (no
    working copies: delivery never reads them, and they would double the time it takes).
    Each batch is prepared in a thread while the one before is inserted, and the lists'
    counts are added once, when every batch is in."""
    writer, sections = newsroom.writer, newsroom.sections
    assert writer is not None
    counts: Counter[str] = Counter()

    def prepare(start: int) -> tuple[list[str], list[dict[str, Any]]]:
        stories = [
            writer.story(
                index,
                section=sections[index % len(sections)],
                authors=newsroom.authors,
                pooled=True,
            )
            for index in range(start, min(start + BATCH, count))
        ]
        docs = [live_document(story) for story in stories]
        for doc in docs:
            counts.update(live_keys(doc))
        return [story.slug for story in stories], docs

    starts = list(range(len(newsroom.slugs), count, BATCH))
    following = asyncio.ensure_future(asyncio.to_thread(prepare, starts[0])) if starts else None
    for position in range(len(starts)):
        assert following is not None
        slugs, docs = await following
        if position + 1 < len(starts):
            following = asyncio.ensure_future(asyncio.to_thread(prepare, starts[position + 1]))
        await store.live_articles.put_documents(docs, counted=False)
        newsroom.slugs += slugs
    await store.story_counts.add(counts)
