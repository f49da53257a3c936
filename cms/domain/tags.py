"""Tags kept by the desk: created by typing them on a story (or by an editor), renamed and
merged by editors and admins.

A story names its tags by slug, in order. A merge rewrites every story that names a merged tag,
working copies and live copies alike, in one transaction (order kept, duplicates dropped), and
leaves the merged slug leading to the tag it went into, so its old tag page still answers.
Each change writes its events in its transaction: ``tag.changed`` for the tags, and
``article.updated`` for every live story a merge retagged.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime

from cms import model
from cms.domain import events, versions
from cms.domain.editing import MAX_SLUG, is_slug
from cms.domain.reading import PageRequest, decode_slug_cursor, search_words
from cms.domain.tagging import name_from_slug, new_tag
from cms.errors import BadUserInput, Conflict, Forbidden, NotFound
from cms.store import Store
from cms.store.codec import new_id

TAG = versions.Kind(noun="tag", shown=("name",))
MAX_NAME = 200
# The most tags one merge takes in.
MAX_MERGED = 50


def require_editor(principal: model.Principal) -> None:
    """Renaming and merging change every story's tags: editors' and admins' work."""
    if principal.role not in (model.Role.EDITOR, model.Role.ADMIN):
        raise Forbidden("Only editors and admins may create, rename and merge tags.")


def _check_slug(slug: str, *, field: str = "slug") -> None:
    if not is_slug(slug):
        raise BadUserInput(
            f"{slug[:40]!r} is not a tag slug: lowercase letters, digits and single hyphens, "
            f"at most {MAX_SLUG} characters.",
            field=field,
        )


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > MAX_NAME:
        raise BadUserInput(f"A tag's name has 1 to {MAX_NAME} characters.", field="name")
    return cleaned


async def create_tag(
    store: Store, principal: model.Principal, *, slug: str, name: str | None, now: datetime
) -> model.Tag:
    """A new tag (named after its slug unless a name is given); a slug in use is refused."""
    require_editor(principal)
    _check_slug(slug)
    tag = new_tag(slug, _clean_name(name if name is not None else name_from_slug(slug)), now)

    async def write(tx: Store) -> model.Tag:
        await tx.tags.insert(tag)  # a slug in use: BAD_USER_INPUT, reason DUPLICATE
        await tx.slug_redirects.forget(model.RedirectKind.TAG, slug)
        await tx.events.insert(events.tag_changed(tag, now=now))
        return tag

    return await store.atomically(write)


def _no_tag(slug: str) -> NotFound:
    return NotFound(f"No tag {slug!r}.", slug=slug)


async def rename_tag(
    store: Store,
    principal: model.Principal,
    *,
    slug: str,
    name: str,
    expected_version: int | None,
    now: datetime,
) -> model.Tag:
    """Give a tag another name; its slug, and every story's tags, stay as they are (to
    change a slug, merge the tag into a new one)."""
    require_editor(principal)
    cleaned = _clean_name(name)
    tag = await store.tags.by_slug(slug)
    if tag is None:
        raise _no_tag(slug)
    await versions.check(store.tags, tag, expected_version, kind=TAG)
    renamed = dataclasses.replace(tag, name=cleaned, version=tag.version + 1, updated_at=now)

    async def write(tx: Store) -> model.Tag:
        saved = await versions.save(
            tx.tags, tag, renamed, kind=TAG, held=expected_version, missing=lambda: _no_tag(slug)
        )
        await tx.events.insert(events.tag_changed(saved, now=now))
        return saved

    return await store.atomically(write)


async def page(
    store: Store, request: PageRequest, *, search: str | None = None
) -> tuple[list[model.Tag], bool]:
    """A page of the newsroom's tags by slug (those with a word starting as each word of
    ``search``), and whether more follow."""
    size = request.size()
    after = None if request.after is None else decode_slug_cursor(request.after)
    words = search_words(search)
    found = await store.tags.page(limit=size + 1, after=after, words=words)
    return found[:size], len(found) > size


