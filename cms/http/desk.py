"""The desk, the editors' web client, served as built files at ``/desk/``.

``npm run build`` in ``desk/`` writes ``index.html`` and content-hashed files under
``assets/`` into the desk directory (``CMS_DESK_DIR``). This module serves them:

    /desk                  308 to /desk/
    /desk/                 index.html, never cached (it names the current hashed files)
    /desk/assets/NAME      a hashed file, cached for a year and immutable
    /desk/other-file.ext   a file of the build, revalidated each time; 404 when absent
    /desk/a/client/route   index.html: paths without a file extension are the desk's screens
    503 SERVICE_UNAVAILABLE  (reason DESK_NOT_BUILT) when there is no index.html to serve

Nothing outside the desk directory is ever served: a path with ``..``, a hidden name, a
backslash, a NUL or an absolute part is a 404, and a symlink that leads out is not followed.
The desk's Content-Security-Policy is set by ``cms.http.middleware.SecurityHeaders`` with
the others.
Its text files (scripts, styles, SVG, JSON) go gzip-compressed to browsers that accept it,
each compressed once per version of the file and kept in memory: the first load of the desk
is a few hundred kilobytes of JavaScript, and a third of that on the wire.
"""

from __future__ import annotations

import gzip
import mimetypes
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path, PurePosixPath

import anyio.to_thread
from cachetools import LRUCache
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response

from cms.errors import ErrorCode, error_body
from cms.http.middleware import DESK_PREFIX

PREFIX = DESK_PREFIX  # the security headers give everything under it the desk's CSP
PATH = PREFIX + "/{path:path}"
YEAR = 31_536_000
HASHED = f"public, max-age={YEAR}, immutable"
NOT_BUILT = (
    "The desk is not built. Run scripts/serve, which builds it, or build it yourself: "
    "cd desk && npm ci && npm run build (or set CMS_DESK_DIR to a built desk)."
)


def _error(status: int, code: ErrorCode, message: str, **extra: str) -> Response:
    """The error shape every plain HTTP route answers with, as GraphQL errors are shaped."""
    return JSONResponse(error_body(code, message, **extra), status, {"cache-control": "no-store"})


_COMPRESSIBLE = frozenset({".js", ".mjs", ".css", ".html", ".svg", ".json", ".map", ".txt"})
_SMALL = 1024  # not worth compressing


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an ``Accept-Encoding`` header takes gzip (and does not refuse it with q=0)."""
    for item in accept_encoding.lower().split(","):
        name, _, params = item.strip().partition(";")
        if name.strip() in ("gzip", "*"):
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


class Gzipped:
    """Gzip copies of the desk's text files by (path, mtime, size): a new build makes new
    ones. Bounded; the least recently served are dropped first."""

    def __init__(self, *, max_files: int = 256) -> None:
        self._copies: LRUCache[tuple[str, int, int], bytes] = LRUCache(max_files)
        self._lock = threading.Lock()  # served from worker threads

    def response(self, found: Path, headers: dict[str, str]) -> Response | None:
        """The compressed answer for ``found``, or None when it is not worth compressing."""
        stat = found.stat()
        if found.suffix not in _COMPRESSIBLE or stat.st_size < _SMALL:
            return None
        key = (str(found), stat.st_mtime_ns, stat.st_size)
        with self._lock:
            body = self._copies.get(key)
        if body is None:
            body = gzip.compress(found.read_bytes(), compresslevel=9, mtime=0)
            with self._lock:
                self._copies[key] = body
        kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}-gzip"'
        extra = {"content-encoding": "gzip", "etag": etag}
        return Response(body, media_type=kind, headers={**headers, **extra})


def _well_formed(path: str) -> bool:
    """A relative path of plain names: no ``..``, no hidden files, nothing a file system
    could read as another place (backslashes, NUL, an absolute start)."""
    parts = PurePosixPath(path).parts
    return not any(
        part == "/" or part.startswith(".") or "\\" in part or "\0" in part for part in parts
    )


def _file(root: Path, path: str) -> Path | None:
    """The file ``path`` names inside ``root``; None if there is none, or it lies outside
    (a symlink leading out)."""
    candidate = (root / path).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate


def _kept_for(path: str, found: Path) -> str:
    """Hashed files forever; index.html never (it names the current ones); others revalidated."""
    if path.startswith("assets/"):
        return HASHED
    return "no-store" if found.name == "index.html" else "no-cache"


async def redirect_to_desk(request: Request) -> Response:
    """``/desk`` -> ``/desk/``: the built files are addressed relative to the slash."""
    query = request.url.query
    return RedirectResponse(f"{PREFIX}/" + (f"?{query}" if query else ""), status_code=308)


def _answer(desk_dir: Path, path: str, gzipped: Gzipped | None) -> Response:
    """What ``/desk/PATH`` answers; reads the file system (run off the event loop).
    ``gzipped``: the compressed copies, when the browser takes gzip."""
    root = desk_dir.resolve()
    index = root / "index.html"
    if not index.is_file():
        return _error(503, ErrorCode.SERVICE_UNAVAILABLE, NOT_BUILT, reason="DESK_NOT_BUILT")
    if path and not _well_formed(path):
        return _error(404, ErrorCode.NOT_FOUND, "The desk has no such file.")
    found = _file(root, path) if path else None
    if found is None and (PurePosixPath(path).suffix or path.startswith("assets/")):
        return _error(404, ErrorCode.NOT_FOUND, "The desk has no such file.")
    if found is None:  # one of the desk's own addresses
        found, path = index, "index.html"
    headers = {"cache-control": _kept_for(path, found), "vary": "Accept-Encoding"}
    compressed = None if gzipped is None else gzipped.response(found, headers)
    return compressed or FileResponse(found, headers=headers)


def desk_endpoint(desk_dir: Path) -> Callable[[Request], Awaitable[Response]]:
    """The request handler for ``PATH``, for the app's routes. The directory is looked at on
    each request, so a build made while the server runs is served at once."""
    gzipped = Gzipped()

    async def serve(request: Request) -> Response:
        path: str = request.path_params["path"]
        wanted = gzipped if accepts_gzip(request.headers.get("accept-encoding", "")) else None
        return await anyio.to_thread.run_sync(_answer, desk_dir, path, wanted)

    return serve
