from collections.abc import Iterator

import pytest
from django.core.cache import cache

from gridcare.calendars.calendar_cache import VERSION_KEY, calendar_cache_reset


@pytest.fixture(autouse=True)
def fresh_calendar() -> Iterator[None]:
    """Each test starts from the database, not from another test's rolled-back rows."""
    cache.delete(VERSION_KEY)
    calendar_cache_reset()
    yield
    cache.delete(VERSION_KEY)
    calendar_cache_reset()
