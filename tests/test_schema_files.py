"""The checked-in contracts under schema/ match the code (run `cms schema export` to update)."""

from __future__ import annotations

from pathlib import Path

from cms.schema_files import schema_files

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"


def test_schema_directory_matches_the_code() -> None:
    expected = schema_files()
    on_disk = {
        str(path.relative_to(SCHEMA_DIR)): path.read_text()
        for path in SCHEMA_DIR.rglob("*")
        if path.is_file()
    }
    assert sorted(on_disk) == sorted(expected), "run `cms schema export`"
    for name, content in expected.items():
        assert on_disk[name] == content, f"schema/{name} is stale: run `cms schema export`"


def test_delivery_sdl_exposes_no_editor_fields() -> None:
    sdl = schema_files()["delivery.graphql"]
    for private in ("email", "status", "version", "createdAt"):
        assert f"  {private}:" not in sdl, private
