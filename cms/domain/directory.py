"""The newsroom's directory, kept by admins: authors, sections and user accounts.

Nothing is deleted out from under a story: an author still named in a byline and a section
still holding stories are refused with the reason, so no page breaks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from cms import model
from cms.domain import events, richtext, versions
from cms.domain.ads import is_out_of_page
from cms.domain.editing import is_slug
from cms.errors import BadUserInput, Forbidden, NotFound
from cms.store import Store
from cms.store.codec import new_id

AUTHOR = versions.Kind(
    noun="author",
    shown=("slug", "name", "title", "bio", "location", "avatar_id", "social_links", "email"),
)
SECTION = versions.Kind(noun="section", shown=("name", "parent", "ads_policy"))
AD_SLOT = versions.Kind(
    noun="ad slot",
    shown=(
        "code",
        "name",
        "ad_unit_path",
        "sizes",
        "targeting",
        "placement",
        "enabled",
        "brand_safe_only",
        "fluid",
        "active_from",
        "active_until",
    ),
    names={"brand_safe_only": "brandSafe"},
)


def require_admin(principal: model.Principal) -> None:
    if principal.role is not model.Role.ADMIN:
        raise Forbidden("Only admins may change authors, sections, ad slots and users.")


def _check_slug(slug: str | None) -> None:
    if slug is not None and not is_slug(slug):
        raise BadUserInput(f"{slug[:40]!r} is not a slug (at most 200 characters).", field="slug")


async def _check_avatar(store: Store, avatar_id: str | None) -> None:
    if avatar_id is not None and await store.media.get(avatar_id) is None:
        raise BadUserInput("The avatar names an unknown asset.", field="avatarId")


_AUTHOR_REQUIRED = ("slug", "name")


MAX_SOCIAL_LINKS = 20
MAX_NETWORK_CHARS = 50
MAX_LINK_CHARS = 2000


def is_https_url(url: str) -> bool:
    """An https address with a host, nothing a browser could read as another place."""
    return richtext.is_web_url(url) and urlsplit(url).scheme.lower() == "https"


def _social_link_problem(links: Sequence[model.SocialLink]) -> str | None:
    """What is wrong with an author's social links, if anything: https addresses only."""
    if len(links) > MAX_SOCIAL_LINKS:
        return f"at most {MAX_SOCIAL_LINKS} links"
    for link in links:
        if not link.network.strip() or len(link.network) > MAX_NETWORK_CHARS:
            return f"each link names its network in 1 to {MAX_NETWORK_CHARS} characters"
        if len(link.url) > MAX_LINK_CHARS or not is_https_url(link.url):
            return f"{link.url[:80]!r} is not an https address"
    return None


def _check_author(fields: Mapping[str, Any], *, creating: bool) -> None:
    """An author always has a slug and a name, and links only to https addresses: every
    problem at once."""
    problems = {
        name: "required" if creating and name not in fields else "cannot be empty"
        for name in _AUTHOR_REQUIRED
        if (creating or name in fields) and not (fields.get(name) or "").strip()
    }
    links = _social_link_problem(fields.get("social_links") or ())
    if links is not None:
        problems["socialLinks"] = links
    if problems:
        listed = "; ".join(f"{name}: {why}" for name, why in problems.items())
        raise BadUserInput(f"The author input is not valid: {listed}.", fields=problems)
    _check_slug(fields.get("slug"))


async def create_author(
    store: Store, principal: model.Principal, fields: Mapping[str, Any], *, now: datetime
) -> model.Author:
    require_admin(principal)
    _check_author(fields, creating=True)
    await _check_avatar(store, fields.get("avatar_id"))
    author = model.Author(id=new_id(), **fields, updated_at=now)

    async def write(tx: Store) -> model.Author:
        await tx.events.insert(events.author_changed(author, now=now))
        # A new author under a renamed author's old slug owns it: it no longer leads there.
        await tx.slug_redirects.forget(model.RedirectKind.AUTHOR, author.slug)
        return await tx.authors.insert(author)

    return await store.atomically(write)


def _no_author(author_id: str) -> NotFound:
    return NotFound(f"No author with id {author_id!r}.", id=author_id)


async def update_author(
    store: Store,
    principal: model.Principal,
    author_id: str,
    fields: Mapping[str, Any],
    *,
    now: datetime,
    expected_version: int | None = None,
) -> model.Author:
    require_admin(principal)
    author = await store.authors.get(author_id)
    if author is None:
        raise _no_author(author_id)
    await versions.check(store.authors, author, expected_version, kind=AUTHOR)
    _check_author(fields, creating=False)
    await _check_avatar(store, fields.get("avatar_id"))

    async def write(tx: Store) -> model.Author:
        saved = await versions.save(
            tx.authors,
            author,
            versions.bumped(author, **fields, updated_at=now),
            kind=AUTHOR,
            held=expected_version,
            missing=lambda: _no_author(author_id),
        )
        await tx.events.insert(events.author_changed(saved, now=now))
        await _keep_author_address(tx, author, saved, now=now)
        return saved

    updated = await store.atomically(write)
    if updated.name != author.name:
        # The budget finds stories by their bylines' names: those naming this author change.
        await store.articles.store_words(author_id=author_id)
    return updated


