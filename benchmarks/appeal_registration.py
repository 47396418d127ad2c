"""Registering appeals with a small and a large registry already stored.

For each --stored size the script builds a fresh database holding that many appeals
(the demo data machinery: company, consumers, a year of appeals with their history),
then registers --n new appeals

  (a) through the service layer: `appeal_receive` called in one process, one by one;
  (b) over HTTP: `uvicorn gridcare.asgi:application` in a subprocess on a free port,
      a pool of --clients threads each POSTing /api/v1/appeals with a bearer token
      (from POST /api/v1/auth/token) and an Idempotency-Key,

and prints appeals per second and p50/p99 latency per (stored size × path).

    .venv/bin/python benchmarks/appeal_registration.py --stored 10000 --stored 1000000
    .venv/bin/python benchmarks/appeal_registration.py --db postgres --stored 10000

SQLite: a file under /tmp/gridcare-bench/. PostgreSQL: database --pg-database on
127.0.0.1:5432 (user postgres), created and dropped by the script, with Redis
(127.0.0.1:6379) for the cache and channel layer. Background tasks use the database
backend as in production (notifications are queued, not sent). Timings only: nothing
here asserts a speed.
"""

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
BENCH_DIR = Path("/tmp/gridcare-bench")
OPERATOR_LOGIN = "bench.operator@gridcare.demo"
OPERATOR_PASSWORD = "bench-operator-2026"
TOPICS = [
    ("connection", "connection", "Прошу сообщить статус заявки на присоединение."),
    ("transmission", "reliability", "Нет света с утра по адресу потребителя."),
    ("metering", "metering", "Прошу принять показания прибора учёта."),
    ("other", "general", "Подскажите режим работы офиса обслуживания."),
]


# ---- phases that run inside Django (child processes) -------------------------------


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gridcare.settings")
    import django

    django.setup()


def phase_prepare(stored: int, seed: int) -> dict[str, Any]:
    """Build the company and `stored` appeals; add the benchmark's operator."""
    _django()
    from gridcare.accounts.models import Role, User
    from gridcare.consumers.models import Consumer
    from gridcare.demo.build import build_demo
    from gridcare.demo.volumes import YEAR_TOTAL

    started = time.perf_counter()
    # The company grows with the registry (scale 1: 150 000 consumers).
    scale = min(1.0, max(0.01, stored / YEAR_TOTAL))
    loader = build_demo(scale=scale, seed=seed, appeals=stored, log=_log)
    User.objects.create_user(
        email=OPERATOR_LOGIN,
        password=OPERATOR_PASSWORD,
        role=Role.OPERATOR,
        full_name="Оператор нагрузочного теста",
    )
    consumers = list(
        Consumer.objects.filter(accounts__supply_points__isnull=False)
        .order_by("?")
        .values_list("pk", flat=True)
        .distinct()[:500]
    )
    return {
        "seconds": time.perf_counter() - started,
        "rows": loader.total_rows,
        "consumers": consumers,
    }


