"""GeoJSON of outages for the map: each outage's territory from the coordinates of
its buildings (a hull around many, points for a few), plus labelled settlement points
so the map reads without any tiles."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Avg, Count
from django.urls import reverse
from django.utils import formats, timezone

from gridcare.outages.models import Outage
from gridcare.outages.selectors import buildings_covered
from gridcare.territory.models import Building, Settlement

MAX_POINTS = 3000  # per outage: enough for a hull, bounded for a big settlement


def _hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Convex hull (Andrew's monotone chain), counter-clockwise, closed."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def cross(
        o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]
    ) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    ring = lower[:-1] + upper[:-1]
    return [*ring, ring[0]]


def _moscow(value: Any) -> str:
    return formats.date_format(timezone.localtime(value), "d.m.Y H:i") if value else ""


def _geometry(outage: Outage) -> dict[str, Any] | None:
    rows = (
        buildings_covered(outage)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .values_list("longitude", "latitude")[:MAX_POINTS]
    )
    points = [(float(lon), float(lat)) for lon, lat in rows]
    if not points:
        return None
    ring = _hull(points)
    if len(ring) >= 4:
        return {"type": "Polygon", "coordinates": [[list(p) for p in ring]]}
    return {"type": "MultiPoint", "coordinates": [list(p) for p in points]}


def outage_feature(outage: Outage) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": outage.pk,
        "geometry": _geometry(outage),
        "properties": {
            "layer": "outage",
            "id": outage.pk,
            "kind": outage.kind,
            "kind_label": outage.get_kind_display(),
            "status": outage.status,
            "status_label": outage.get_status_display(),
            "cause": outage.cause_text,
            "areas": outage.area_text,
            "start": _moscow(outage.started_at or outage.planned_start),
            "restoration": _moscow(outage.ended_at or outage.estimated_restoration_at),
            "url": reverse("outages:public_detail", args=[outage.pk]),
        },
    }


def settlement_features(settlement_ids: Iterable[int]) -> list[dict[str, Any]]:
    """A labelled point per settlement (the mean of its buildings' coordinates)."""
    centres = (
        Building.objects.filter(
            settlement_id__in=list(settlement_ids),
            latitude__isnull=False,
            longitude__isnull=False,
        )
        .values("settlement_id")
        .annotate(lat=Avg("latitude"), lon=Avg("longitude"), n=Count("pk"))
    )
    names = {
        s.pk: str(s)
        for s in Settlement.objects.filter(pk__in=[c["settlement_id"] for c in centres])
    }
    return [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [float(c["lon"]), float(c["lat"])],
            },
            "properties": {
                "layer": "settlement",
                "name": names.get(c["settlement_id"], ""),
                "buildings": c["n"],
            },
        }
        for c in centres
    ]


def outage_feature_collection(outages: Iterable[Outage]) -> dict[str, Any]:
    features = []
    settlements: set[int] = set()
    for outage in outages:
        features.append(outage_feature(outage))
        for area in outage.areas.all():
            settlements.add(area.settlement_id)
    return {
        "type": "FeatureCollection",
        "features": settlement_features(settlements) + features,
    }
