"""Where media files live: content-addressed, so the same bytes are stored once.

``MediaFiles`` is the interface the rest of the system uses. ``LocalMediaFiles`` keeps them in
one directory (one machine); ``cms.store.object_files.S3MediaFiles`` in an S3-compatible bucket
that every instance shares. Their methods block: callers run them in a worker thread.
``RenditionCache`` keeps rendered variants on this machine's disk, bounded in size.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import diskcache  # type: ignore[import-untyped]  # no type hints; wrapped in RenditionCache

# How much of a file is read at a time when it is streamed to a client.
CHUNK_BYTES = 256 * 1024


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A stored file as a server needs it to answer: its size, and where it is on this
    machine's disk when it is there (``None`` for a remote store: stream it with ``chunks``)."""

    key: str
    size: int
    path: Path | None = None


class MediaFiles(Protocol):
    def put(self, data: bytes, *, extension: str) -> str:
        """Store the bytes; returns their key (stable: the same bytes, the same key)."""

    def read(self, key: str) -> bytes:
        """The stored bytes; ``FileNotFoundError`` if there is no such file."""

    def find(self, key: str) -> StoredFile | None:
        """The file with this key, for serving it; ``None`` if there is none."""

    def chunks(self, key: str, *, start: int, end: int) -> Iterator[bytes]:
        """The bytes from ``start`` up to ``end`` (exclusive), a chunk at a time."""

    def delete(self, key: str) -> None:
        """Remove the file, if it is there."""

    def check(self) -> None:
        """Make sure the store can be used, or fail saying why (at start, not at an upload)."""

    def close(self) -> None:
        """Let go of connections (nothing for a directory)."""


def content_key(data: bytes, extension: str) -> str:
    """The key of these bytes in every store: their SHA-256 and the extension."""
    return f"{hashlib.sha256(data).hexdigest()}.{extension.lstrip('.')}"


def is_key(key: str) -> bool:
    """Whether this could name a stored file (nothing else is ever looked up)."""
    return _KEY.fullmatch(key) is not None


class LocalMediaFiles:
    """Files under one directory, named by the SHA-256 of their bytes."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, data: bytes, *, extension: str) -> str:
        key = content_key(data, extension)
        target = self.root / key
        if not target.exists():
            _write_atomically(target, data)
        return key

    def path(self, key: str) -> Path:
        if not is_key(key):
            raise FileNotFoundError(key)
        return self.root / key

    def read(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def find(self, key: str) -> StoredFile | None:
        try:
            path = self.path(key)
            size = path.stat().st_size if path.is_file() else None
        except FileNotFoundError:
            return None
        return None if size is None else StoredFile(key=key, size=size, path=path)

    def chunks(self, key: str, *, start: int, end: int) -> Iterator[bytes]:
        with self.path(key).open("rb") as handle:
            handle.seek(start)
            left = end - start
            while left > 0:
                chunk = handle.read(min(CHUNK_BYTES, left))
                if not chunk:
                    return
                left -= len(chunk)
                yield chunk

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def check(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)

    def close(self) -> None:
        pass


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