def _log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def phase_service(n: int, consumers: list[int], seed: int) -> dict[str, Any]:
    """Register `n` appeals through `appeal_receive`, one by one, as an operator
    taking phone calls; a third of the callers are not identified."""
    _django()
    import random

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gridcare.accounts.models import User
    from gridcare.appeals.services import AppealInput, appeal_receive
    from gridcare.consumers.models import Consumer

    rng = random.Random(seed)
    operator = User.objects.get(email=OPERATOR_LOGIN)
    people = {
        c.pk: c
        for c in Consumer.objects.filter(pk__in=consumers).prefetch_related(
            "accounts__supply_points"
        )
    }
    inputs = []
    for i in range(n + 2):
        category, topic, text = rng.choice(TOPICS)
        data = AppealInput(
            channel="phone",
            category=category,
            topic=topic,
            text=text,
            contact_name="Абонент",
            contact_phone=f"+7917{5_000_000 + i:07d}",
            answer_channel="phone",
        )
        if rng.random() < 0.67:
            consumer = people[rng.choice(consumers)]
            account = consumer.accounts.all()[0]
            data.consumer, data.consumer_account = consumer, account
            data.supply_point = account.supply_points.all()[0]
            data.contact_name = consumer.name
        inputs.append(data)
    appeal_receive(actor=operator, data=inputs[0])  # warm-up: calendar, caches
    with CaptureQueriesContext(connection) as queries:
        appeal_receive(actor=operator, data=inputs[1])
    latencies = []
    started = time.perf_counter()
    for data in inputs[2:]:
        t = time.perf_counter()
        appeal_receive(actor=operator, data=data)
        latencies.append(time.perf_counter() - t)
    wall = time.perf_counter() - started
    return {
        "latencies": latencies,
        "wall": wall,
        "queries": len(queries.captured_queries),
        "query_sql": [q["sql"][:160] for q in queries.captured_queries],
    }


