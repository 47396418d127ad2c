"""Login identity: users (consumers and staff), staff roles, API tokens, one-time
codes, failed logins (lockout) and the sessions a person has open."""

import hashlib
import secrets

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone

from gridcare.accounts.devices import device_label
from gridcare.core.text import normalize_phone


class Competence(models.TextChoices):
    """Competences of back-office staff; appeals are routed by the same codes."""

    CONNECTION = "connection", "Технологическое присоединение"
    SERVICES = "services", "Услуги"
    RELIABILITY = "reliability", "Надёжность"
    METERING = "metering", "Учёт"


class Role(models.TextChoices):
    # A consumer with a personal account (личный кабинет); sees only own data.
    CONSUMER = "consumer", "Потребитель"
    # Contact-centre operator: takes calls and chats, registers appeals for callers.
    OPERATOR = "operator", "Оператор контакт-центра"
    # Back-office specialist: works the appeal queue of their competences and branch.
    SPECIALIST = "specialist", "Специалист бэк-офиса"
    # Office specialist: in-person reception in a service point or centre.
    OFFICE_SPECIALIST = "office_specialist", "Специалист офиса обслуживания"
    # Grid-connection engineer: processes connection applications.
    CONNECTION_ENGINEER = "connection_engineer", "Инженер по ТП"
    # Supervisor: sees and manages every queue of their branch (all if no branch).
    SUPERVISOR = "supervisor", "Руководитель"
    # Analyst: reads reports and registries, changes nothing.
    ANALYST = "analyst", "Аналитик"
    # Administrator: reference data, users, settings.
    ADMINISTRATOR = "administrator", "Администратор"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(
        self, email: str | None = None, password: str | None = None, **extra: object
    ) -> "User":
        email = self.normalize_email(email) if email else None
        phone = normalize_phone(str(extra.pop("phone", "") or "")) or None
        user = self.model(email=email, phone=phone, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str, **extra: object) -> "User":
        extra.setdefault("role", Role.ADMINISTRATOR)
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email=email, password=password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in: a consumer (by phone or e-mail) or a staff member."""

    email = models.EmailField("e-mail", unique=True, null=True, blank=True)
    phone = models.CharField(
        "телефон", max_length=16, unique=True, null=True, blank=True
    )
    full_name = models.CharField("ФИО", max_length=200, blank=True)
    role = models.CharField(
        "роль", max_length=32, choices=Role.choices, default=Role.CONSUMER
    )
    branch = models.ForeignKey(
        "territory.Branch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name="филиал",
    )
    # Competence codes (Competence values) of a back-office specialist.
    competences = models.JSONField("компетенции", default=list, blank=True)
    # Django admin access (operations only); the back office uses `role`.
    is_staff = models.BooleanField("доступ в админку", default=False)
    is_active = models.BooleanField("активен", default=True)
    date_joined = models.DateTimeField("зарегистрирован", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email__isnull=False) | models.Q(phone__isnull=False),
                name="user_has_login",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]),
                name="user_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email or self.phone or f"#{self.pk}"

    @property
    def is_consumer(self) -> bool:
        return self.role == Role.CONSUMER

    @property
    def is_backoffice(self) -> bool:
        """Staff of any role (everyone but consumers)."""
        return self.role != Role.CONSUMER

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return str(self)


class ApiToken(models.Model):
    """A bearer token for the API (mobile app, partners). Only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("название", max_length=100, default="")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Where the token was issued, so the person recognises it in «Мои сеансы».
    user_agent = models.CharField("устройство", max_length=300, blank=True)
    ip_address = models.GenericIPAddressField("IP-адрес", null=True, blank=True)

    class Meta:
        verbose_name = "API-токен"
        verbose_name_plural = "API-токены"

    @property
    def device(self) -> str:
        return self.name or device_label(self.user_agent)

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def generate_key() -> str:
        return secrets.token_urlsafe(32)


class CodePurpose(models.TextChoices):
    """What a one-time code confirms."""

    # The login (phone or e-mail) of a new account; the account stays inactive until then.
    REGISTRATION = "registration", "Подтверждение регистрации"
    # A forgotten password: the code lets the person set a new one.
    PASSWORD_RESET = "password_reset", "Восстановление пароля"


class OneTimeCode(models.Model):
    """A six-digit code sent by e-mail or SMS. Only its keyed hash is stored; it expires,
    allows a few attempts and is used once. A newer code of the same purpose replaces
    the older one (`expires_at` is moved to the moment of replacement)."""

    Purpose = CodePurpose

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="one_time_codes"
    )
    purpose = models.CharField("назначение", max_length=32, choices=CodePurpose.choices)
    channel = models.CharField("канал", max_length=16)
    address = models.CharField("куда отправлен", max_length=254)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField("создан", db_index=True)
    expires_at = models.DateTimeField("действует до")
    attempts = models.PositiveSmallIntegerField("попыток ввода", default=0)
    used_at = models.DateTimeField("использован", null=True, blank=True)

    class Meta:
        verbose_name = "одноразовый код"
        verbose_name_plural = "одноразовые коды"
        indexes = [models.Index(fields=["user", "purpose", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(purpose__in=[p.value for p in CodePurpose]),
                name="one_time_code_purpose_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} → {self.address}"


class LoginFailure(models.Model):
    """One failed login (wrong login or password), for the lockout per login and per IP.

    `login_key` is "user:<id>" for an existing account (its phone and e-mail share one
    lock), else the normalised login as typed, so unknown logins lock the same way and
    the lockout never tells which logins are real. Rows older than a day are purged."""

    login_key = models.CharField("логин", max_length=254)
    ip_address = models.GenericIPAddressField("IP-адрес", null=True, blank=True)
    at = models.DateTimeField("когда", db_index=True)

    class Meta:
        verbose_name = "неудачный вход"
        verbose_name_plural = "неудачные входы"
        indexes = [
            models.Index(fields=["login_key", "at"]),
            models.Index(fields=["ip_address", "at"]),
        ]


class UserSession(models.Model):
    """One login in a browser: its session key, device and address, when it began and
    was last active. Ending it deletes the Django session (the browser is logged out)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, unique=True)
    user_agent = models.CharField("устройство", max_length=300, blank=True)
    ip_address = models.GenericIPAddressField("IP-адрес", null=True, blank=True)
    started_at = models.DateTimeField("начат")
    last_seen_at = models.DateTimeField("последняя активность")
    ended_at = models.DateTimeField("завершён", null=True, blank=True)

    class Meta:
        verbose_name = "сеанс"
        verbose_name_plural = "сеансы"
        indexes = [models.Index(fields=["user", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

    @property
    def device(self) -> str:
        return device_label(self.user_agent)
