"""Outages and notifications at scale.

1. A planned outage affecting 100 000 subscribers: time to build the mailing (find the
   subscribers, render, write the rows) and to deliver every message over real SMTP to
   a sink (aiosmtpd in its own process), messages per second, peak memory.
2. The outage lookup by address in a register of 1 000 000 addresses: latency of
   `outage_lookup` on messy input (abbreviations, typos, ё/е, no house number), p50/p99.

    .venv/bin/python benchmarks/outage_notifications.py all            # SQLite in var/bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gridcare_bench \\
        .venv/bin/python benchmarks/outage_notifications.py all

Steps run in separate processes (`setup`, `mailing`, `lookup`) so that peak resident
memory (ru_maxrss) is per step. Data are synthetic and fixed by the seed.
"""

import argparse
import json
import multiprocessing
import os
import random
import resource
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "var" / "bench"

STREET_NAMES = [
    "Ленина",
    "Гагарина",
    "Пушкина",
    "Мира",
    "Советская",
    "Школьная",
    "Садовая",
    "Молодёжная",
    "Центральная",
    "Лесная",
    "Набережная",
    "Зелёная",
    "Новая",
    "Победы",
    "Кирова",
    "Чапаева",
    "Горького",
    "Тукая",
    "Баумана",
    "Декабристов",
    "Ямашева",
    "Чистопольская",
    "Амирхана",
    "Карла-Маркса",
    "Кремлёвская",
    "Пролетарская",
    "Октябрьская",
    "Комсомольская",
    "Заречная",
    "Полевая",
    "Луговая",
    "Речная",
    "Солнечная",
    "Строителей",
    "Энергетиков",
    "Рабочая",
    "Железнодорожная",
    "Вокзальная",
    "Гвардейская",
    "Космонавтов",
    "Челюскина",
    "Восстания",
    "Фрунзе",
    "Куйбышева",
    "Дзержинского",
    "Есенина",
    "Лермонтова",
    "Толстого",
    "Чехова",
    "Некрасова",
    "Островского",
    "Маяковского",
    "Глинки",
    "Чайковского",
    "Сеченова",
    "Павлова",
    "Менделеева",
    "Ломоносова",
    "Королёва",
    "Циолковского",
    "Вишнёвая",
    "Яблоневая",
    "Берёзовая",
    "Рябиновая",
    "Сосновая",
    "Кленовая",
    "Тополиная",
    "Дубовая",
    "Еловая",
    "Цветочная",
    "Весенняя",
    "Летняя",
    "Осенняя",
    "Зимняя",
    "Светлая",
    "Тихая",
    "Широкая",
    "Длинная",
    "Короткая",
    "Верхняя",
    "Нижняя",
    "Родниковая",
    "Ключевая",
    "Озёрная",
    "Прудовая",
    "Полевая-2",
    "Мусы-Джалиля",
    "Габдуллы-Тукая",
    "Шамиля-Усманова",
    "Хади-Такташа",
    "Адоратского",
    "Академика-Губкина",
    "Вахитова",
    "Гвардейцев",
    "Даурская",
    "Клары-Цеткин",
    "Кулахметова",
    "Липатова",
    "Мавлютова",
    "Магистральная",
    "Несмелова",
    "Николая-Ершова",
    "Оренбургский-тракт",
    "Патриса-Лумумбы",
    "Революционная",
    "Сахарова",
    "Тимирязева",
    "Университетская",
    "Фучика",
    "Хусаина-Мавлютова",
    "Юлиуса-Фучика",
    "Ахтубинская",
    "Бондаренко",
    "Вишневского",
    "Галактионова",
    "Достоевского",
]
PREFIXES = ["", "Малая ", "Большая ", "Новая ", "Старая ", "Верхняя ", "Нижняя "]
ORDINALS = ["", " 2-я", " 3-я", " 4-я", " 5-я"]
CITIES = [
    ("Казань", 400_000),
    ("Набережные Челны", 150_000),
    ("Нижнекамск", 100_000),
    ("Альметьевск", 80_000),
]
SYLLABLES = [
    "ка",
    "ра",
    "су",
    "ба",
    "ле",
    "ми",
    "то",
    "на",
    "ши",
    "ку",
    "ял",
    "ар",
    "тау",
    "кул",
    "бай",
    "ир",
    "ма",
    "зя",
    "ту",
    "чи",
]


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gridcare.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ.setdefault("STATIC_MANIFEST", "0")
    os.environ.setdefault("TASKS_BACKEND", "immediate")
    os.environ.setdefault("GRIDCARE_DATA_DIR", str(DATA_DIR))
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def street_names(count: int, rng: random.Random) -> list[str]:
    names = [
        p + n.replace("-", " ") + o
        for n in STREET_NAMES
        for p in PREFIXES
        for o in ORDINALS
    ]
    rng.shuffle(names)
    return names[:count]


