"""API v1 endpoints of written_channels."""

from ninja import Router

router = Router(tags=["Письменные каналы"])