async def _keep_author_address(
    tx: Store, before: model.Author, after: model.Author, *, now: datetime
) -> None:
    """A renamed author's old slug keeps leading to their page (a reader's bookmark, a search
    engine's link), as a story's does; the new slug is theirs alone."""
    if before.slug == after.slug:
        return
    await tx.slug_redirects.forget(model.RedirectKind.AUTHOR, after.slug)
    redirect = model.SlugRedirect(
        id=new_id(), kind=model.RedirectKind.AUTHOR, slug=before.slug, target_id=after.id, at=now
    )
    await tx.slug_redirects.point(redirect)


async def delete_author(
    store: Store, principal: model.Principal, author_id: str, *, now: datetime
) -> None:
    require_admin(principal)
    if await store.articles.count_with_author(author_id):
        raise BadUserInput("The author is named in bylines; remove them first.", id=author_id)
    author = await store.authors.get(author_id)
    if author is None:
        raise _no_author(author_id)

    async def remove(tx: Store) -> None:
        if not await tx.authors.delete(author_id):
            raise _no_author(author_id)
        await tx.events.insert(events.author_changed(author, now=now, deleted=True))

    await store.atomically(remove)


async def _check_parent(store: Store, parent: str | None, slug: str) -> None:
    if parent is None:
        return
    if parent == slug or not await store.sections.by_slugs([parent]):
        raise BadUserInput(f"{parent!r} cannot be the parent section.", field="parent")


async def create_section(
    store: Store,
    principal: model.Principal,
    *,
    slug: str,
    name: str,
    parent: str | None,
    now: datetime,
    ads_policy: model.AdsPolicy | None = None,
) -> model.Section:
    require_admin(principal)
    _check_slug(slug)
    await _check_parent(store, parent, slug)
    section = model.Section(
        id=new_id(), slug=slug, name=name, parent=parent, ads_policy=ads_policy, updated_at=now
    )

    async def write(tx: Store) -> model.Section:
        await tx.events.insert(events.section_changed(section, now=now))
        return await tx.sections.insert(section)

    return await store.atomically(write)


async def update_section(
    store: Store,
    principal: model.Principal,
    *,
    slug: str,
    name: str | None,
    parent: str | None,
    now: datetime,
    ads_policy: model.AdsPolicy | None = None,
    expected_version: int | None = None,
) -> model.Section:
    """Rename a section, move it or change its default ads policy; its slug stays."""
    require_admin(principal)
    found = await store.sections.by_slugs([slug])
    if slug not in found:
        raise NotFound(f"No section {slug!r}.", slug=slug)
    current = found[slug]
    await versions.check(store.sections, current, expected_version, kind=SECTION)
    await _check_parent(store, parent, slug)
    updated = versions.bumped(
        current,
        name=name or current.name,
        parent=parent,
        ads_policy=ads_policy or current.ads_policy,
        updated_at=now,
    )

    async def write(tx: Store) -> model.Section:
        saved = await versions.save(
            tx.sections,
            current,
            updated,
            kind=SECTION,
            held=expected_version,
            missing=lambda: NotFound(f"No section {slug!r}.", slug=slug),
        )
        await tx.events.insert(events.section_changed(saved, now=now))
        return saved

    return await store.atomically(write)


async def delete_section(
    store: Store, principal: model.Principal, *, slug: str, now: datetime
) -> None:
    require_admin(principal)
    found = await store.sections.by_slugs([slug])
    if slug not in found:
        raise NotFound(f"No section {slug!r}.", slug=slug)
    if await store.articles.count_in_section(slug):
        raise BadUserInput("The section still holds stories; move them first.", slug=slug)

    async def remove(tx: Store) -> None:
        await tx.sections.delete(found[slug].id)
        await tx.events.insert(events.section_changed(found[slug], now=now, deleted=True))

    await store.atomically(remove)


def _ad_slot_problems(slot: model.AdSlot) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not is_slug(slot.code):
        problems["code"] = "use lowercase letters, digits and single hyphens"
    if not slot.ad_unit_path.startswith("/"):
        problems["adUnitPath"] = "an ad unit path starts with /, as in /NETWORK/section/slot"
    if not slot.sizes and not slot.fluid and not is_out_of_page(slot):
        problems["sizes"] = "a slot needs at least one size, or fluid"
    if any(size.width < 1 or size.height < 1 for size in slot.sizes):
        problems["sizes"] = "sizes are positive widths and heights"
    if slot.active_from and slot.active_until and slot.active_until <= slot.active_from:
        problems["activeUntil"] = "the window must end after it starts"
    rule = slot.placement
    if rule is not None:
        numbers = (rule.after_paragraph, rule.every_paragraphs)
        if any(n is not None and n < 1 for n in numbers):
            problems["placement"] = "paragraph counts start at 1"
        if rule.min_distance < 0 or (rule.max_per_article or 0) < 0:
            problems["placement"] = "distances and maximums cannot be negative"
    return problems | _page_problems(slot) | _size_mapping_problems(slot)


