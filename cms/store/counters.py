"""Request counts per client and time window, shared by every server process and instance."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ReturnDocument

from cms.store.collections import REQUEST_COUNTS


class RequestCounts:
    """One small document per client and window (``<key>@<window>``), removed by a TTL index
    once its window is over; each count is one atomic upsert."""

    def __init__(self, db: Any, session: Any = None) -> None:
        self._coll = db[REQUEST_COUNTS]
        self._session = session

    async def add(self, key: str, *, window: int, amount: int, expires_at: datetime) -> int:
        """Count ``amount`` more requests; the window's total, these included."""
        doc = await self._coll.find_one_and_update(
            {"_id": f"{key}@{window}"},
            {"$inc": {"n": amount}, "$setOnInsert": {"expires_at": expires_at}},
            projection={"n": 1, "_id": 0},
            upsert=True,
            return_document=ReturnDocument.AFTER,
            session=self._session,
        )
        return int(doc["n"])
