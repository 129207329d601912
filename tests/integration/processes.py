"""Real `coachbot run` processes for restart and multi-instance tests, and a fresh PostgreSQL schema each."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class BotProcess:
    """One `python -m bot run` child, its output in a file (read on failure), stopped politely or with SIGKILL."""

    def __init__(self, config: Path | None, env: dict[str, str], log: Path, role: str = "all",
                 platform: str = "slack") -> None:
        self.port = free_port()
        self.log = log
        self._out = log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--platform", platform, "--host", "127.0.0.1",
             "--port", str(self.port), "--role", role, *(["--config", str(config)] if config else [])],
            cwd=REPO, env={**os.environ, **env}, stdout=self._out, stderr=subprocess.STDOUT)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, seconds: float = 40) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"bot exited with {self.process.returncode}:\n{self.log.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/readyz", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"bot not ready in {seconds}s:\n{self.log.read_text()}")

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no last commits."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        self._out.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self._out.close()


@contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    """A fresh schema of our own on the shared server, dropped afterwards; yields a URL that uses it."""
    schema = f"coachbot_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
