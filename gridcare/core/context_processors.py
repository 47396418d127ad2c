from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    """Company name and site address for every template."""
    return {"COMPANY_NAME": settings.COMPANY_NAME, "SITE_URL": settings.SITE_URL}
