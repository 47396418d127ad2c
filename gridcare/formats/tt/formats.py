"""Tatar number and date formats: Django ships none for `tt`; Tatarstan writes
them as in Russian (1 850,00; 25.11.2026)."""

from django.conf.locale.ru.formats import *  # noqa: F403
