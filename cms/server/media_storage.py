"""Opening the configured media file store: a local directory, or an S3-compatible bucket."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from cms.config import Settings
from cms.store.files import LocalMediaFiles, MediaFiles


def media_files(settings: Settings) -> MediaFiles:
    """The store ``CMS_MEDIA_STORAGE`` names; boto3 is imported only when it is S3."""
    if settings.media_storage == "local":
        return LocalMediaFiles(settings.media_dir)
    from cms.store.object_files import S3Location, S3MediaFiles

    secret = settings.s3_secret_access_key
    return S3MediaFiles.connect(
        S3Location(
            bucket=settings.s3_bucket,
            prefix=settings.s3_prefix,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=None if secret is None else secret.get_secret_value(),
            timeout_seconds=settings.s3_timeout_seconds,
        )
    )


@asynccontextmanager
async def open_media_files(settings: Settings) -> AsyncIterator[MediaFiles]:
    """The file store for as long as the block runs; a bucket that cannot be reached stops the
    start with the reason, rather than the first upload."""
    # Making an S3 client reads botocore's service descriptions: off the event loop.
    files = await asyncio.to_thread(media_files, settings)
    try:
        await asyncio.to_thread(files.check)
        yield files
    finally:
        files.close()
