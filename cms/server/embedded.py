"""The embedded database: SecantusDB started as a child process, for development and tests.

A separate process keeps the database off our interpreter lock. It is started in its own
process group, so Ctrl-C reaches only us and we stop it after the server has drained, and
it is told to die with us if we are killed outright.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

from cms.server.processes import die_with_parent, free_port, libc
from cms.store import mongo

log = logging.getLogger(__name__)

MEMORY = ":memory:"


class EmbeddedDatabaseError(RuntimeError):
    """The embedded database could not be started."""


def _ask_to_stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's main thread itself.

    Sent to the process, Linux may hand the signal to one of the server's many other threads;
    CPython then only notes it, while the main thread sleeps on in the server's wait and the
    server never stops (under load, 7 of 15 stops hung until killed). ``tgkill`` aims it.
    """
    with contextlib.suppress(OSError, AttributeError):
        if libc().tgkill(process.pid, process.pid, signal.SIGTERM) == 0:
            return
    process.send_signal(signal.SIGTERM)


class EmbeddedDatabase:
    """A SecantusDB server on a free local port, storing under ``storage`` (or in memory)."""

    def __init__(
        self,
        storage: Path | str,
        *,
        start_timeout: float = 30.0,
        port: int | None = None,
        test_commands: bool = False,
    ) -> None:
        self.storage = str(storage)
        # Tests only: mongod's configureFailPoint, to make a write fail halfway on purpose.
        self.test_commands = test_commands
        self.start_timeout = start_timeout
        self.port = port or 0
        self._fixed_port = port is not None
        self._process: subprocess.Popen[bytes] | None = None
        self._log_file: tempfile._TemporaryFileWrapper[bytes] | None = None

    @property
    def uri(self) -> str:
        return f"mongodb://127.0.0.1:{self.port}/?directConnection=true"

    def start(self) -> str:
        """Start the server and wait until it answers; returns its URI."""
        if importlib.util.find_spec("secantus") is None:
            raise EmbeddedDatabaseError(
                "No CMS_MONGODB_URI is set and the embedded database is not installed: "
                "install the 'embedded' extra (pip install 'cms[embedded]') or set CMS_MONGODB_URI."
            )
        if self.storage != MEMORY:
            Path(self.storage).mkdir(parents=True, exist_ok=True)
        if not self._fixed_port:
            self.port = free_port()
        self._log_file = tempfile.NamedTemporaryFile(prefix="secantus-", suffix=".log")  # noqa: SIM115
        command = [
            sys.executable,
            "-c",
            "from secantus.cli import main; main()",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--storage-path",
            self.storage,
            "--log-level",
            "WARNING",
            *(["--enable-test-commands"] if self.test_commands else []),
        ]
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )
        self._wait_until_ready()
        log.info(
            "embedded database listening on 127.0.0.1:%d (storage %s)", self.port, self.storage
        )
        return self.uri

    def _wait_until_ready(self) -> None:
        """Poll until the server answers a command. It listens once its storage is open, but
        a SIGTERM between that and its first answer made it exit with an error, not stop."""
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise EmbeddedDatabaseError(
                    f"The embedded database exited at start: {self._last_log_line()}"
                )
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.25).close()
            except OSError:
                time.sleep(0.05)
                continue
            # Asked in short turns, so a server that dies meanwhile is noticed above.
            if mongo.answers(self.uri, timeout_s=1.0):
                return
        self.stop()
        raise EmbeddedDatabaseError(
            f"The embedded database did not answer in {self.start_timeout}s."
        )

    def _last_log_line(self) -> str:
        if self._log_file is None:
            return "no output"
        lines = Path(self._log_file.name).read_text(errors="replace").strip().splitlines()
        last = lines[-1] if lines else "no output"
        if "resource busy" in last:
            return f"its storage {self.storage} is in use by another process ({last})"
        return last

    def restart(self) -> None:
        """Stop and start again on the same port and storage (clients reconnect by themselves)."""
        self.stop()
        self._fixed_port = True
        self.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the server to finish its writes and exit; kill it if it does not."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            _ask_to_stop(process)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                log.warning("embedded database did not stop in %.0fs; killing it", timeout)
                process.kill()
                process.wait()
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def __enter__(self) -> EmbeddedDatabase:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
