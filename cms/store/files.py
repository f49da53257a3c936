"""Where media files live: a local directory, content-addressed so the same bytes are stored once.

``MediaFiles`` is the interface the rest of the system uses; an S3-compatible store can be a
second implementation of the same methods. ``RenditionCache`` keeps rendered variants on disk,
bounded in size.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

import diskcache  # type: ignore[import-untyped]  # no type hints; wrapped in RenditionCache


class MediaFiles(Protocol):
    def put(self, data: bytes, *, extension: str) -> str:
        """Store the bytes; returns their key (stable: the same bytes, the same key)."""

    def path(self, key: str) -> Path:
        """Where the file with this key is, for serving it."""

    def read(self, key: str) -> bytes:
        """The stored bytes; ``FileNotFoundError`` if there is no such file."""

    def delete(self, key: str) -> None:
        """Remove the file, if it is there."""


class LocalMediaFiles:
    """Files under one directory, named by the SHA-256 of their bytes."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, data: bytes, *, extension: str) -> str:
        key = f"{hashlib.sha256(data).hexdigest()}.{extension.lstrip('.')}"
        target = self.root / key
        if not target.exists():
            _write_atomically(target, data)
        return key

    def path(self, key: str) -> Path:
        if not _KEY.fullmatch(key):
            raise FileNotFoundError(key)
        return self.root / key

    def read(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)


class RenditionCache:
    """Rendered variants on disk, bounded in bytes: the least recently used go first.

    Kept by diskcache (an SQLite index beside the files, safe across threads and the
    processes of one machine). Each variant is tagged with its picture, so all of a picture's
    variants go at once (``drop``), and expires when the picture's rights end.
    """

    def __init__(self, root: Path, *, max_bytes: int) -> None:
        self._cache = diskcache.Cache(
            str(root),
            timeout=_TIMEOUT_SECONDS,
            size_limit=max_bytes,
            eviction_policy="least-recently-used",
            tag_index=True,
        )

    def get(self, key: str) -> bytes | None:
        try:
            found = self._cache.get(key)
        except diskcache.Timeout:  # the index is busy: render again rather than wait
            return None
        return found if isinstance(found, bytes) else None

    def put(self, key: str, data: bytes, *, tag: str, keep_for: float | None = None) -> None:
        """Keep a variant (for at most ``keep_for`` seconds), evicting others past the limit."""
        with contextlib.suppress(diskcache.Timeout):  # not kept this time: rendered again
            self._cache.set(key, data, expire=keep_for, tag=tag)

    def drop(self, tag: str) -> int:
        """Remove every variant with this tag (a picture deleted, or past its rights)."""
        removed: int = self._cache.evict(tag, retry=True)
        return removed

    def volume(self) -> int:
        """The bytes the cache takes on disk, its index included."""
        used: int = self._cache.volume()
        return used

    def close(self) -> None:
        self._cache.close()


# How long a cache operation waits for another process's write before giving up.
_TIMEOUT_SECONDS = 2.0


_KEY = re.compile(r"[0-9a-f]{64}\.[a-z0-9]{1,5}")
"""A stored file's key: the SHA-256 of its bytes and an extension; nothing else names a file."""


def _write_atomically(target: Path, data: bytes) -> None:
    """Write aside, then rename: a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary: Path | None = None
    try:
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as handle:
            temporary = Path(handle.name)
            handle.write(data)
        os.replace(temporary, target)
    except BaseException:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise
