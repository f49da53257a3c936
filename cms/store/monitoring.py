"""Counting the commands the driver sends, for metrics (and tests) without touching queries."""

from __future__ import annotations

from collections.abc import Callable

from pymongo import monitoring


class CommandCounter(monitoring.CommandListener):
    """Calls ``count(name)`` for each command the client starts, change-stream polls excepted."""

    def __init__(self, count: Callable[[str], None]) -> None:
        self._count = count

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name == "getMore" and event.command.get("collection") == "$cmd.aggregate":
            return
        self._count(event.command_name)

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass
