"""Rate limits that hold across server processes and instances: the counts are in the database.

Each client (a key: its verified user, else its address) may make ``limit`` requests in each
fixed window of ``window_seconds``. The window's count is one document in the database, so
every worker and every instance adds to the same number. A process does not write once per
request: it reserves the client's requests in growing chunks (1, 2, 4, … up to
``limit / 16``), each with one atomic upsert that returns the window's total, and spends them
locally. No process is ever granted more than the window has left, so the limit is never
exceeded; at worst, requests another process reserved and did not use are refused a little
early. A client light enough to stay in its first chunk costs one write per window; once the
database says the window is spent, the process refuses that client until the window ends
without asking again.

If the database cannot be reached, each process falls back to its own token bucket for a few
seconds (the same rate, per process), rather than refusing everyone or waiting on every call.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from cachetools import LRUCache

from cms.errors import DatabaseUnavailable
from cms.http.middleware import TokenBuckets
from cms.store.counters import RequestCounts

log = logging.getLogger("cms.web")

# How long a process counts on its own after the database failed to answer a count.
OFFLINE_SECONDS = 5.0


@dataclass(slots=True)
class _Allowance:
    window: int
    left: int = 0  # reserved in the database for this process, not yet spent
    chunk: int = 1  # how many to reserve next time
    spent: bool = False  # the database has no more for this window


class SharedLimit:
    """``limit`` requests per key in each fixed window of ``window_seconds``, counted in the
    database; remembers a bounded number of keys (the least recently seen go first)."""

    def __init__(self, *, limit: int, window_seconds: float, max_keys: int = 100_000) -> None:
        self.limit, self.window_seconds, self.max_keys = limit, window_seconds, max_keys
        self.max_chunk = max(1, limit // 16)
        self._allowances: LRUCache[str, _Allowance] = LRUCache(max_keys)
        self._fallback = TokenBuckets(rate=limit / window_seconds, burst=limit, max_keys=max_keys)
        self._offline_until = 0.0

    async def wait(self, counts: RequestCounts, key: str, *, now: datetime) -> float:
        """0 when this request may go ahead; otherwise the seconds until it may."""
        stamp = now.timestamp()
        window = int(stamp // self.window_seconds)
        until_next = (window + 1) * self.window_seconds - stamp
        if time.monotonic() < self._offline_until:
            return self._fallback.take(key)
        allowance = self._allowance(key, window)
        while allowance.left == 0 and not allowance.spent:
            expires_at = now + timedelta(seconds=until_next + self.window_seconds)
            try:
                await self._reserve(counts, key, allowance, expires_at=expires_at)
            except DatabaseUnavailable:
                log.warning("rate-limit counts unreachable; counting per process for a while")
                self._offline_until = time.monotonic() + OFFLINE_SECONDS
                return self._fallback.take(key)
        if allowance.left > 0:
            allowance.left -= 1
            return 0.0
        return until_next

    def _allowance(self, key: str, window: int) -> _Allowance:
        allowance = self._allowances.get(key)
        if allowance is None or allowance.window != window:
            allowance = self._allowances[key] = _Allowance(window=window)
        return allowance

    async def _reserve(
        self, counts: RequestCounts, key: str, allowance: _Allowance, *, expires_at: datetime
    ) -> None:
        chunk = allowance.chunk
        allowance.chunk = min(chunk * 2, self.max_chunk)
        total = await counts.add(key, window=allowance.window, amount=chunk, expires_at=expires_at)
        granted = max(0, min(chunk, self.limit - (total - chunk)))
        allowance.left += granted
        if granted < chunk:
            allowance.spent = True
