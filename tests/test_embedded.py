"""The embedded database: a child process whose data survives a restart, with clear failures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cms import model
from cms.server.embedded import EmbeddedDatabase, EmbeddedDatabaseError
from cms.store import open_store
from cms.store.codec import new_id


async def _count_sections(uri: str, *, add: bool) -> int:
    store = open_store(uri, "durable", timeout_ms=5000)
    try:
        await store.prepare()
        if add:
            await store.sections.insert(model.Section(id=new_id(), slug="world", name="World"))
        return len(await store.sections.all())
    finally:
        await store.close()


async def test_data_survives_a_restart(tmp_path: Path) -> None:
    storage = tmp_path / "db"
    with EmbeddedDatabase(storage) as first:
        assert await _count_sections(first.uri, add=True) == 1
    with EmbeddedDatabase(storage) as second:
        assert await _count_sections(second.uri, add=False) == 1


def test_storage_in_use_is_a_clear_error(tmp_path: Path) -> None:
    storage = tmp_path / "db"
    with EmbeddedDatabase(storage), pytest.raises(EmbeddedDatabaseError, match="in use"):
        EmbeddedDatabase(storage).start()


def test_stop_ends_the_child_process_by_itself_even_on_a_busy_machine(tmp_path: Path) -> None:
    """A SIGTERM sent to the whole process could land on a storage thread, where the server
    ignored it until it was killed ten seconds later."""
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        for attempt in range(3):
            server = EmbeddedDatabase(tmp_path / f"db{attempt}")
            server.start()
            process = server._process
            assert process is not None
            assert process.poll() is None
            server.stop()
            assert process.returncode == 0, f"stop {attempt} had to kill the server"
    finally:
        busy.kill()
        busy.wait()
