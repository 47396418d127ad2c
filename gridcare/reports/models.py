"""Regulatory reports (Приказ № 186, Приложение 7), daily aggregates, dashboards, history import."""