def phase_count() -> dict[str, Any]:
    _django()
    from django.db.models import Count

    from gridcare.appeals.models import Appeal

    duplicates = (
        Appeal.objects.exclude(number=None)
        .values("number")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    return {"appeals": Appeal.objects.count(), "duplicate_numbers": duplicates}


# ---- the orchestrator ---------------------------------------------------------------


def _env(db: str, stored: int, pg_database: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="gridcare.settings",
        DEBUG="0",
        SECRET_KEY="benchmark-only-not-a-secret",
        STATIC_MANIFEST="0",
        TASKS_BACKEND="database",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        LOG_LEVEL="WARNING",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        GRIDCARE_DATA_DIR=str(BENCH_DIR / f"{db}-{stored}"),
    )
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    if db == "postgres":
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{pg_database}"
        env["DB_CONN_MAX_AGE"] = "60"
        env["REDIS_URL"] = "redis://127.0.0.1:6379/0"
        env["CACHE_KEY_PREFIX"] = f"bench-{uuid.uuid4().hex[:8]}"
    return env


def _run_phase(env: dict[str, str], options: list[str], *args: str) -> dict[str, Any]:
    result = subprocess.run(
        [str(BIN / "python"), __file__, *options, "--phase", *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        check=True,
    )
    return json.loads(result.stdout.decode().strip().splitlines()[-1])


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(
        "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
    ) as conn:
        conn.execute(sql)


def _fresh_database(db: str, env: dict[str, str], pg_database: str) -> None:
    data_dir = Path(env["GRIDCARE_DATA_DIR"])
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    if db == "postgres":
        _pg(f'DROP DATABASE IF EXISTS "{pg_database}" WITH (FORCE)')
        _pg(f'CREATE DATABASE "{pg_database}"')
    subprocess.run(
        [str(BIN / "gridcare"), "migrate", "-v0"], env=env, cwd=ROOT, check=True
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _http(
    env: dict[str, str],
    n: int,
    clients: int,
    workers: int,
    consumers: list[int],
    seed: int,
) -> dict[str, Any]:
    import random

    import httpx

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(BIN / "uvicorn"),
            "gridcare.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("uvicorn не запустился")
            time.sleep(0.3)
        token = httpx.post(
            f"{base}/api/v1/auth/token",
            json={"login": OPERATOR_LOGIN, "password": OPERATOR_PASSWORD},
            timeout=30,
        )
        token.raise_for_status()
        headers = {"Authorization": f"Bearer {token.json()['token']}"}
        rng = random.Random(seed)
        bodies = []
        for i in range(n + 20):
            category, topic, text = rng.choice(TOPICS)
            body: dict[str, Any] = {
                "channel": "phone",
                "category": category,
                "topic": topic,
                "text": text,
                "contact_name": "Абонент",
                "contact_phone": f"+7927{5_000_000 + i:07d}",
                "answer_channel": "phone",
            }
            if rng.random() < 0.67:
                body["consumer_id"] = rng.choice(consumers)
            bodies.append(body)
        local = threading.local()

        def post(body: dict[str, Any]) -> tuple[float, int]:
            client = getattr(local, "client", None)
            if client is None:
                client = local.client = httpx.Client(base_url=base, timeout=60)
            t = time.perf_counter()
            response = client.post(
                "/api/v1/appeals",
                json=body,
                headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
            )
            return time.perf_counter() - t, response.status_code

        with ThreadPoolExecutor(max_workers=clients) as pool:
            list(pool.map(post, bodies[:20]))  # warm-up: connections, caches
            started = time.perf_counter()
            results = list(pool.map(post, bodies[20:]))
            wall = time.perf_counter() - started
        codes: dict[str, int] = {}
        for _latency, code in results:
            codes[str(code)] = codes.get(str(code), 0) + 1
        return {"latencies": [r[0] for r in results], "wall": wall, "codes": codes}
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def _stats(latencies: list[float], wall: float) -> dict[str, float]:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {
        "per_second": len(latencies) / wall,
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": p99 * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stored", type=int, action="append", help="appeals stored")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--n", type=int, default=2000, help="appeals to register")
    parser.add_argument("--clients", type=int, default=4, help="HTTP client threads")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--pg-database", default="gridcare_bench_appeals")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument("--phase", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase:  # a child process: one phase, JSON on the last line of stdout
        name, *rest = args.phase
        if name == "prepare":
            result = phase_prepare(int(rest[0]), args.seed)
        elif name == "service":
            result = phase_service(args.n, json.loads(rest[0]), args.seed)
        else:
            result = phase_count()
        print(json.dumps(result))
        return

    rows = []
    for stored in args.stored or [10_000]:
        env = _env(args.db, stored, args.pg_database)
        print(f"\n== {args.db}, хранится {stored:,} обращений ==".replace(",", " "))
        _fresh_database(args.db, env, args.pg_database)
        options = ["--n", str(args.n), "--seed", str(args.seed)]
        prepared = _run_phase(env, options, "prepare", str(stored))
        print(
            f"подготовка: {prepared['rows']:,} строк за {prepared['seconds']:.0f} с".replace(
                ",", " "
            )
        )
        service = _run_phase(env, options, "service", json.dumps(prepared["consumers"]))
        print(f"сервис: {service['queries']} запросов к БД на одну регистрацию")
        for sql in service["query_sql"]:
            print(f"    {sql}")
        rows.append(
            (stored, "service", _stats(service["latencies"], service["wall"]), {})
        )
        http = _http(
            env, args.n, args.clients, args.workers, prepared["consumers"], args.seed
        )
        rows.append(
            (stored, "http", _stats(http["latencies"], http["wall"]), http["codes"])
        )
        check = _run_phase(env, options, "count")
        print(
            f"после: {check['appeals']:,} обращений, "
            f"повторов номеров: {check['duplicate_numbers']}".replace(",", " ")
        )
        if not args.keep:
            shutil.rmtree(env["GRIDCARE_DATA_DIR"], ignore_errors=True)
            if args.db == "postgres":
                _pg(f'DROP DATABASE IF EXISTS "{args.pg_database}" WITH (FORCE)')

    print(
        f"\n{args.db}, n={args.n}, HTTP: {args.clients} клиента, {args.workers} воркер(а)"
    )
    print("| хранится | путь | обращений/с | p50, мс | p99, мс | ответы |")
    print("|---:|---|---:|---:|---:|---|")
    for stored, path, stats, codes in rows:
        answers = ", ".join(f"{k}: {v}" for k, v in sorted(codes.items())) or "—"
        print(
            f"| {stored:,} | {path} | {stats['per_second']:.0f} | {stats['p50_ms']:.1f} "
            f"| {stats['p99_ms']:.1f} | {answers} |".replace(",", " ")
        )


if __name__ == "__main__":
    main()
