"""Two CMS processes (real uvicorn servers, `cms serve`) over one database and one S3-compatible
bucket, as behind a load balancer: each serves, renders and deletes what the other uploaded."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from cms import model
from cms.config import Settings
from cms.domain import accounts
from cms.store import Store
from tests.conftest import S3_SECRET, Clock
from tests.media_api import UPLOAD, agency_jpeg, decoded, stored_files
from tests.newsroom import LOGIN, PASSWORD

DELETE = "mutation Delete($id: ID!) { deleteMedia(id: $id) }"
RENDITION = "query Rendition($id: ID!) { media(id: $id) { url(width: 320) } }"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _environment(settings: Settings, media_dir: Path) -> dict[str, str]:
    """What an operator sets on every instance: the same database and bucket, its own disk."""
    assert settings.mongodb_uri is not None
    assert settings.s3_endpoint_url is not None
    return {
        **os.environ,
        "CMS_MONGODB_URI": settings.mongodb_uri,
        "CMS_DATABASE": settings.database,
        "CMS_MEDIA_DIR": str(media_dir),
        "CMS_PUBLIC_URL": "http://news.example",  # the balancer's address, the same for both
        "CMS_SCHEDULER_ENABLED": "false",
        "CMS_MEDIA_STORAGE": "s3",
        "CMS_S3_BUCKET": settings.s3_bucket,
        "CMS_S3_PREFIX": settings.s3_prefix,
        "CMS_S3_ENDPOINT_URL": settings.s3_endpoint_url,
        "CMS_S3_REGION": str(settings.s3_region),
        "CMS_S3_ACCESS_KEY_ID": str(settings.s3_access_key_id),
        "CMS_S3_SECRET_ACCESS_KEY": S3_SECRET,
    }


def _wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "cms serve exited early"
        try:
            urllib.request.urlopen(f"{base}/readyz", timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("cms serve did not start")


@contextmanager
def instances(settings: Settings, root: Path, count: int) -> Iterator[list[str]]:
    """``count`` servers started side by side; their base URLs."""
    ports = [_free_port() for _ in range(count)]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "cms.cli", "serve", "--port", str(port)],
            env=_environment(settings, root / f"instance-{n}" / "media"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for n, port in enumerate(ports)
    ]
    try:
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base, process in zip(bases, processes, strict=True):
            _wait_until_up(base, process)
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


async def _gql(
    client: httpx.AsyncClient, base: str, token: str, query: str, variables: dict[str, Any]
) -> dict[str, Any]:
    answer = await client.post(
        f"{base}/admin/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {token}"},
    )
    body: dict[str, Any] = answer.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def _upload(client: httpx.AsyncClient, base: str, token: str, data: bytes) -> dict[str, Any]:
    operations = {"query": UPLOAD, "variables": {"file": None, "input": None}}
    answer = await client.post(
        f"{base}/admin/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": ("photo.jpg", data, "image/jpeg")},
        headers={"authorization": f"Bearer {token}", "apollo-require-preflight": "true"},
    )
    body = answer.json()
    assert "errors" not in body, body
    asset: dict[str, Any] = body["data"]["uploadMedia"]
    return asset


def _path(url: str) -> str:
    """An address the balancer's host put in, as a path any instance answers."""
    return url.removeprefix("http://news.example")


async def test_two_instances_serve_each_others_uploads(
    s3_settings: Settings, store: Store, tmp_path: Path
) -> None:
    email = "picture-desk@newsroom.example"
    await accounts.create_user(
        store, email=email, role=model.Role.EDITOR, password=PASSWORD, now=Clock()()
    )
    ours, theirs = agency_jpeg((1600, 1000)), agency_jpeg((1200, 900), caption="Floodwater.")

    with instances(s3_settings, tmp_path, 2) as (first, second):
        async with httpx.AsyncClient(timeout=30) as client:
            login = await client.post(
                f"{first}/admin/graphql",
                json={"query": LOGIN, "variables": {"email": email, "password": PASSWORD}},
            )
            token = login.json()["data"]["login"]["token"]
            editor = {"authorization": f"Bearer {token}"}
            on_first = await _upload(client, first, token, ours)
            on_second = await _upload(client, second, token, theirs)

            from_second = await client.get(second + _path(on_first["url"]), headers=editor)
            from_first = await client.get(first + _path(on_second["url"]), headers=editor)
            ranged = await client.get(
                second + _path(on_first["url"]), headers={**editor, "range": "bytes=0-99"}
            )
            rendition = (await _gql(client, first, token, RENDITION, {"id": on_second["id"]}))[
                "media"
            ]["url"]
            rendered = await client.get(second + _path(rendition), headers=editor)

            await _gql(client, second, token, DELETE, {"id": on_first["id"]})
            after_delete = await client.get(first + _path(on_first["url"]), headers=editor)

    assert (from_second.status_code, from_second.content) == (200, ours)
    assert (from_first.status_code, from_first.content) == (200, theirs)
    assert (ranged.status_code, ranged.content) == (206, ours[:100])
    assert rendered.status_code == 200
    assert decoded(rendered.content).size == (320, 240)
    assert after_delete.status_code == 404, "deleted by one instance, gone from the other"
    for n in (0, 1):
        assert stored_files(tmp_path / f"instance-{n}" / "media") == [], "no file on a disk"
