"""One error shape for the whole API: {"error": {"code", "message", "details"}} in
Russian, whatever refused the request."""

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from gridcare.core.errors import ApplicationError

logger = logging.getLogger("gridcare.api")


class AuthenticationFailed(ApplicationError):
    """Wrong login or password, or a token that is unknown, expired or revoked."""

    status_code = 401


_TYPE_MESSAGES = {
    "missing": "обязательное поле",
    "string_too_long": "слишком длинное значение",
    "string_too_short": "слишком короткое значение",
    "int_parsing": "нужно целое число",
    "int_from_float": "нужно целое число",
    "decimal_parsing": "нужно число",
    "bool_parsing": "нужно true или false",
    "bool_type": "нужно true или false",
    "datetime_parsing": "нужна дата и время в формате ISO 8601",
    "datetime_type": "нужна дата и время в формате ISO 8601",
    "datetime_from_date_parsing": "нужна дата и время в формате ISO 8601",
    "timezone_aware": "нужны дата и время с часовым поясом, например "
    "2026-03-02T10:00:00+03:00",
    "date_from_datetime_parsing": "нужна дата в формате ГГГГ-ММ-ДД",
    "date_parsing": "нужна дата в формате ГГГГ-ММ-ДД",
    "enum": "недопустимое значение",
    "literal_error": "недопустимое значение",
    "greater_than_equal": "значение слишком мало",
    "less_than_equal": "значение слишком велико",
    "json_invalid": "некорректный JSON",
    "model_attributes_type": "ожидается объект",
    "model_type": "ожидается объект",
    "dict_type": "ожидается объект",
    "list_type": "ожидается список",
    "too_long": "слишком много элементов",
    "string_type": "ожидается строка",
    "int_type": "ожидается целое число",
}

_STATUS_MESSAGES = {
    400: ("bad_request", "Некорректный запрос."),
    401: ("unauthorized", "Требуется вход в систему."),
    403: ("forbidden", "Недостаточно прав для этого действия."),
    404: ("not_found", "Не найдено."),
    405: ("method_not_allowed", "Метод не поддерживается."),
    413: ("too_large", "Запрос слишком большой."),
    429: ("too_many_requests", "Слишком много запросов. Повторите позже."),
}


def error_body(code: str, message: str, details: object = None) -> dict[str, object]:
    """The error object; `details` is always present (null when there are none)."""
    return {"error": {"code": code, "message": message, "details": details or None}}


def _reason(err: dict[str, Any]) -> str:
    """A Russian reason for one pydantic error."""
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind == "value_error" and ctx.get("error"):
        # Our own validators raise ValueError with a Russian message.
        return str(ctx["error"])
    if kind in ("enum", "literal_error") and ctx.get("expected"):
        allowed = str(ctx["expected"]).replace(" or ", ", ")
        return f"недопустимое значение; допустимы: {allowed}"
    if kind == "string_too_long" and "max_length" in ctx:
        return f"не длиннее {ctx['max_length']} символов"
    if kind == "string_too_short" and "min_length" in ctx:
        return f"не короче {ctx['min_length']} символов"
    if kind == "greater_than_equal" and "ge" in ctx:
        return f"не меньше {ctx['ge']}"
    if kind == "less_than_equal" and "le" in ctx:
        return f"не больше {ctx['le']}"
    return _TYPE_MESSAGES.get(kind, "некорректное значение")


def validation_error_body(errors: list[dict[str, Any]]) -> dict[str, object]:
    fields = []
    for err in errors:
        loc = [
            str(p)
            for p in err.get("loc", ())
            if p not in ("body", "query", "path", "payload", "form", "file")
        ]
        fields.append({"field": ".".join(loc), "message": _reason(err)})
    first = fields[0] if fields else {"field": "", "message": "некорректные данные"}
    message = (
        f"Поле «{first['field']}»: {first['message']}."
        if first["field"]
        else "Некорректные данные запроса."
    )
    return error_body("validation_error", message, {"fields": fields})


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        response = api.create_response(
            request,
            error_body(exc.code, exc.message, exc.extra or None),
            status=exc.status_code,
        )
        if exc.status_code == 401:
            response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(NinjaValidationError)
    def validation_error(
        request: HttpRequest, exc: NinjaValidationError
    ) -> HttpResponse:
        return api.create_response(
            request, validation_error_body(list(exc.errors)), status=422
        )

    @api.exception_handler(AuthenticationError)
    def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = api.create_response(
            request, error_body("unauthorized", "Требуется вход в систему."), status=401
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(
            request, error_body("not_found", "Не найдено."), status=404
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja's own refusals come in English; answer in Russian.
        if str(exc).startswith("Cannot parse request body"):
            code, message = "invalid_json", "Тело запроса — не корректный JSON."
        else:
            code, message = _STATUS_MESSAGES.get(
                exc.status_code, ("http_error", "Запрос не выполнен.")
            )
        return api.create_response(
            request, error_body(code, message), status=exc.status_code
        )

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return api.create_response(
            request,
            error_body(
                "server_error", "Внутренняя ошибка сервера. Повторите запрос позже."
            ),
            status=500,
        )
