"""The newsroom's directory, kept by admins: authors, sections and user accounts.

Nothing is deleted out from under a story: an author still named in a byline and a section
still holding stories are refused with the reason, so no page breaks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from cms import model
from cms.domain.editing import SLUG
from cms.errors import BadUserInput, Forbidden, NotFound
from cms.store import Store
from cms.store.codec import new_id


def require_admin(principal: model.Principal) -> None:
    if principal.role is not model.Role.ADMIN:
        raise Forbidden("Only admins may change authors, sections, ad slots and users.")


def _check_slug(slug: str | None) -> None:
    if slug is not None and not SLUG.match(slug):
        raise BadUserInput(f"{slug!r} is not a slug.", field="slug")


async def _check_avatar(store: Store, avatar_id: str | None) -> None:
    if avatar_id is not None and await store.media.get(avatar_id) is None:
        raise BadUserInput("The avatar names an unknown asset.", field="avatarId")


async def create_author(
    store: Store, principal: model.Principal, fields: Mapping[str, Any]
) -> model.Author:
    require_admin(principal)
    _check_slug(fields.get("slug"))
    await _check_avatar(store, fields.get("avatar_id"))
    return await store.authors.insert(model.Author(id=new_id(), **fields))


async def update_author(
    store: Store, principal: model.Principal, author_id: str, fields: Mapping[str, Any]
) -> model.Author:
    require_admin(principal)
    author = await store.authors.get(author_id)
    if author is None:
        raise NotFound(f"No author with id {author_id!r}.", id=author_id)
    _check_slug(fields.get("slug"))
    await _check_avatar(store, fields.get("avatar_id"))
    updated = dataclasses.replace(author, **fields)
    await store.authors.replace(updated)
    return updated


async def delete_author(store: Store, principal: model.Principal, author_id: str) -> None:
    require_admin(principal)
    if await store.articles.count_with_author(author_id):
        raise BadUserInput("The author is named in bylines; remove them first.", id=author_id)
    if not await store.authors.delete(author_id):
        raise NotFound(f"No author with id {author_id!r}.", id=author_id)


async def _check_parent(store: Store, parent: str | None, slug: str) -> None:
    if parent is None:
        return
    if parent == slug or not await store.sections.by_slugs([parent]):
        raise BadUserInput(f"{parent!r} cannot be the parent section.", field="parent")


async def create_section(
    store: Store, principal: model.Principal, *, slug: str, name: str, parent: str | None
) -> model.Section:
    require_admin(principal)
    _check_slug(slug)
    await _check_parent(store, parent, slug)
    section = model.Section(id=new_id(), slug=slug, name=name, parent=parent)
    return await store.sections.insert(section)


async def update_section(
    store: Store, principal: model.Principal, *, slug: str, name: str | None, parent: str | None
) -> model.Section:
    """Rename a section or move it; its slug, which stories refer to, stays."""
    require_admin(principal)
    found = await store.sections.by_slugs([slug])
    if slug not in found:
        raise NotFound(f"No section {slug!r}.", slug=slug)
    await _check_parent(store, parent, slug)
    updated = dataclasses.replace(found[slug], name=name or found[slug].name, parent=parent)
    await store.sections.replace(updated)
    return updated


async def delete_section(store: Store, principal: model.Principal, *, slug: str) -> None:
    require_admin(principal)
    found = await store.sections.by_slugs([slug])
    if slug not in found:
        raise NotFound(f"No section {slug!r}.", slug=slug)
    if await store.articles.count_in_section(slug):
        raise BadUserInput("The section still holds stories; move them first.", slug=slug)
    await store.sections.delete(found[slug].id)
