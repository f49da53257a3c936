"""The `cms` command: seed refuses to duplicate, schema export writes the contracts."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cms.cli import main
from cms.config import Settings
from cms.schema_files import schema_files


def test_seed_loads_once_then_refuses(settings: Settings) -> None:
    env = {
        "CMS_MONGODB_URI": settings.mongodb_uri,
        "CMS_DATABASE": settings.database,
        "CMS_MEDIA_DIR": str(settings.media_dir),
    }
    runner = CliRunner()

    first = runner.invoke(main, ["seed"], env=env)
    second = runner.invoke(main, ["seed"], env=env)

    assert first.exit_code == 0, first.output
    assert "Loaded 32 published stories and 4 drafts" in first.output
    assert any(settings.media_dir.iterdir()), "demo pictures are written to the media dir"
    assert second.exit_code == 1
    assert "already holds" in second.output


def test_schema_export_writes_every_contract(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["schema", "export", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for name, content in schema_files().items():
        assert (tmp_path / name).read_text() == content


def test_bad_settings_are_refused_clearly() -> None:
    result = CliRunner().invoke(main, ["seed"], env={"CMS_PORT": "not-a-port"})
    assert result.exit_code == 1
    assert "invalid settings" in result.output
