"""The committed OpenAPI document matches the code, and the contract keeps its
conventions: verb-first operation ids, Russian summaries, Idempotency-Key on POST."""

import json
import re

import pytest
from django.core.management import call_command

from gridcare.api.openapi_document import COMMITTED_PATH, openapi_document
from gridcare.api.testing import BASE, ApiClient

VERBS = (
    "list",
    "get",
    "create",
    "delete",
    "upload",
    "download",
    "assign",
    "answer",
    "request",
    "close",
    "reopen",
    "forward",
    "withdraw",
    "rate",
    "update",  # PATCH of a draft (grid connection wizard)
    "submit",  # filing a draft (grid connection wizard)
    "start",  # outage workflow: planned works began
    "restore",  # outage workflow: power is back
    "cancel",  # outage workflow: planned works called off
    "confirm",  # outage subscription: the SMS code
    "mark",  # notifications: mark read
    "end",  # sessions
    "revoke",  # API tokens
    "register",  # consumer registration
    "resend",  # one-time codes
    "give",  # consents
    "link",  # consumer accounts
    "unlink",
    "book",  # office appointments
    "move",
    "arrive",
    "post",  # chat messages, PBX call events, IVR steps
    "file",  # a subject's request (152-ФЗ)
    "export",  # a subject's data
)

# POSTs whose repetition is harmless by nature, so they take no Idempotency-Key:
# a code re-sent (rate-limited), a consent already withdrawn, a chat already closed;
# a PBX's call event and IVR step carry their own ids (event id, step number), and a
# repeat answers as the first time did.
NATURALLY_IDEMPOTENT = {
    "/api/v1/telephony/events",
    "/api/v1/telephony/ivr/step",
    "/api/v1/consumer-accounts/registration/resend-code",
    "/api/v1/consumer-accounts/password-reset",
    "/api/v1/consumer-accounts/consents/{consent_id}/withdraw",
    "/api/v1/chat/conversations/{token}/close",
}


def _operations() -> list[tuple[str, str, dict]]:
    schema = json.loads(openapi_document())
    return [
        (method, path, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]


def test_committed_openapi_document_matches_the_code():
    committed = COMMITTED_PATH.read_text(encoding="utf-8")
    assert committed == openapi_document(), (
        "gridcare/api/openapi.json отстаёт от кода API: выполните `make openapi` "
        "и закоммитьте файл."
    )


def test_export_command_writes_the_same_document(tmp_path):
    out = tmp_path / "openapi.json"
    call_command("export_openapi", "--out", str(out))
    text = out.read_text(encoding="utf-8")
    assert text == openapi_document()
    assert text.endswith("}\n") and "Обращения" in text  # UTF-8, not \u-escapes
    call_command("export_openapi", "--out", str(out), "--check")


def test_served_document_is_the_committed_one():
    response = ApiClient().get(f"{BASE}/openapi.json")
    assert response.status_code == 200
    assert response.json() == json.loads(COMMITTED_PATH.read_text(encoding="utf-8"))


def test_operation_ids_are_unique_and_verb_first():
    ids = [op["operationId"] for _m, _p, op in _operations()]
    assert len(ids) == len(set(ids))
    assert [i for i in ids if not i.startswith(VERBS)] == []


def test_every_operation_is_summarised_in_russian():
    missing = [
        op["operationId"]
        for _m, _p, op in _operations()
        if not re.search("[А-Яа-яЁё]", op.get("summary", ""))
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        (m, p)
        for m, p, _op in _operations()
        if m == "post" and "/auth/" not in p and p not in NATURALLY_IDEMPOTENT
    ],
)
def test_every_post_documents_the_idempotency_key(method, path):
    operation = json.loads(openapi_document())["paths"][path][method]
    headers = [p["name"] for p in operation["parameters"] if p["in"] == "header"]
    assert headers == ["Idempotency-Key"]


def test_schema_names_are_unique_across_apps() -> None:
    """ninja names a component after the schema class and silently keeps one of two
    classes with the same name, so the document would show the wrong shape for the
    other app's answers. Every API schema class needs its own name."""
    from collections import defaultdict

    from ninja import Schema

    def subclasses(cls: type) -> list[type]:
        found = []
        for sub in cls.__subclasses__():
            found += [sub, *subclasses(sub)]
        return found

    modules: dict[str, set[str]] = defaultdict(set)
    for cls in subclasses(Schema):
        if cls.__module__.startswith("gridcare.") and ".tests." not in cls.__module__:
            modules[cls.__name__].add(cls.__module__)
    clashes = {name: sorted(m) for name, m in modules.items() if len(m) > 1}
    assert clashes == {}
