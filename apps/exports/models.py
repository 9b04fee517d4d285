"""Exports: a CSV or XLSX file of one source's rows, written by a task into private storage."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class _PrivateStorage(LazyObject):
    """storages["private"], looked up when first used and again after STORAGES changes (tests
    point it at a temporary folder), never bound at import."""

    def _setup(self) -> None:
        self._wrapped = storages["private"]


_private = _PrivateStorage()


@receiver(setting_changed)
def _private_storage_reset(*, setting: str, **kwargs) -> None:
    if setting == "STORAGES":
        _private._wrapped = empty


def _private_storage():
    return _private


class Export(models.Model):
    """One export of one source (`apps/<app>/exports.py`): which rows is in `params`, read by
    the source when the file is written and when somebody asks to read it."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"

    class State(models.TextChoices):
        PENDING = "pending", "Waiting"
        RUNNING = "running", "Running"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    source = models.CharField(max_length=50)
    params = models.JSONField(default=dict, blank=True)
    format = models.CharField(max_length=4, choices=Format.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/", storage=_private_storage, blank=True)
    error = models.CharField(max_length=300, blank=True)
    # Runs so far: each worker that takes the export adds one, and owns it while this number
    # is still its own and its lease (renewed with every batch of rows) has not run out. A
    # worker killed mid-export leaves a running row with a lapsed lease, which the sweeper
    # restarts until EXPORT_MAX_ATTEMPTS.
    attempts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The sweeper and the gauges look for unfinished exports only.
            models.Index(
                fields=["state", "locked_until"],
                name="exports_export_unfinished_idx",
                condition=models.Q(state__in=["pending", "running"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.format} export {self.pk}"

    @property
    def restarted(self) -> bool:
        """Whether a worker stopped during an earlier run of this export."""
        return self.attempts > 1

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0
