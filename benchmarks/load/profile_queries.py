"""Count the SQL of each endpoint of the load suite and point at N+1 patterns.

Runs each request through Django's test client on the load database (as run.py seeded
it) inside CaptureQueriesContext; prints queries, time in SQL and the most repeated
statement shape (same SQL with different parameters ⇒ a query per row: N+1). List
endpoints run at two page sizes: a count that grows with the page is an N+1.

    .venv/bin/python benchmarks/load/profile_queries.py --db sqlite
"""

import argparse
import json
import os
import re
import sys
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _shape(sql: str) -> str:
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(?:\.\d+)?\b", "?", sql)
    return re.sub(r"\((?:\?, )+\?\)", "(…)", sql)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    from run import OUT, server_env  # the same environment as the load runs

    os.environ.update(server_env(args.db))
    os.environ["DJANGO_SETTINGS_MODULE"] = "gridcare.settings"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    fixture = json.loads((OUT / args.db / "fixture.json").read_text())
    consumer = max(fixture["consumers"], key=lambda c: len(c["appeal_ids"]))
    operator = fixture["operators"][0]
    address = fixture["storm"]["addresses"][0]

    def as_(token: str | None) -> Client:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        return Client(**headers)

    key = {"HTTP_IDEMPOTENCY_KEY": ""}

    def post(client: Client, path: str, body: dict[str, Any]) -> Any:
        key["HTTP_IDEMPOTENCY_KEY"] = str(uuid.uuid4())
        return client.post(path, body, content_type="application/json", **key)

    me, op, anon = as_(consumer["token"]), as_(operator["token"]), as_(None)
    appeal = consumer["appeal_ids"][0]
    checks: list[tuple[str, Any]] = [
        ("GET /healthz", lambda: anon.get("/healthz")),
        ("GET /api/v1/appeals?limit=5 [consumer]", lambda: me.get("/api/v1/appeals?limit=5")),
        ("GET /api/v1/appeals?limit=20 [consumer]", lambda: me.get("/api/v1/appeals?limit=20")),
        ("GET /api/v1/appeals?limit=5 [queue]", lambda: op.get("/api/v1/appeals?status=registered&limit=5")),
        ("GET /api/v1/appeals?limit=20 [queue]", lambda: op.get("/api/v1/appeals?status=registered&limit=20")),
        ("GET /api/v1/appeals/{id}", lambda: me.get(f"/api/v1/appeals/{appeal}")),
        ("GET /api/v1/notifications?limit=5", lambda: me.get("/api/v1/notifications?limit=5")),
        ("GET /api/v1/notifications?limit=20", lambda: me.get("/api/v1/notifications?limit=20")),
        ("GET /api/v1/metering/meters", lambda: me.get("/api/v1/metering/meters")),
        ("GET /api/v1/outages/lookup", lambda: anon.get("/api/v1/outages/lookup", {"q": address})),
        ("GET /", lambda: anon.get("/")),
        ("GET /outages/", lambda: anon.get("/outages/")),
        ("GET /outages/?q=", lambda: anon.get("/outages/", {"q": address})),
        ("POST /api/v1/appeals [consumer]", lambda: post(me, "/api/v1/appeals", {"category": "metering", "topic": "metering", "text": "Проверьте счётчик."})),
        ("POST /api/v1/appeals [operator]", lambda: post(op, "/api/v1/appeals", {"channel": "phone", "category": "metering", "topic": "metering", "text": "Звонок.", "consumer_id": consumer["consumer_id"]})),
        ("POST /api/v1/power-reports", lambda: post(me, "/api/v1/power-reports", {"address": address, "text": "Нет света."})),
        ("POST /api/v1/chat/conversations", lambda: post(anon, "/api/v1/chat/conversations", {"channel": "mobile_app"})),
    ]  # fmt: skip
    print("| request | status | queries | SQL, ms | most repeated statement |")
    print("|---|---:|---:|---:|---|")
    for name, call in checks:
        call()  # warm caches (address index, calendar, matcher)
        with CaptureQueriesContext(connection) as captured:
            response = call()
        shapes = Counter(_shape(q["sql"]) for q in captured.captured_queries)
        top, times = shapes.most_common(1)[0] if shapes else ("", 0)
        sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
        print(
            f"| {name} | {response.status_code} | {len(captured)} | {sql_ms:.1f} "
            f"| ×{times} `{top[:90]}` |"
        )


if __name__ == "__main__":
    main()
