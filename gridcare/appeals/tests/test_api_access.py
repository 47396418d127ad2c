"""Who reaches which appeal over the API. Every appeal endpoint is walked: another
consumer and a specialist of another competence get 404 (never 403, which would
reveal that the appeal exists); an analyst gets 403 on every write; nothing changes."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict

from gridcare.api.models import IdempotentRequest
from gridcare.api.openapi_document import openapi_document
from gridcare.api.testing import BASE, ApiClient, api_client
from gridcare.appeals.models import (
    Appeal,
    AppealAttachment,
    AppealEvent,
    AppealMessage,
    AppealNote,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
# (method, path, JSON body); `files` marks the multipart upload.
ENDPOINTS = [
    ("get", "/appeals/{appeal_id}", None),
    ("get", "/appeals/by-number/{number}", None),
    ("get", "/appeals/{appeal_id}/events", None),
    ("get", "/appeals/{appeal_id}/messages", None),
    ("get", "/appeals/{appeal_id}/notes", None),
    ("get", "/appeals/attachments/{attachment_id}", None),
    ("post", "/appeals/{appeal_id}/messages", {"text": "Дополняю."}),
    ("post", "/appeals/{appeal_id}/attachments", "files"),
    ("post", "/appeals/{appeal_id}/notes", {"text": "Заметка."}),
    ("post", "/appeals/{appeal_id}/assign", {}),
    ("post", "/appeals/{appeal_id}/answer", {"text": "Ответ."}),
    ("post", "/appeals/{appeal_id}/request-information", {"text": "Уточните."}),
    ("post", "/appeals/{appeal_id}/close", {}),
    ("post", "/appeals/{appeal_id}/reopen", {"reason": "Не согласна."}),
    ("post", "/appeals/{appeal_id}/forward", {"to": "Сбыт", "text": "Передали."}),
    ("post", "/appeals/{appeal_id}/withdraw", {"reason": "Передумала."}),
    ("post", "/appeals/{appeal_id}/rating", {"rating": 5}),
]
WRITES = [e for e in ENDPOINTS if e[0] == "post"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def appeal(make_appeal) -> Appeal:
    """The consumer's metering appeal in Kazan, with a file."""
    return make_appeal(files=[SimpleUploadedFile("акт.pdf", PDF)])


def _call(client: ApiClient, appeal: Appeal, method: str, path: str, body):
    url = BASE + path.format(
        appeal_id=appeal.pk,
        number=appeal.number,
        attachment_id=appeal.attachments.get().pk,
    )
    if method == "get":
        return client.get(url)
    if body == "files":
        return client.post(url, {"files": SimpleUploadedFile("фото.pdf", PDF)})
    return client.post_json(url, body, HTTP_IDEMPOTENCY_KEY=f"key-{path}")


def _state(appeal: Appeal) -> tuple:
    appeal.refresh_from_db()
    return (
        model_to_dict(appeal),
        AppealEvent.objects.count(),
        AppealMessage.objects.count(),
        AppealNote.objects.count(),
        AppealAttachment.objects.count(),
        IdempotentRequest.objects.count(),
    )


def test_the_walk_covers_every_appeal_endpoint():
    schema = json.loads(openapi_document())
    prefix = f"{BASE}/appeals"
    documented = {
        (method, path.removeprefix(BASE))
        for path, methods in schema["paths"].items()
        for method in methods
        if path.startswith(prefix) and "{" in path
    }
    assert documented == {(m, p) for m, p, _b in ENDPOINTS}


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_another_consumer_gets_404_everywhere_and_changes_nothing(
    appeal, other_consumer, method, path, body
):
    before = _state(appeal)
    response = _call(api_client(other_consumer), appeal, method, path, body)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert _state(appeal) == before


def test_another_consumer_does_not_see_it_in_the_list(appeal, other_consumer):
    response = api_client(other_consumer).get(f"{BASE}/appeals")
    assert response.json() == {"count": 0, "limit": 20, "offset": 0, "items": []}


@pytest.mark.parametrize("persona", ["other_specialist", "remote_specialist"])
@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_specialist_of_another_queue_gets_404(
    request, appeal, persona, method, path, body
):
    user = request.getfixturevalue(persona)
    before = _state(appeal)
    response = _call(api_client(user), appeal, method, path, body)
    assert response.status_code == 404
    assert _state(appeal) == before


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_analyst_may_read_but_every_write_is_403(appeal, analyst, method, path, body):
    client = api_client(analyst)
    assert client.get(f"{BASE}/appeals/{appeal.pk}").status_code == 200
    before = _state(appeal)
    response = _call(client, appeal, method, path, body)
    assert response.status_code == 403
    assert response.json()["error"]["message"] in {
        "Недостаточно прав для этого действия.",
        "Оценить ответ может только автор обращения.",
    }
    assert _state(appeal) == before


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_anonymous_caller_gets_401(appeal, method, path, body):
    response = _call(ApiClient(), appeal, method, path, body)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/appeals/{appeal_id}/answer", {"text": "Ответ."}),
        ("/appeals/{appeal_id}/notes", {"text": "Заметка."}),
        ("/appeals/{appeal_id}/assign", {}),
        ("/appeals/{appeal_id}/close", {}),
        ("/appeals/{appeal_id}/request-information", {"text": "Уточните."}),
        ("/appeals/{appeal_id}/forward", {"to": "Сбыт", "text": "Передали."}),
    ],
)
def test_consumer_cannot_do_staff_work_on_own_appeal(appeal, consumer, path, body):
    before = _state(appeal)
    response = _call(api_client(consumer), appeal, "post", path, body)
    assert response.status_code == 403
    assert _state(appeal) == before
