"""Conditional requests (RFC 9110, section 13): whether a client's copy is still current.

``If-None-Match`` holds ``*`` or a comma-separated list of entity tags, each strong (``"x"``) or
weak (``W/"x"``), and is compared weakly: ``W/"x"`` and ``"x"`` name the same representation
for this purpose. A match is answered ``304 Not Modified``.
"""

from __future__ import annotations

import re

# An entity tag: optional W/, then an opaque tag in double quotes (which may hold commas).
_ENTITY_TAG = re.compile(r'(?:W/)?"([^"]*)"')


def weak_tag(opaque: str) -> str:
    """A weak entity tag: the same content, whatever encoding (gzip, brotli) carries it."""
    return f'W/"{opaque}"'


def _opaque(etag: str) -> str | None:
    found = _ENTITY_TAG.fullmatch(etag.strip())
    return None if found is None else found.group(1)


def none_match(header: str | None, etag: str) -> bool:
    """Whether ``If-None-Match`` names the answer's entity tag (or is ``*``)."""
    if header is None:
        return False
    if header.strip() == "*":
        return True
    ours = _opaque(etag)
    return ours is not None and ours in _ENTITY_TAG.findall(header)
