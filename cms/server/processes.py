"""Helpers for the child processes we start: the embedded database, and the servers and load
generators of scripts/bench and scripts/soak."""

from __future__ import annotations

import contextlib
import ctypes
import signal
import socket


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on now, for a child to bind."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def libc() -> ctypes.CDLL:
    """Linux's C library, for the calls Python does not offer; OSError elsewhere."""
    return ctypes.CDLL("libc.so.6", use_errno=True)


def die_with_parent() -> None:  # pragma: no cover - runs in the child
    """``preexec_fn`` of a child that must not outlive us if we are killed outright (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        libc().prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
