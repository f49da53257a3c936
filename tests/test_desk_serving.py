"""The desk's built files at /desk/: caching, the client-side routes, its CSP, no way out of
its directory, and a clear error while it is not built. A small build is made per test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from cms.config import Settings
from cms.store import Store
from tests.conftest import Api, Clock, running_app

INDEX = (
    "<!doctype html><title>The desk</title>"
    '<script type="module" src="/desk/assets/index-4f2a9c1e.js"></script>'
)
SCRIPT = "".join(f"export const line{n} = 'the desk, line {n}';\n" for n in range(100))
SECRET = "CMS_SECRET_KEY=not-for-browsers\n"
# The contract's policy, written out here so that a change to it is a visible decision.
DESK_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; frame-src 'none'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
LOCKED_DOWN_CSP = "default-src 'none'; frame-ancestors 'none'"
YEAR_IMMUTABLE = "public, max-age=31536000, immutable"


def _build(dist: Path) -> None:
    """What `npm run build` leaves: index.html, hashed assets, a file at the top."""
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(INDEX)
    (dist / "assets" / "index-4f2a9c1e.js").write_text(SCRIPT)
    (dist / "assets" / "index-b81d33a0.css").write_text("body { margin: 0 }\n")
    (dist / "favicon.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')


@pytest.fixture
async def desk(
    settings: Settings, store: Store, clock: Clock, tmp_path: Path
) -> AsyncIterator[Api]:
    dist = tmp_path / "dist"
    _build(dist)
    (tmp_path / "secret.env").write_text(SECRET)
    (dist / "assets" / "leak.js").symlink_to(tmp_path / "secret.env")
    (dist / "leak").symlink_to(tmp_path)
    async with running_app(settings.model_copy(update={"desk_dir": dist}), store, clock) as running:
        yield running


async def test_the_desk_page_is_never_cached_and_has_the_desk_csp(desk: Api) -> None:
    response = await desk.client.get("/desk/")
    assert response.status_code == 200
    assert response.text == INDEX
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-security-policy"] == DESK_CSP
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    direct = await desk.client.get("/desk/index.html")
    assert direct.text == INDEX
    assert direct.headers["cache-control"] == "no-store"
    head = await desk.client.head("/desk/")
    assert head.status_code == 200
    assert head.content == b""


async def test_desk_without_its_slash_is_redirected(desk: Api) -> None:
    response = await desk.client.get("/desk")
    assert response.status_code == 308
    assert response.headers["location"] == "/desk/"
    kept = await desk.client.get("/desk?story=abc")
    assert kept.headers["location"] == "/desk/?story=abc"


async def test_hashed_assets_are_cached_for_a_year(desk: Api) -> None:
    script = await desk.client.get("/desk/assets/index-4f2a9c1e.js")
    assert script.status_code == 200
    assert script.text == SCRIPT
    assert "javascript" in script.headers["content-type"]
    assert script.headers["cache-control"] == YEAR_IMMUTABLE
    style = await desk.client.get("/desk/assets/index-b81d33a0.css")
    assert style.headers["content-type"].startswith("text/css")
    assert style.headers["cache-control"] == YEAR_IMMUTABLE
    icon = await desk.client.get("/desk/favicon.svg")
    assert icon.status_code == 200
    assert icon.headers["cache-control"] == "no-cache", "not hashed: revalidated"


async def test_text_files_go_gzipped_to_browsers_that_take_it(desk: Api) -> None:
    path = "/desk/assets/index-4f2a9c1e.js"
    script = await desk.client.get(path, headers={"accept-encoding": "gzip, br"})
    assert script.headers["content-encoding"] == "gzip"
    assert script.text == SCRIPT, "decoded, the same bytes"
    assert int(script.headers["content-length"]) < len(SCRIPT) / 5
    assert "javascript" in script.headers["content-type"]
    assert script.headers["cache-control"] == YEAR_IMMUTABLE
    assert "Accept-Encoding" in script.headers["vary"]
    again = await desk.client.get(path, headers={"accept-encoding": "gzip"})
    assert again.content == script.content
    assert again.headers["etag"] == script.headers["etag"]

    for refusing in ("identity", "gzip;q=0, identity", "br"):
        plain = await desk.client.get(path, headers={"accept-encoding": refusing})
        assert "content-encoding" not in plain.headers, refusing
        assert plain.text == SCRIPT
        assert "Accept-Encoding" in plain.headers["vary"]
        assert plain.headers["etag"] != script.headers["etag"]
    small = await desk.client.get("/desk/favicon.svg", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in small.headers, "too small to be worth it"


async def test_client_side_routes_get_the_desk_page(desk: Api) -> None:
    for path in ("/desk/stories", "/desk/stories/6a1f0c2b9e/edit", "/desk/sign-in?next=%2F"):
        response = await desk.client.get(path)
        assert response.status_code == 200, path
        assert response.text == INDEX
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["content-security-policy"] == DESK_CSP


async def test_missing_files_are_404_not_the_page(desk: Api) -> None:
    for path in ("/desk/assets/index-00000000.js", "/desk/logo.png", "/desk/assets/chunks"):
        response = await desk.client.get(path)
        assert response.status_code == 404, path
        assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    "path",
    [
        "/desk/%2e%2e/secret.env",
        "/desk/assets/..%2f..%2fsecret.env",
        "/desk/assets/%2e%2e/%2e%2e/secret.env",
        "/desk/..%5csecret.env",
        "/desk/%2fetc%2fpasswd",
        "/desk//etc/passwd",
        "/desk/assets/leak.js",
        "/desk/leak/secret.env",
        "/desk/.%2e/secret.env",
        "/desk/index.html%00.js",
    ],
)
async def test_nothing_outside_the_desk_is_served(desk: Api, path: str) -> None:
    response = await desk.client.get(path)
    assert SECRET not in response.text
    assert "root:" not in response.text
    assert response.status_code == 404, (path, response.status_code)
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_only_reading_methods(desk: Api) -> None:
    assert (await desk.client.post("/desk/", content=b"x")).status_code == 405
    assert (await desk.client.delete("/desk/assets/index-4f2a9c1e.js")).status_code == 405


async def test_other_routes_keep_the_locked_down_csp(desk: Api) -> None:
    for path in ("/healthz", "/media/nothing.jpg", "/desk-not-the-desk"):
        response = await desk.client.get(path)
        assert response.headers["content-security-policy"] == LOCKED_DOWN_CSP, path


async def test_an_unbuilt_desk_says_how_to_build_it(
    settings: Settings, store: Store, clock: Clock, tmp_path: Path
) -> None:
    dist = tmp_path / "never-built"
    async with running_app(settings.model_copy(update={"desk_dir": dist}), store, clock) as api:
        for path in ("/desk/", "/desk/assets/index-4f2a9c1e.js", "/desk/stories"):
            response = await api.client.get(path)
            assert response.status_code == 503, path
            error = response.json()["errors"][0]
            assert error["extensions"] == {
                "code": "SERVICE_UNAVAILABLE",
                "reason": "DESK_NOT_BUILT",
            }
            assert "npm run build" in error["message"]
            assert "scripts/serve" in error["message"]
            assert response.headers["cache-control"] == "no-store"
        _build(dist)
        built = await api.client.get("/desk/")
        assert built.status_code == 200, "a build made while the server runs is served at once"
        assert built.text == INDEX


def test_the_desk_directory_defaults_to_the_source_build() -> None:
    assert Settings().desk_dir == Path(__file__).resolve().parent.parent / "desk" / "dist"
    assert Settings(desk_dir="/srv/desk").desk_dir == Path("/srv/desk")
