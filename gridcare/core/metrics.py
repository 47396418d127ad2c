"""Prometheus metrics: HTTP requests and latencies counted in the process, and the
system's state (queues, breached deadlines, notifications) read from the database
when Prometheus scrapes, so that every app process reports the same figures.

Apps add their state gauges in `AppConfig.ready()` with `register_state_gauge`; core
knows no domain. Several processes: set PROMETHEUS_MULTIPROC_DIR (prometheus_client's
multiprocess mode) so that the counters of all workers are summed."""

import os
from collections.abc import Callable, Iterable

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

REQUESTS = Counter(
    "gridcare_http_requests_total",
    "HTTP requests by route, method and status",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "gridcare_http_request_seconds",
    "HTTP request duration by route",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)

# name -> (help, function returning [(labels, value)]) read at scrape time.
StateReader = Callable[[], Iterable[tuple[dict[str, str], float]]]
_STATE: dict[str, tuple[str, StateReader]] = {}


def request_observed(*, route: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(route=route, method=method, status=str(status)).inc()
    LATENCY.labels(route=route).observe(seconds)


def register_state_gauge(name: str, help_text: str, reader: StateReader) -> None:
    _STATE[name] = (help_text, reader)


class _StateCollector(Collector):
    def collect(self) -> Iterable[GaugeMetricFamily]:
        for name, (help_text, reader) in sorted(_STATE.items()):
            rows = list(reader())
            labels = sorted({key for row, _value in rows for key in row})
            family = GaugeMetricFamily(name, help_text, labels=labels)
            for row, value in rows:
                family.add_metric([row.get(key, "") for key in labels], value)
            yield family


def exposition() -> bytes:
    """The text format Prometheus scrapes: this process's (or all workers')
    counters plus the state gauges."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        from prometheus_client import REGISTRY

        registry = REGISTRY
    state = CollectorRegistry()
    state.register(_StateCollector())
    return generate_latest(registry) + generate_latest(state)