async def story_count(store: Store, slug: str) -> int:
    """How many stories (working copies) name the tag."""
    return await store.articles.count_tagged(slug)


@dataclasses.dataclass(frozen=True, slots=True)
class Merge:
    """What a merge did: the tag the others went into, and how many stories it retagged."""

    tag: model.Tag
    stories: int


def _check_merge(sources: Sequence[str], into: str) -> list[str]:
    _check_slug(into, field="into")
    wanted = list(dict.fromkeys(sources))
    if not wanted or len(wanted) > MAX_MERGED:
        raise BadUserInput(f"Merge 1 to {MAX_MERGED} tags at once.", field="tags")
    for slug in wanted:
        _check_slug(slug, field="tags")
    if into in wanted:
        raise BadUserInput(f"A tag cannot be merged into itself ({into!r}).", field="into")
    return wanted


async def merge_tags(
    store: Store, principal: model.Principal, *, sources: Sequence[str], into: str, now: datetime
) -> Merge:
    """Merge tags into one (made, named as the first merged tag, when it does not exist):
    every story naming a merged tag names ``into`` instead, in the same place, once; the
    merged tags are gone and their slugs lead to ``into``. All of it, or nothing."""
    require_editor(principal)
    merged = _check_merge(sources, into)

    async def write(tx: Store) -> Merge:
        found = await tx.tags.by_slugs(merged)
        for slug in merged:
            if slug not in found and not await tx.articles.tag_uses([slug], limit=1):
                raise _no_tag(slug)
        target = await tx.tags.by_slug(into)
        if target is None:
            first = found.get(merged[0])
            target = new_tag(into, first.name if first else name_from_slug(into), now)
            await tx.tags.insert(target)
            await tx.slug_redirects.forget(model.RedirectKind.TAG, into)
            await tx.events.insert(events.tag_changed(target, now=now))
        retagged = await _retag(tx, merged, into, now=now)
        for slug in merged:
            gone = found.get(slug)
            await tx.events.insert(events.tag_merged(slug, gone=gone, into=target, now=now))
            if gone is not None:
                await tx.tags.remove(gone)
                await tx.slug_redirects.retarget(
                    model.RedirectKind.TAG, old_id=gone.id, new_id=target.id
                )
            redirect = model.SlugRedirect(
                id=new_id(), kind=model.RedirectKind.TAG, slug=slug, target_id=target.id, at=now
            )
            await tx.slug_redirects.point(redirect)
        return Merge(tag=target, stories=retagged)

    return await store.atomically(write)


async def _retag(tx: Store, merged: Sequence[str], into: str, *, now: datetime) -> int:
    """Rewrite the tags of every working and live copy naming a merged tag; how many
    stories that was. A working copy moves one version up, so an editor holding it open
    is told of the change rather than saving the old tags over it; a live copy moves up
    with it (or one past its own, when its working copy had dropped the tag already) and
    tells subscribers with ``article.updated``, as a republish would."""
    uses = await tx.articles.tag_uses(merged)
    moved: dict[str, int] = {}
    for use in uses:
        tags = merged_tags(use.tags, merged, into)
        if not await tx.articles.set_tags(use.id, tags, version=use.version):
            raise Conflict("A story changed during the merge; nothing was merged. Try again.")
        moved[use.id] = use.version + 1
    told: list[model.Event] = []
    for use in await tx.live_articles.tag_uses(merged):
        version = max(use.version + 1, moved.get(use.id, 0))
        tags = merged_tags(use.tags, merged, into)
        live = await tx.live_articles.set_tags(use.id, tags, version=version)
        if live is not None:
            told.append(events.retagged(live, now=now))
    await tx.events.insert(*told)
    return len(uses)


def merged_tags(tags: Sequence[str], sources: Sequence[str], into: str) -> tuple[str, ...]:
    """A story's tags after a merge: each merged tag replaced by ``into`` where it stood,
    then every tag kept once, at its first place."""
    return tuple(dict.fromkeys(into if tag in sources else tag for tag in tags))
