"""The content security policy: sent on every page, no inline code allowed."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_pages_carry_a_strict_policy(client: Client) -> None:
    policy = client.get("/")["Content-Security-Policy"]

    directives = dict(
        [*part.split(" ", 1), ""][:2] for part in policy.split("; ") if part
    )
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
