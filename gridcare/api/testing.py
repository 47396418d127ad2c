"""Test helpers for API tests: a Django test client authenticated with a real bearer
token (issued through the service, stored only as its hash)."""

from typing import Any

from django.test import Client

from gridcare.accounts.services import api_token_issue

BASE = "/api/v1"


class ApiClient(Client):
    """The Django test client with JSON helpers."""

    def post_json(self, path: str, data: Any = None, **extra: Any) -> Any:
        return self.post(
            path, data if data is not None else {}, "application/json", **extra
        )

    def delete_json(self, path: str, **extra: Any) -> Any:
        return self.delete(path, **extra)


def api_client(user: Any = None) -> ApiClient:
    """A client calling as `user` with `Authorization: Bearer …`; anonymous if None."""
    if user is None:
        return ApiClient()
    _token, key = api_token_issue(user=user, name="tests")
    return ApiClient(HTTP_AUTHORIZATION=f"Bearer {key}")
