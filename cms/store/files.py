"""Where media files live: a local directory, content-addressed so the same bytes are stored once.

``MediaFiles`` is the interface the rest of the system uses; an S3-compatible store can be a
second implementation of the same methods. ``RenditionCache`` keeps rendered variants on disk.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Protocol


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
    """Rendered variants on disk, one file per cache key, spread over 256 directories."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def get(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            return None

    def put(self, key: str, data: bytes) -> None:
        _write_atomically(self._path(key), data)

    def _path(self, key: str) -> Path:
        # Hashed, so no part of a URL ever becomes part of a path.
        name = hashlib.sha256(key.encode()).hexdigest()
        return self.root / name[:2] / name


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
