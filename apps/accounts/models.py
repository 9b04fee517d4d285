from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower

DELETED_MEMBER = "deleted member"

handle_validator = RegexValidator(r"^[A-Za-z0-9_]{2,30}$", "Use 2 to 30 letters, digits or underscores.")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> User:
        from apps.accounts.services import handle_generate

        if not email:
            raise ValueError("An email address is required.")
        email = self.normalize_email(email)
        if not extra.get("handle"):
            extra["handle"] = handle_generate(seed=email.split("@")[0])
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A member. Logs in with their email; known publicly by their handle (/u/<handle>/)."""

    username = None
    email = models.EmailField("email address", unique=True)
    handle = models.CharField(max_length=30, unique=True, validators=[handle_validator])
    # Filled from GitHub at each GitHub login (the public profile may show them).
    github_login = models.CharField("GitHub login", max_length=39, blank=True)
    avatar_url = models.URLField("avatar URL", max_length=500, blank=True)
    # Set when the member deleted their account: the row stays (others' foreign keys and
    # public content keep working) but holds no personal data and cannot log in.
    deleted_at = models.DateTimeField(null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            models.UniqueConstraint(Lower("handle"), name="accounts_user_handle_ci_unique"),
        ]

    def __str__(self) -> str:
        return DELETED_MEMBER if self.deleted_at else f"@{self.handle}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def display_name(self) -> str:
        if self.deleted_at:
            return DELETED_MEMBER
        return self.get_full_name() or self.handle


class StaffEnrolment(models.Model):
    """A link that lets one staff account set up an authenticator app without having passed a
    second factor: a password alone never can. A verified staff member issues it for another
    staff account; it expires, and it works once (claimed by the first session that opens it,
    used up when that session enrols). Only a hash of the link's token is stored."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    issued_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    # The session that opened the link holds it from here (for ENROLMENT_WINDOW at most).
    claimed_at = models.DateTimeField(null=True, blank=True)
    enrolled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "-created_at"], name="accounts_enrolment_user_idx")]

    def __str__(self) -> str:
        return f"Two-factor enrolment link for {self.user}"
