"""API v1: one NinjaAPI mounting each app's router. The OpenAPI document is committed
(gridcare/api/openapi.json) and a test fails when it drifts from the code."""

import copy
import inspect
from http import HTTPStatus
from typing import Any

from ninja import NinjaAPI
from ninja.operation import Operation

from gridcare.api.auth import AUTH
from gridcare.api.errors import install_error_handlers
from gridcare.api.throttling import install_throttling, throttled_operation_ids


def _reason_phrase(code: object) -> str:
    """The English reason phrase ninja puts as a response's description."""
    try:
        return HTTPStatus(int(str(code))).phrase
    except ValueError:
        return ""


_RESPONSE_DESCRIPTIONS = {
    "200": "Успешно",
    "201": "Создано",
    "204": "Выполнено, тела ответа нет",
    "400": "Запрос отклонён правилом (сообщение на русском)",
    "401": "Нужен вход: нет токена или он недействителен",
    "403": "Роли не хватает права на это действие",
    "404": "Не найдено или недоступно вызывающему",
    "409": "Действие невозможно в текущем статусе",
    "422": "Ошибка проверки данных запроса",
    "429": "Слишком много запросов: повторите позже (см. Retry-After)",
}

_RATE_LIMITED = {
    "description": _RESPONSE_DESCRIPTIONS["429"],
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}
    },
}
_RETRY_AFTER = {
    "description": "Через сколько секунд повторить запрос (лимит частоты запросов)",
    "schema": {"type": "integer"},
}


class GridcareAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # Verb-first function names are the operation ids: `create_appeal`.
        return operation.view_func.__name__

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """ninja's schema with the responses described in Russian."""
        schema = super().get_openapi_schema(**kwargs)
        throttled = throttled_operation_ids(self)
        for path in schema["paths"].values():
            for operation in path.values():
                if operation.get("operationId") in throttled:
                    # A rate limit (gridcare/api/throttling.py) may refuse any call.
                    limited = operation.setdefault("responses", {}).setdefault(
                        "429", copy.deepcopy(_RATE_LIMITED)
                    )
                    limited.setdefault("headers", {})["Retry-After"] = dict(
                        _RETRY_AFTER
                    )
                for code, response in operation.get("responses", {}).items():
                    text = _RESPONSE_DESCRIPTIONS.get(str(code))
                    if text and response.get("description") in (
                        None,
                        "",
                        _reason_phrase(code),
                    ):
                        response["description"] = text
        return schema


api = GridcareAPI(
    title="gridcare API",
    version="1",
    description=(
        "API системы обслуживания потребителей сетевой компании (docs/api.md). "
        "Вход: `POST /api/v1/auth/token` → заголовок `Authorization: Bearer <токен>`; "
        "браузер портала может пользоваться своей сессией (для изменяющих запросов — "
        'с заголовком X-CSRFToken). Ошибки: {"error": {"code", "message", "details"}} '
        "с сообщением на русском. Каждый POST принимает заголовок Idempotency-Key: "
        "повтор с тем же ключом и телом возвращает первый ответ и ничего не создаёт. "
        'Списки: параметры limit/offset, ответ {"count", "limit", "offset", "items"}. '
        "Дата и время — ISO 8601 со смещением."
    ),
    urls_namespace="api-v1",
    auth=AUTH,
)
install_error_handlers(api)


def _use_docstrings(router_api: NinjaAPI) -> None:
    """Summary from the first line of each endpoint's docstring, description from the
    rest (ninja would show the function name)."""
    for _prefix, router in router_api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                doc = inspect.cleandoc(operation.view_func.__doc__ or "")
                if not doc:
                    continue
                first, _sep, rest = doc.partition("\n")
                operation.summary = first.strip()
                operation.description = rest.strip() or None


def _mount() -> None:
    from gridcare.api.routers import ROUTERS

    for prefix, router in ROUTERS:
        api.add_router(prefix, router)
    _use_docstrings(api)
    install_throttling(api)


_mount()
