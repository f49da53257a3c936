"""Stable ids for a story's body blocks: a frontend's React keys and anchors (``#<id>``).

A block saved without an id gets one: the id the same block (equal in every other respect)
had in the story as it stood, so a client that does not send ids back still keeps them; else a
new one. A body stored before blocks had ids reads with ids derived from the story's id and each
block's position (``<story id>-<n>``): the working copy, the live copy and the revisions of one
story agree on them, and they are the ids its blocks keep at their next save, so they never
change either. Nothing has to be rewritten in the database.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from cms import model
from cms.store.codec import new_id
from cms.store.collections import BLOCK_ID_PATTERN

BLOCK_ID = re.compile(BLOCK_ID_PATTERN)


def derived_id(article_id: str, position: int) -> str:
    """The id a block stored without one reads with: its story's id and its position."""
    return f"{article_id}-{position}"


def read_ids(article_id: str, body: tuple[model.Block, ...]) -> tuple[model.Block, ...]:
    """The body with an id on every block (derived for blocks stored without one)."""
    if all(block.id is not None for block in body):
        return body
    return tuple(
        block if block.id is not None else dataclasses.replace(block, id=derived_id(article_id, i))
        for i, block in enumerate(body)
    )


def keep_ids(
    body: Sequence[model.Block], *, before: tuple[model.Block, ...] | None, article_id: str
) -> tuple[model.Block, ...]:
    """The body to save: blocks given without an id take the id of the equal block of the
    story ``before`` (once each), else a new one."""
    previous = read_ids(article_id, before or ())
    used = {block.id for block in body if block.id is not None}
    free: dict[model.Block, list[str]] = {}
    for block in previous:
        if block.id is not None and block.id not in used:
            free.setdefault(dataclasses.replace(block, id=None), []).append(block.id)
    kept: list[model.Block] = []
    for block in body:
        if block.id is None:
            same = free.get(block)
            block = dataclasses.replace(block, id=same.pop(0) if same else new_id())
        kept.append(block)
    return tuple(kept)


def ids_problem(body: Sequence[model.Block]) -> str | None:
    """What is wrong with the ids a client gave its blocks, if anything."""
    given = [block.id for block in body if block.id is not None]
    if any(BLOCK_ID.match(block_id) is None for block_id in given):
        return "a block id is 1 to 64 letters, digits, hyphens or underscores"
    if len(set(given)) != len(given):
        return "each block id is used once in a body"
    return None
