"""PDF summary reports and their rendering state."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models import AreaRound, Round


class ReportKind(models.TextChoices):
    AREA = "area", _("Area summary report")
    PROGRAMME = "programme", _("Programme report")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class ReportReason(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    PUBLISHED = "published", _("Results published")
    DATA_CHANGED = "changed", _("Data changed after publication")
    SWEPT = "swept", _("Re-queued after a delay")
    COMMAND = "command", _("Generated from the command line")


class Report(models.Model):
    kind = models.CharField(max_length=10, choices=ReportKind)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reports")
    area_round = models.OneToOneField(
        AreaRound, null=True, blank=True, on_delete=models.CASCADE, related_name="report"
    )
    status = models.CharField(max_length=10, choices=ReportStatus, default=ReportStatus.QUEUED)
    # The data version this report is being / was rendered from.
    data_version = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="reports/", blank=True)
    size_bytes = models.PositiveIntegerField(null=True, blank=True)
    checksum = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Who holds the rendering claim: the Celery task id, and the worker process (for people).
    task_id = models.CharField(max_length=64, blank=True)
    worker = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=20, choices=ReportReason, blank=True)
    last_error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    render_ms = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round"],
                condition=models.Q(kind="programme"),
                name="report_one_programme_report_per_round",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="area", area_round__isnull=False)
                    | models.Q(kind="programme", area_round__isnull=True)
                ),
                name="report_kind_matches_area",
            ),
        ]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.area_round or self.round}"
