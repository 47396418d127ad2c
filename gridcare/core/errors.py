"""One error type for every refused business action, mapped to a response once per
interface (HTTP 4xx with a Russian message, a form error, a socket error frame)."""


class ApplicationError(Exception):
    """A business rule refused the action; `message` is shown to the user in Russian."""

    status_code = 400

    def __init__(
        self, message: str, *, code: str = "invalid", extra: dict | None = None
    ):
        super().__init__(message)
        self.message = message
        self.code = code
        self.extra = extra or {}


class NotFoundError(ApplicationError):
    """The object does not exist or the user may not see it (never tells which)."""

    status_code = 404

    def __init__(self, message: str = "Объект не найден.", *, code: str = "not_found"):
        super().__init__(message, code=code)


class PermissionDeniedError(ApplicationError):
    status_code = 403

    def __init__(self, message: str = "Недостаточно прав для этого действия.", **kw):
        super().__init__(message, code=kw.get("code", "forbidden"))


class ConflictError(ApplicationError):
    """The object is not in a state that allows the action (e.g. already closed)."""

    status_code = 409
