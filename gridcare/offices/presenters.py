"""Plain dictionaries of offices and appointments for the API (no queries beyond
what the selectors prefetched)."""

from datetime import time
from typing import Any

from gridcare.offices.models import Appointment, Office, OfficeService


def _hm(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value is not None else None


def service_dict(service: OfficeService) -> dict[str, Any]:
    return {
        "id": service.pk,
        "code": service.code,
        "name": service.name,
        "slot_minutes": service.slot_minutes,
    }


def office_dict(office: Office) -> dict[str, Any]:
    building = office.building
    return {
        "id": office.pk,
        "kind": office.kind,
        "kind_label": str(office.get_kind_display()),
        "name": office.name,
        "branch_id": office.branch_id,
        "branch": office.branch.name,
        "settlement_id": building.settlement_id if building else None,
        "address": office.address,
        "phone": office.phone,
        "email": office.email,
        "opening_hours": office.opening_hours,
        "desks": office.desks,
        "services": [service_dict(s) for s in office.appointment_services.all()],
        "hours": [
            {
                "weekday": row.weekday,
                "opens": _hm(row.opens),
                "closes": _hm(row.closes),
                "lunch_from": _hm(row.lunch_from),
                "lunch_to": _hm(row.lunch_to),
            }
            for row in sorted(office.hours.all(), key=lambda r: r.weekday)
        ],
    }


def appointment_dict(appointment: Appointment) -> dict[str, Any]:
    visit = getattr(appointment, "visit", None)
    return {
        "id": appointment.pk,
        "code": appointment.code,
        "status": appointment.status,
        "status_label": str(appointment.get_status_display()),
        "office_id": appointment.office_id,
        "office": appointment.office.name,
        "address": appointment.office.address,
        "service": service_dict(appointment.service),
        "starts_at": appointment.starts_at,
        "ends_at": appointment.ends_at,
        "can_move": appointment.can_move(),
        "can_cancel": appointment.can_cancel(),
        "ticket": None
        if visit is None
        else {
            "ticket": visit.ticket,
            "status": visit.status,
            "status_label": str(visit.get_status_display()),
            "arrived_at": visit.arrived_at,
            "called_at": visit.called_at,
            "desk": visit.desk,
        },
    }
