"""Real server processes for system tests: uvicorn app servers and task workers started
with `subprocess` on the test database, stopped (or SIGKILLed) by the tests.

pytest-django creates the test database (`test_<NAME>` on PostgreSQL); the children
get a DATABASE_URL naming that same database, read from the live connection, and the
same REDIS_URL, so they share data, cache and the channel layer with the test. Every
process is stopped when its `running()` block ends, whatever the test did. This module
has no tests of its own; the `test_system_*` modules use it."""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
START_TIMEOUT = 120.0  # the machine may be busy: Django takes seconds to import

_on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
needs_postgres = pytest.mark.skipif(
    not _on_postgres,
    reason="системный тест: нужен PostgreSQL (DATABASE_URL), как во втором проходе CI",
)
needs_postgres_and_redis = pytest.mark.skipif(
    not _on_postgres or not settings.REDIS_URL,
    reason="системный тест: нужны PostgreSQL (DATABASE_URL) и Redis (REDIS_URL), "
    "как во втором проходе CI",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_database_url() -> str:
    """The URL of the database the test runs on (pytest-django's test database)."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or 5432
    return f"postgres://{auth}@{host}:{port}/{db['NAME']}"


test_database_url.__test__ = False  # type: ignore[attr-defined]  # not a test


def child_env(**extra: str) -> dict[str, str]:
    """The test's environment, pointed at the test database; `extra` overrides."""
    env = dict(os.environ)
    # No SMTP server unless a test starts one: e-mails stay in the process.
    env["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    env.update(
        DATABASE_URL=test_database_url(),
        REDIS_URL=settings.REDIS_URL,
        DEBUG="0",
        PYTHONUNBUFFERED="1",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


@dataclass
class Process:
    """One child process with its log file."""

    name: str
    args: list[str]
    log: Path
    env: dict[str, str]
    port: int | None = None
    popen: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def start(self) -> "Process":
        self.log.parent.mkdir(parents=True, exist_ok=True)
        out = self.log.open("ab")
        self.popen = subprocess.Popen(
            self.args, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT
        )
        out.close()
        return self

    def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        """Wait until /healthz answers 200 (app servers only)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.popen is not None and self.popen.poll() is not None:
                raise AssertionError(f"{self.name} exited:\n{self.tail()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/healthz", timeout=5).status_code == 200:
                    return
            time.sleep(0.3)
        raise AssertionError(
            f"{self.name} did not start in {timeout} s:\n{self.tail()}"
        )

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flushing; what was in flight is lost."""
        if self.popen is not None and self.popen.poll() is None:
            self.popen.send_signal(signal.SIGKILL)
            self.popen.wait(timeout=30)

    def stop(self) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        self.popen.terminate()
        try:
            self.popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()

    def tail(self, lines: int = 40) -> str:
        if not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def app_server(name: str, logs: Path, **env: str) -> Process:
    """An uvicorn app server (the production entry point) on a free port."""
    port = free_port()
    args = [
        sys.executable,
        "-m",
        "uvicorn",
        "gridcare.asgi:application",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
    ]
    return Process(name, args, logs / f"{name}.log", child_env(**env), port=port)


def task_worker(name: str, logs: Path, *extra: str, **env: str) -> Process:
    """A `gridcare db_worker` on the database task backend."""
    args = [
        sys.executable,
        "-m",
        "gridcare",
        "db_worker",
        "--no-startup-delay",
        "--interval",
        "0.2",
        "--no-reload",
        *extra,
    ]
    return Process(
        name,
        args,
        logs / f"{name}.log",
        child_env(**{"TASKS_BACKEND": "database", **env}),
    )


@contextlib.contextmanager
def running(*processes: Process, ready: bool = True) -> Iterator[tuple[Process, ...]]:
    """Start the processes (in parallel), wait for the app servers, always stop."""
    try:
        for process in processes:
            process.start()
        if ready:
            for process in processes:
                if process.port is not None:
                    process.wait_ready()
        yield processes
    finally:
        for process in processes:
            process.stop()


def json_of(response: httpx.Response) -> Any:
    return json.loads(response.content)