def _page_problems(slot: model.AdSlot) -> dict[str, str]:
    page = slot.page
    if page is None:
        return {}
    problems: dict[str, str] = {}
    if not page.pages:
        problems["page"] = "name the pages it runs on: STORY, FRONT or both"
    elif len(set(page.pages)) < len(page.pages):
        problems["page"] = "name each page once"
    if page.out_of_page_format is not None and not is_out_of_page(slot):
        problems["page"] = "an out-of-page format needs the OUT_OF_PAGE position"
    if not all(is_slug(section) for section in page.sections):
        problems["page"] = "sections are section slugs"
    if is_out_of_page(slot) and slot.placement is not None:
        problems["placement"] = "an out-of-page slot has no place in a story's body"
    return problems


MAX_SIZE_MAPPINGS = 12


def _size_mapping_problems(slot: model.AdSlot) -> dict[str, str]:
    """A size mapping as Google Publisher Tag takes it: distinct viewports, each with sizes
    the slot itself accepts (fluid only if it does)."""
    mapping = slot.size_mapping
    if not mapping:
        return {}
    viewports = [(entry.viewport.width, entry.viewport.height) for entry in mapping]
    accepted = set(slot.sizes)
    if slot.page is None:
        why = "a size mapping is for a page-level slot: give it a page placement"
    elif is_out_of_page(slot):
        why = "an out-of-page slot has no sizes to map"
    elif len(mapping) > MAX_SIZE_MAPPINGS:
        why = f"at most {MAX_SIZE_MAPPINGS} viewports"
    elif any(min(viewport) < 0 for viewport in viewports):
        why = "viewport widths and heights are 0 or more"
    elif len(set(viewports)) < len(viewports):
        why = "each viewport once"
    elif any(size not in accepted for entry in mapping for size in entry.sizes):
        why = "a viewport's sizes must be among the slot's sizes"
    elif any(entry.fluid for entry in mapping) and not slot.fluid:
        why = "a viewport may ask for fluid only if the slot accepts fluid"
    else:
        return {}
    return {"sizeMapping": why}


def check_ad_slot(slot: model.AdSlot) -> model.AdSlot:
    """The slot if it is valid; else BAD_USER_INPUT naming every problem at once."""
    problems = _ad_slot_problems(slot)
    if problems:
        raise BadUserInput(
            "The ad slot is not valid: " + "; ".join(f"{f}: {w}" for f, w in problems.items()),
            fields=problems,
        )
    return slot


async def create_ad_slot(
    store: Store, principal: model.Principal, fields: Mapping[str, Any], *, now: datetime
) -> model.AdSlot:
    require_admin(principal)
    missing = sorted({"code", "name", "ad_unit_path"} - set(fields))
    if missing:
        raise BadUserInput(f"A new ad slot needs {', '.join(missing)}.", fields=missing)
    slot = check_ad_slot(model.AdSlot(id=new_id(), **fields))

    async def write(tx: Store) -> model.AdSlot:
        await tx.events.insert(events.ad_slot_changed(slot, now=now))
        return await tx.ad_slots.insert(slot)

    return await store.atomically(write)


def _no_ad_slot(slot_id: str) -> NotFound:
    return NotFound(f"No ad slot with id {slot_id!r}.", id=slot_id)


async def update_ad_slot(
    store: Store,
    principal: model.Principal,
    slot_id: str,
    fields: Mapping[str, Any],
    *,
    now: datetime,
    expected_version: int | None = None,
) -> model.AdSlot:
    require_admin(principal)
    slot = await store.ad_slots.get(slot_id)
    if slot is None:
        raise _no_ad_slot(slot_id)
    await versions.check(store.ad_slots, slot, expected_version, kind=AD_SLOT)
    updated = check_ad_slot(versions.bumped(slot, **fields))

    async def write(tx: Store) -> model.AdSlot:
        saved = await versions.save(
            tx.ad_slots,
            slot,
            updated,
            kind=AD_SLOT,
            held=expected_version,
            missing=lambda: _no_ad_slot(slot_id),
        )
        await tx.events.insert(events.ad_slot_changed(saved, now=now))
        return saved

    return await store.atomically(write)


async def delete_ad_slot(
    store: Store, principal: model.Principal, slot_id: str, *, now: datetime
) -> None:
    """Editor-placed blocks naming a deleted slot simply stop showing an ad."""
    require_admin(principal)
    slot = await store.ad_slots.get(slot_id)
    if slot is None:
        raise _no_ad_slot(slot_id)

    async def remove(tx: Store) -> None:
        if not await tx.ad_slots.delete(slot_id):
            raise _no_ad_slot(slot_id)
        await tx.events.insert(events.ad_slot_changed(slot, now=now, deleted=True))

    await store.atomically(remove)
