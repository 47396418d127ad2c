"""Run the load suite: seed a database, start the server, run locust headless for each
mix and print throughput and p50/p99 per endpoint (with /healthz as the ceiling).

    .venv/bin/python benchmarks/load/run.py --db sqlite --mix daily storm ceiling
    .venv/bin/python benchmarks/load/run.py --db postgres --users 40 --seconds 60

SQLite lives in var/load/sqlite; PostgreSQL is `gridcare_load` on 127.0.0.1 with Redis
db 13 (created when missing). The first run seeds `demo_data --scale 0.01` and writes
the fixture (prepare.py); later runs reuse both (--fresh to rebuild). The server is
production-like: DEBUG off, uvicorn with --web-workers processes, tasks queued in the
database (no worker runs: the figures are the web tier's), a psycopg pool on
PostgreSQL. Results: a Markdown table on stdout, JSON and locust CSVs in var/load/."""

import argparse
import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
OUT = ROOT / "var" / "load"
PG_URL = "postgres://postgres@127.0.0.1:5432/gridcare_load"
CLASSES = {
    "daily": [
        "ConsumerApp",
        "PortalVisitor",
        "Operator",
        "ChatbotVisitor",
        "HealthProbe",
    ],
    "peak": [
        "ConsumerApp",
        "PortalVisitor",
        "Operator",
        "ChatbotVisitor",
        "HealthProbe",
    ],
    "storm": ["StormApp", "StormPortal", "StormChatbot", "Operator", "HealthProbe"],
    "ceiling": ["HealthProbe"],
}


def server_env(db: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY="load-test-not-a-secret",
        STATIC_MANIFEST="0",
        TASKS_BACKEND="database",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    for name in ("DATABASE_URL", "REDIS_URL", "DB_POOL_MAX", "SQLITE_TEST_NAME"):
        env.pop(name, None)
    if db == "sqlite":
        env["GRIDCARE_DATA_DIR"] = str(OUT / "sqlite")
    else:
        env.update(
            GRIDCARE_DATA_DIR=str(OUT / "postgres"),
            DATABASE_URL=PG_URL,
            REDIS_URL="redis://127.0.0.1:6379/13",
            DB_POOL_MAX="4",
            DB_POOL_MIN="1",
        )
    return env


def gridcare(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "gridcare", *args], env=env, check=True)


def seed(db: str, env: dict[str, str], *, fresh: bool, scale: str) -> Path:
    fixture = OUT / db / "fixture.json"
    if fresh:
        if db == "sqlite":
            shutil.rmtree(OUT / "sqlite", ignore_errors=True)
        else:
            subprocess.run(
                [
                    "dropdb",
                    "-h",
                    "127.0.0.1",
                    "-U",
                    "postgres",
                    "--if-exists",
                    "--force",
                    "gridcare_load",
                ],
                check=True,
            )
        fixture.unlink(missing_ok=True)
    if db == "postgres":
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-U", "postgres", "gridcare_load"],
            check=False,
            capture_output=True,
        )
    if not fixture.exists():
        gridcare(env, "migrate", "--noinput", "-v0")
        gridcare(env, "demo_data", "--scale", scale, "--if-empty")
        subprocess.run(
            [sys.executable, str(HERE / "prepare.py"), "--out", str(fixture)],
            env=env,
            check=True,
        )
    return fixture


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(
    env: dict[str, str], workers: int, log: Path
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    out = log.open("wb")
    server = subprocess.Popen(
        [
            sys.executable, "-m", "uvicorn", "gridcare.asgi:application",
            "--host", "127.0.0.1", "--port", str(port),
            "--workers", str(workers), "--no-access-log",
        ],
        cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return server, url
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit(f"server did not start; see {log}")


def run_mix(
    mix: str,
    url: str,
    fixture: Path,
    prefix: Path,
    users: int,
    rate: float,
    seconds: int,
) -> list[dict[str, Any]]:
    env = dict(os.environ, LOAD_MIX=mix, LOAD_FIXTURE=str(fixture))
    log = open(f"{prefix}.log", "wb")  # noqa: SIM115 - closed by the child's exit
    subprocess.run(
        [
            sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"),
            "--headless", "--only-summary", "--users", str(users),
            "--spawn-rate", str(rate), "--run-time", f"{seconds}s",
            "--host", url, "--csv", str(prefix), "--loglevel", "WARNING",
            "--exit-code-on-error", "0", *CLASSES[mix],
        ],
        cwd=ROOT, env=env, check=True, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    log.close()
    rows = []
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        for row in csv.DictReader(stats):
            rows.append(
                {
                    "endpoint": row["Name"] if row["Type"] != "" else "Aggregated",
                    "method": row["Type"],
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "rps": float(row["Requests/s"]),
                    "p50": float(row["50%"] or 0),
                    "p99": float(row["99%"] or 0),
                }
            )
    return rows


def table(title: str, rows: list[dict[str, Any]]) -> str:
    lines = [
        f"\n{title}\n",
        "| endpoint | requests | failed | req/s | p50, ms | p99, ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        name = "**all**" if r["endpoint"] == "Aggregated" else r["endpoint"]
        lines.append(
            f"| {name} | {r['requests']} | {r['failures']} | {r['rps']:.1f} "
            f"| {r['p50']:.0f} | {r['p99']:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--mix", nargs="+", default=["daily", "peak", "storm", "ceiling"]
    )
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--scale", default="0.01")
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()

    env = server_env(args.db)
    fixture = seed(args.db, env, fresh=args.fresh, scale=args.scale)
    OUT.mkdir(parents=True, exist_ok=True)
    server, url = start_server(env, args.web_workers, OUT / f"{args.db}-server.log")
    results: dict[str, Any] = {"db": args.db, "users": args.users, "mixes": {}}
    try:
        for mix in args.mix:
            users = args.users * (2 if mix == "peak" else 1)
            rows = run_mix(
                mix, url, fixture, OUT / f"{args.db}-{mix}", users,
                args.spawn_rate, args.seconds,
            )  # fmt: skip
            results["mixes"][mix] = {"users": users, "rows": rows}
            print(table(f"{args.db}, {mix}, {users} users, {args.seconds} s", rows))
    finally:
        server.terminate()
        server.wait(timeout=30)
    (OUT / f"{args.db}-results.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
