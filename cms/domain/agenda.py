"""The schedule: the embargo steps due in a window of time, for the desk's agenda.

Scheduled stories go live at ``publish_at`` and may come down at ``unpublish_at``; published
stories may come down at ``unpublish_at``. The agenda lists each story once, at the first of
its steps inside the window.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cms import model
from cms.errors import BadUserInput
from cms.store import Store

# The longest window one request may ask for: two months of a newsroom's embargoes.
MAX_WINDOW = timedelta(days=62)
# The most stories one window lists.
MAX_LISTED = 500


def _utc(when: datetime) -> datetime:
    """An instant given without a zone is read as UTC, as stored times are."""
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def first_step_in(article: model.Article, start: datetime, end: datetime) -> datetime:
    """The first of the story's embargo steps that falls in ``[start, end)``."""
    steps = [article.unpublish_at]
    if article.status is model.Status.SCHEDULED:
        steps.append(article.publish_at)
    return min(t for t in steps if t is not None and start <= t < end)


async def schedule(store: Store, *, start: datetime, end: datetime) -> list[model.Article]:
    """The stories with an embargo step in ``[start, end)``, by the first of those steps."""
    start, end = _utc(start), _utc(end)
    if end <= start:
        raise BadUserInput("to must be later than from.", argument="to")
    if end - start > MAX_WINDOW:
        raise BadUserInput(
            f"The window is at most {MAX_WINDOW.days} days.",
            argument="to",
            maxDays=MAX_WINDOW.days,
        )
    found = await store.articles.timed_between(start, end, limit=MAX_LISTED)
    return sorted(found, key=lambda a: (first_step_in(a, start, end), a.id))