def village_name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = "".join(
            rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))
        ).capitalize()
        name = rng.choice(["", "Старое ", "Новое ", "Верхние ", "Нижние "]) + name
        if name not in used:
            used.add(name)
            return name


def setup(addresses: int, subscribers: int, seed: int) -> dict[str, Any]:
    """Create the register, the subscribers of the outage's district and open outages."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from gridcare.outages.models import Subscription
    from gridcare.territory.models import (
        Branch,
        Building,
        DistrictGridUnit,
        Settlement,
        Street,
    )

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    if Building.objects.count() >= addresses:
        return {"reused": True}
    rng = random.Random(seed)
    branch = Branch.objects.create(
        code="bench", name="Филиал (нагрузочный)", short_name="НГ"
    )
    units = [
        DistrictGridUnit.objects.create(
            branch=branch, code=f"bench-{i}", name=f"РЭС {i}"
        )
        for i in range(10)
    ]
    plan = list(CITIES)
    left = addresses - sum(n for _, n in plan)
    used: set[str] = set()
    while left > 0:
        n = min(left, rng.randint(800, 2500))
        plan.append((village_name(rng, used), n))
        left -= n
    streets_made = buildings_made = 0
    for index, (name, count) in enumerate(plan):
        with transaction.atomic():
            settlement = Settlement.objects.create(
                district_unit=units[index % len(units)],
                kind="city" if index < len(CITIES) else "village",
                name=name,
                name_key=name.lower().replace("ё", "е"),
            )
            n_streets = max(3, count // 130)
            names = street_names(n_streets, rng)
            streets = Street.objects.bulk_create(
                [
                    Street(
                        settlement=settlement,
                        name=s,
                        name_key=s.lower().replace("ё", "е"),
                    )
                    for s in names
                ]
            )
            base, extra = divmod(count, len(streets))
            rows = []
            for position, street in enumerate(streets):
                for number in range(1, base + (position < extra) + 1):
                    rows.append(
                        Building(
                            settlement=settlement,
                            street=street,
                            number=str(number),
                            number_value=number,
                            latitude=round(55.7 + rng.random() * 0.2, 6),
                            longitude=round(49.0 + rng.random() * 0.3, 6),
                        )
                    )
            Building.objects.bulk_create(rows, batch_size=5000)
            streets_made += len(streets)
            buildings_made += len(rows)
    # The outage's district: streets of Kazan with ~19 subscribers per building (flats).
    kazan = Settlement.objects.get(name="Казань")
    district = list(Street.objects.filter(settlement=kazan).order_by("pk")[:40])
    buildings = list(
        Building.objects.filter(street__in=district).values_list("pk", "street_id")
    )
    now = timezone.now()
    with transaction.atomic():
        rows = []
        for i in range(subscribers):
            pk, street_id = buildings[i % len(buildings)]
            rows.append(
                Subscription(
                    email=f"sub{i}@bench.example",
                    channels=["email"],
                    settlement=kazan,
                    street_id=street_id,
                    building_id=pk,
                    label=f"г. Казань, дом #{pk}",
                    confirmed_at=now,
                )
            )
        Subscription.objects.bulk_create(rows, batch_size=5000)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "settlements": len(plan),
        "streets": streets_made,
        "buildings": buildings_made,
        "subscriptions": subscribers,
        "district_streets": len(district),
        "district_buildings": len(buildings),
        "seconds": round(time.perf_counter() - started, 1),
    }


# ---- the SMTP sink, in its own process ------------------------------------------------


def sink_process(port: int, ready: Any, counter: Any) -> None:
    from aiosmtpd.controller import Controller

    class Counting:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            with counter.get_lock():
                counter.value += len(envelope.rcpt_tos)
            return "250 OK"

    controller = Controller(Counting(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    while True:
        time.sleep(3600)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def mailing(workers: int) -> dict[str, Any]:
    """Open a planned outage on the district and deliver its notices to the sink."""
    port = free_port()
    ready, counter = multiprocessing.Event(), multiprocessing.Value("l", 0)
    sink = multiprocessing.Process(
        target=sink_process, args=(port, ready, counter), daemon=True
    )
    sink.start()
    ready.wait(30)
    # Delivery is measured on its own: the mailing only queues the delivery tasks.
    os.environ["TASKS_BACKEND"] = "database"
    os.environ.update(
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    )
    django_setup()
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from gridcare.notifications.delivery import notification_deliver_due
    from gridcare.notifications.models import Notification
    from gridcare.outages import services
    from gridcare.outages.models import Outage
    from gridcare.outages.notices import outage_notify
    from gridcare.territory.models import Settlement, Street

    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    kazan = Settlement.objects.get(name="Казань")
    district = list(Street.objects.filter(settlement=kazan).order_by("pk")[:40])
    start = timezone.now() + timedelta(days=10)  # beyond the lead time: we send by hand
    outage = services.outage_plan(
        actor=None,
        data=services.OutageInput(
            cause="planned_repair",
            voltage_level="SN2",
            areas=[
                services.AreaInput(settlement_id=kazan.pk, street_id=s.pk)
                for s in district
            ],
            planned_start=start,
            planned_end=start + timedelta(hours=8),
            equipment="ПС 110/10 кВ «Бенчмарк», СШ-10 кВ",
        ),
    )
    rss_before = peak_mib()
    t0 = time.perf_counter()
    queued = outage_notify(outage_id=outage.pk, event="outage_planned", key="bench")
    t1 = time.perf_counter()
    group = f"outage:{outage.pk}:bench"
    connection.close()
    if workers == 1:
        delivered = notification_deliver_due(group_key=group)
    else:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            delivered = sum(pool.map(_deliver_worker, [group] * workers))
    t2 = time.perf_counter()
    deadline = time.time() + 30
    while counter.value < queued and time.time() < deadline:
        time.sleep(0.1)
    sent = Notification.objects.filter(group_key=group, status="sent").count()
    sink.terminate()
    return {
        "messages": queued,
        "sent": sent,
        "received_by_sink": counter.value,
        "delivered_by_workers": delivered,
        "workers": workers,
        "build_seconds": round(t1 - t0, 1),
        "deliver_seconds": round(t2 - t1, 1),
        "total_seconds": round(t2 - t0, 1),
        "messages_per_second": round(queued / (t2 - t0)),
        "delivery_messages_per_second": round(queued / (t2 - t1)),
        "batch_size": settings.NOTIFICATIONS_BATCH_SIZE,
        "peak_rss_mib": round(peak_mib()),
        "rss_before_mib": round(rss_before),
        "outage_points": Outage.objects.get(pk=outage.pk).points_cut_off,
    }


def _deliver_worker(group: str) -> int:
    from django.db import connection

    from gridcare.notifications.delivery import notification_deliver_due

    connection.close()
    return notification_deliver_due(group_key=group)


# ---- lookup ----------------------------------------------------------------------------


TYPOS = [
    lambda w, r: w[:-1],
    lambda w, r: w + w[-1],
    lambda w, r: w[: len(w) // 2] + r.choice("аоеи") + w[len(w) // 2 + 1 :],
    lambda w, r: w.replace("е", "ё", 1) if "е" in w else w,
    lambda w, r: w,
    lambda w, r: w,
]


def messy(settlement: str, street: str, number: int, rng: random.Random) -> str:
    words = street.split()
    words[-1] = rng.choice(TYPOS)(words[-1], rng) if len(words[-1]) > 4 else words[-1]
    street_text = " ".join(words)
    house = rng.choice(
        [f"д. {number}", f"{number}", f"д{number}", "", f"{number}, кв. 5"]
    )
    lead = rng.choice(["ул. ", "ул.", "улица ", ""])
    city = (
        rng.choice([f"г. {settlement}, ", f"{settlement} ", ""])
        if rng.random() < 0.8
        else ""
    )
    text = f"{city}{lead}{street_text} {house}".strip()
    return text.lower() if rng.random() < 0.3 else text


def lookup(queries: int, seed: int) -> dict[str, Any]:
    # Opening the sample outages queues notices; nothing is delivered in this step.
    os.environ["TASKS_BACKEND"] = "database"
    django_setup()
    from django.utils import timezone

    from gridcare.outages import services
    from gridcare.outages.addresses import address_index
    from gridcare.outages.models import Outage
    from gridcare.outages.selectors import outage_lookup
    from gridcare.territory.models import Building, Street

    rng = random.Random(seed)
    # Some outages in progress across the register, so lookups find areas to check.
    if not Outage.objects.filter(status="in_progress").exists():
        for street in Street.objects.order_by("?")[:500]:
            services.outage_register_unplanned(
                actor=None,
                data=services.OutageInput(
                    cause="equipment_failure",
                    voltage_level="NN",
                    areas=[
                        services.AreaInput(
                            settlement_id=street.settlement_id,
                            street_id=street.pk,
                            house_from=1,
                            house_to=30,
                        )
                    ],
                    started_at=timezone.now(),
                ),
            )
    t0 = time.perf_counter()
    index = address_index()
    cold = time.perf_counter() - t0
    total = Building.objects.count()
    picks = [rng.randint(1, total) for _ in range(queries * 2)]
    rows = list(
        Building.objects.filter(pk__in=picks)
        .select_related("street", "settlement")
        .values_list("settlement__name", "street__name", "number_value")[:queries]
    )
    texts = [messy(s, st, n, rng) for s, st, n in rows]
    timings, found, with_outage = [], 0, 0
    for text in texts[:50]:  # warm-up
        outage_lookup(query=text)
    for text in texts:
        started = time.perf_counter()
        result = outage_lookup(query=text)
        timings.append((time.perf_counter() - started) * 1000)
        found += bool(result.places)
        with_outage += bool(result.outages)
    timings.sort()

    def pct(p: float) -> float:
        return round(timings[min(len(timings) - 1, int(len(timings) * p))], 1)

    return {
        "addresses": total,
        "streets_indexed": len(index.streets),
        "queries": len(texts),
        "found_share": round(found / len(texts), 3),
        "with_outage": with_outage,
        "index_build_seconds": round(cold, 2),
        "p50_ms": pct(0.50),
        "p90_ms": pct(0.90),
        "p99_ms": pct(0.99),
        "max_ms": round(timings[-1], 1),
        "peak_rss_mib": round(peak_mib()),
        "examples": texts[:5],
    }


def run_step(step: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        step,
        "--json",
        "--addresses",
        str(args.addresses),
        "--subscribers",
        str(args.subscribers),
        "--queries",
        str(args.queries),
        "--workers",
        str(args.workers),
        "--seed",
        str(args.seed),
    ]
    output = subprocess.run(
        command, check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("step", choices=["setup", "mailing", "lookup", "all"])
    parser.add_argument("--addresses", type=int, default=1_000_000)
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    if args.step == "all":
        result = {step: run_step(step, args) for step in ("setup", "mailing", "lookup")}
    elif args.step == "setup":
        django_setup()
        result = setup(args.addresses, args.subscribers, args.seed)
    elif args.step == "mailing":
        result = mailing(args.workers)
    else:
        result = lookup(args.queries, args.seed)
    result["peak_rss_mib_step"] = round(peak_mib())
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
