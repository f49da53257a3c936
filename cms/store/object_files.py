"""Media files in an S3-compatible object store (AWS S3, MinIO, Ceph, Cloudflare R2…).

One bucket (under an optional prefix) that every instance reads and writes, so a picture
uploaded to one is served and rendered by all. Keys are the local store's, the SHA-256 of the
bytes and an extension, so the same bytes are stored once and a store moves by copying files.
boto3 is synchronous, and so is every method here: callers run them in a worker thread, as
they do the local store's. A missing object is ``FileNotFoundError``, as on disk; a store that
does not answer (no connection, a timeout, its own 5xx or throttling) is
``StorageUnavailable`` (503, retry shortly); anything else, such as a missing bucket or
refused credentials, is a configuration error and surfaces as one.
"""

from __future__ import annotations

import functools
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import boto3  # type: ignore[import-untyped]  # no type hints; wrapped here
import botocore.config  # type: ignore[import-untyped]
import botocore.exceptions  # type: ignore[import-untyped]

from cms.errors import StorageUnavailable
from cms.store.files import CHUNK_BYTES, StoredFile, content_key, is_key

# Errors that mean "not now": the request may be retried (after boto3's own retries).
_TRANSIENT = (
    botocore.exceptions.EndpointConnectionError,
    botocore.exceptions.ConnectionClosedError,
    botocore.exceptions.ConnectTimeoutError,
    botocore.exceptions.ReadTimeoutError,
    botocore.exceptions.ResponseStreamingError,
)
_MISSING = {"404", "NoSuchKey", "NotFound"}
_BUSY = {"SlowDown", "ServiceUnavailable", "InternalError", "RequestTimeout"}


@dataclass(frozen=True, slots=True, kw_only=True)
class S3Location:
    """Where the files are and how to reach them; credentials left out come from boto3's usual
    chain (``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``, ``AWS_PROFILE``, an instance role)."""

    bucket: str
    prefix: str = ""
    endpoint_url: str | None = None
    region: str | None = None
    access_key_id: str | None = None
    secret_access_key: str | None = None
    timeout_seconds: float = 10.0
    connections: int = 16


class S3MediaFiles:
    """Files in one bucket, under ``prefix``, named by the SHA-256 of their bytes."""

    def __init__(self, client: Any, *, bucket: str, prefix: str = "") -> None:
        self._client = client
        self.bucket = bucket
        self.prefix = prefix

    @classmethod
    def connect(cls, where: S3Location) -> S3MediaFiles:
        """A store on its own client (no request is made until a file is asked for)."""
        config = botocore.config.Config(
            connect_timeout=where.timeout_seconds,
            read_timeout=where.timeout_seconds,
            retries={"max_attempts": 3, "mode": "standard"},
            max_pool_connections=where.connections,
        )
        with _SESSION_LOCK:  # a boto3 session is not thread-safe; its clients are
            client = _session().client(
                "s3",
                endpoint_url=where.endpoint_url,
                region_name=where.region,
                aws_access_key_id=where.access_key_id,
                aws_secret_access_key=where.secret_access_key,
                config=config,
            )
        return cls(client, bucket=where.bucket, prefix=where.prefix)

    def check(self) -> None:
        """Fail now if the bucket cannot be reached (at start, not at the first upload)."""
        with _answering():
            self._client.head_bucket(Bucket=self.bucket)

    def put(self, data: bytes, *, extension: str) -> str:
        key = content_key(data, extension)
        if self.find(key) is None:  # the same bytes are sent once, however often uploaded
            content_type = mimetypes.guess_type(key)[0] or "application/octet-stream"
            with _answering():
                self._client.put_object(
                    Bucket=self.bucket, Key=self._name(key), Body=data, ContentType=content_type
                )
        return key

    def read(self, key: str) -> bytes:
        with _answering():
            found = self._client.get_object(Bucket=self.bucket, Key=self._name(key))
            body = found["Body"]
            try:
                data: bytes = body.read()
            finally:
                body.close()
        return data

    def find(self, key: str) -> StoredFile | None:
        try:
            with _answering():
                head = self._client.head_object(Bucket=self.bucket, Key=self._name(key))
        except FileNotFoundError:
            return None
        return StoredFile(key=key, size=int(head["ContentLength"]))

    def chunks(self, key: str, *, start: int, end: int) -> Iterator[bytes]:
        if end <= start:
            return
        with _answering():
            found = self._client.get_object(
                Bucket=self.bucket, Key=self._name(key), Range=f"bytes={start}-{end - 1}"
            )
            body = found["Body"]
            try:
                yield from body.iter_chunks(CHUNK_BYTES)
            finally:
                body.close()

    def delete(self, key: str) -> None:
        with _answering():
            self._client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def close(self) -> None:
        self._client.close()

    def _name(self, key: str) -> str:
        """The object's name in the bucket; a key this store could not have made names none."""
        if not is_key(key):
            raise FileNotFoundError(key)
        return self.prefix + key


_SESSION_LOCK = threading.Lock()


@functools.cache
def _session() -> Any:
    """One boto3 session per process, made at the first store: a new session reads botocore's
    service descriptions again (over a second of CPU on a busy machine), a client made from a
    session that has them takes milliseconds."""
    return boto3.session.Session()


@contextmanager
def _answering() -> Iterator[None]:
    """The store's failures in our terms: missing is ``FileNotFoundError``, unreachable or busy
    is ``StorageUnavailable``; anything else (a missing bucket, refused credentials) stays."""
    try:
        yield
    except _TRANSIENT as error:
        raise StorageUnavailable("The media store is not reachable; try again shortly.") from error
    except botocore.exceptions.ClientError as error:
        code = str(error.response.get("Error", {}).get("Code", ""))
        if code in _MISSING:
            raise FileNotFoundError(code) from error
        if code in _BUSY or code.startswith("5"):
            raise StorageUnavailable("The media store is busy; try again shortly.") from error
        raise
