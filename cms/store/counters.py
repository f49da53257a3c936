"""Request counts per client and time window, shared by every server process and instance."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from cms.store.collections import REQUEST_COUNTS
from cms.store.mongo import reports_unavailable


@reports_unavailable
class RequestCounts:
    """One small document per client and window (``<key>@<window>``), removed by a TTL index
    once its window is over; each count is one atomic upsert."""

    def __init__(self, db: Any, session: Any = None) -> None:
        self._coll = db[REQUEST_COUNTS]
        self._session = session

    async def add(self, key: str, *, window: int, amount: int, expires_at: datetime) -> int:
        """Count ``amount`` more requests; the window's total, these included.

        Two first requests of a window upsert the same new document at once. On MongoDB the
        one that loses the insert may get a duplicate key, with nothing written: it counts
        again, now as an update. SecantusDB counts it but may answer no document: the total
        is then read back.
        """
        for _ in range(3):
            try:
                doc = await self._coll.find_one_and_update(
                    {"_id": f"{key}@{window}"},
                    {"$inc": {"n": amount}, "$setOnInsert": {"expires_at": expires_at}},
                    projection={"n": 1, "_id": 0},
                    upsert=True,
                    return_document=ReturnDocument.AFTER,
                    session=self._session,
                )
            except DuplicateKeyError:
                continue
            if doc is None:
                doc = await self._coll.find_one(
                    {"_id": f"{key}@{window}"}, {"n": 1}, session=self._session
                )
            if doc is not None:
                return int(doc["n"])
        raise RuntimeError(f"the request count {key}@{window} could not be written")
