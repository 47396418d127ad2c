"""Restart PostgreSQL under load and show that gridcare recovers by itself.

Starts one app server (uvicorn, 2 workers, psycopg pool with health checks) on a
PostgreSQL cluster, drives it with client threads (GET /healthz, GET /api/v1/appeals,
POST /api/v1/appeals with an Idempotency-Key, retried until it succeeds, as the app
does), restarts the cluster with `pg_ctlcluster --skip-systemctl-redirect … restart`
mid-load, and prints: failed answers during the restart, the time from the restart to
the first and to the last failure, and whether every registration is stored once.

By default it uses a cluster of its own (15 ops on port 5439; created with
`pg_createcluster 15 ops -p 5439 -- --auth-host=trust --auth-local=trust`) so that
nobody else's database connections are cut. `--cluster "15 main" --port 5432` restarts
the main one.

    .venv/bin/python scripts/pg_restart_under_load.py [--seconds 40] [--restart-at 10]
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _request(
    url: str, *, body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, None
    except OSError:
        return 0, None  # connection refused or cut


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cluster", default="15 ops")
    parser.add_argument("--port", type=int, default=5439)
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--restart-at", type=float, default=10)
    parser.add_argument("--clients", type=int, default=6)
    args = parser.parse_args()

    database = f"postgres://postgres@127.0.0.1:{args.port}/gridcare_restart"
    env = dict(
        os.environ,
        DEBUG="0",
        SECRET_KEY="restart-test-not-a-secret",
        STATIC_MANIFEST="0",
        TASKS_BACKEND="database",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        DATABASE_URL=database,
        DB_POOL_MAX="4",
        DB_POOL_MIN="2",
        DB_POOL_TIMEOUT="5",
        LOG_LEVEL="ERROR",
        GRIDCARE_DATA_DIR=str(ROOT / "var" / "pg-restart"),
    )
    env.pop("REDIS_URL", None)
    gridcare = [sys.executable, "-m", "gridcare"]
    for tool in ("dropdb", "createdb"):  # a fresh database every run
        extra = ["--if-exists", "--force"] if tool == "dropdb" else []
        subprocess.run(
            [tool, "-h", "127.0.0.1", "-p", str(args.port), "-U", "postgres",
             *extra, "gridcare_restart"],
            check=True,
        )  # fmt: skip
    subprocess.run([*gridcare, "migrate", "--noinput", "-v0"], env=env, check=True)
    token = subprocess.run(
        [*gridcare, "shell", "-c", SETUP],
        env=env, check=True, capture_output=True, text=True,
    ).stdout.strip().splitlines()[-1]  # fmt: skip

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    log = (ROOT / "var" / "pg-restart-server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "gridcare.asgi:application", "--host",
         "127.0.0.1", "--port", str(port), "--workers", "2", "--no-access-log"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        while _request(f"{url}/healthz")[0] != 200:
            time.sleep(0.5)
        report = _drive(url, token, args)
    finally:
        server.terminate()
        server.wait(timeout=30)
    stored = subprocess.run(
        [*gridcare, "shell", "-c", COUNT],
        env=env, check=True, capture_output=True, text=True,
    ).stdout.strip().splitlines()[-1]  # fmt: skip
    report["stored"] = json.loads(stored)
    keys = set(report.pop("keys"))
    report["every_key_stored_once"] = (
        report["stored"]["keys"] == len(keys) == (report["stored"]["appeals"])
    )
    print(json.dumps(report, indent=1, ensure_ascii=False))


def _drive(url: str, token: str, args: argparse.Namespace) -> dict[str, Any]:
    auth = {"Authorization": f"Bearer {token}"}
    events: list[tuple[float, str, int]] = []
    keys: list[str] = []
    lock = threading.Lock()
    start = time.monotonic()
    stop = start + args.seconds

    def client(n: int) -> None:
        while time.monotonic() < stop:
            kind = ("healthz", "list", "register")[n % 3]
            if kind == "healthz":
                status, _ = _request(f"{url}/healthz")
            elif kind == "list":
                status, _ = _request(f"{url}/api/v1/appeals?limit=10", headers=auth)
            else:
                key = str(uuid.uuid4())
                with lock:
                    keys.append(key)
                body = {"category": "metering", "topic": "metering", "text": key}
                while True:  # the app retries with the same key until it gets 201
                    status, _ = _request(
                        f"{url}/api/v1/appeals",
                        body=body,
                        headers={**auth, "Idempotency-Key": key},
                    )
                    with lock:
                        events.append((time.monotonic() - start, kind, status))
                    if status == 201 or time.monotonic() > stop + 30:
                        break
                    time.sleep(0.5)
                continue
            with lock:
                events.append((time.monotonic() - start, kind, status))
            time.sleep(0.05)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
    for thread in threads:
        thread.start()
    time.sleep(args.restart_at)
    restart_started = time.monotonic() - start
    subprocess.run(
        [
            "pg_ctlcluster",
            "--skip-systemctl-redirect",
            *args.cluster.split(),
            "restart",
        ],
        check=True,
    )
    restart_done = time.monotonic() - start
    for thread in threads:
        thread.join()
    failures = [(t, k, s) for t, k, s in events if s not in (200, 201)]
    after = [t for t, _k, s in events if t > restart_done and s in (200, 201)]
    return {
        "requests": len(events),
        "answers": dict(Counter(f"{k} {s}" for _t, k, s in events)),
        "restart_seconds": round(restart_done - restart_started, 2),
        "failures": len(failures),
        "first_failure_after_restart_began_s": (
            round(min(t for t, _k, _s in failures) - restart_started, 2)
            if failures
            else None
        ),
        "last_failure_after_restart_done_s": (
            round(max(t for t, _k, _s in failures) - restart_done, 2)
            if failures
            else None
        ),
        "first_success_after_restart_done_s": (
            round(min(after) - restart_done, 2) if after else None
        ),
        "keys": keys,
    }


SETUP = """
from gridcare.accounts.models import Role, User
from gridcare.accounts.services import api_token_issue
from gridcare.consumers.models import Consumer
user = User.objects.filter(email="restart@example.ru").first()
if user is None:
    user = User.objects.create_user(
        email="restart@example.ru", password="Str0ng-pass-2026", role=Role.CONSUMER
    )
    Consumer.objects.create(name="Нагрузка Тест", email=user.email, user=user)
print(api_token_issue(user=user, name="restart")[1])
"""

COUNT = """
import json
from gridcare.api.models import IdempotentRequest
from gridcare.appeals.models import Appeal
appeals = Appeal.objects.filter(consumer__user__email="restart@example.ru")
keys = IdempotentRequest.objects.filter(user__email="restart@example.ru")
print(json.dumps({"appeals": appeals.count(), "keys": keys.count(),
                  "distinct_numbers": appeals.values("number").distinct().count()}))
"""


if __name__ == "__main__":
    main()
