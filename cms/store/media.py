"""Media assets: pictures, clips and recordings with their caption, credit and rights."""

from __future__ import annotations

from cms import model
from cms.store.base import Repository
from cms.store.collections import MEDIA


class MediaAssets(Repository[model.MediaAsset]):
    collection = MEDIA
    model_type = model.MediaAsset
