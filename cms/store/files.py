"""Where media files live: a local directory, content-addressed so the same bytes are stored once.

``MediaFiles`` is the interface the rest of the system uses; an S3-compatible store can be a
second implementation of the same two methods.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Protocol


class MediaFiles(Protocol):
    def put(self, data: bytes, *, extension: str) -> str:
        """Store the bytes; returns their key (stable: the same bytes, the same key)."""

    def path(self, key: str) -> Path:
        """Where the file with this key is, for serving it."""


class LocalMediaFiles:
    """Files under one directory, named by the SHA-256 of their bytes."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, data: bytes, *, extension: str) -> str:
        key = f"{hashlib.sha256(data).hexdigest()}.{extension.lstrip('.')}"
        target = self.root / key
        if not target.exists():
            self.root.mkdir(parents=True, exist_ok=True)
            # Write aside, then rename: a reader never sees half a file.
            with tempfile.NamedTemporaryFile(dir=self.root, delete=False) as handle:
                handle.write(data)
            os.replace(handle.name, target)
        return key

    def path(self, key: str) -> Path:
        return self.root / key
