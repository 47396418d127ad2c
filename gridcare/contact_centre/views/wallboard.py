"""The supervisors' wallboard `/staff/wallboard/`: calls waiting, longest wait,
service level, abandoned, AHT, operators by status, per queue. wallboard-live.js
refreshes the panel on every socket frame (or by polling without a socket)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gridcare.accounts.access import staff_view
from gridcare.contact_centre.models import OperatorStatus
from gridcare.contact_centre.wallboard import WALLBOARD_RIGHT, wallboard_get


def _context() -> dict[str, object]:
    board = wallboard_get()
    return {
        "board": board,
        "operators": [
            (value, label, board.operators[value])
            for value, label in OperatorStatus.choices
        ],
    }


@staff_view(WALLBOARD_RIGHT)
def wallboard(request: HttpRequest) -> HttpResponse:
    return render(request, "contact_centre/wallboard.html", _context())


@staff_view(WALLBOARD_RIGHT)
def panel(request: HttpRequest) -> HttpResponse:
    return render(request, "contact_centre/_wallboard_panel.html", _context())
