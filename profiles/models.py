"""An area's profile: history timeline, pre-partnership agreement, funding stability,
action plan and recognition.

The tables were created by the ``partnerships`` app and keep its names (``db_table``): the
models moved here without moving any data.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.models import CouncilArea, Sector

DESCRIPTION_MAX_LENGTH = 500


class EventKind(models.TextChoices):
    COMPACT = "compact", _("Local Compact signed or refreshed")
    FUNDING_DISPUTE = "funding_dispute", _("Funding dispute")
    JOINT_COMMISSION = "joint_commission", _("Joint commission")
    LEAD_OFFICER_CHANGE = "lead_officer_change", _("Change of lead officer")
    INFRASTRUCTURE_FORMED = "infrastructure_formed", _("Infrastructure body formed")
    INFRASTRUCTURE_CLOSED = "infrastructure_closed", _("Infrastructure body closed")
    OTHER = "other", _("Other")


class EventEffect(models.TextChoices):
    HELPED = "helped", _("Helped the partnership")
    STRAINED = "strained", _("Strained the partnership")
    NEUTRAL = "neutral", _("Neither helped nor strained")


class HistoryEvent(models.Model):
    """An event that shaped the area's cross-sector relationships."""

    area = models.ForeignKey(CouncilArea, on_delete=models.CASCADE, related_name="history_events")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind of event"), max_length=30, choices=EventKind)
    # A list of Sector values; validated in clean() (portable across SQLite and PostgreSQL).
    sectors = models.JSONField(_("sectors touched"), default=list)
    effect = models.CharField(_("effect"), max_length=10, choices=EventEffect)
    description = models.CharField(_("description"), max_length=DESCRIPTION_MAX_LENGTH)
    lock_version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "partnerships_historyevent"
        ordering = ["-date", "-pk"]
        verbose_name = _("history event")
        indexes = [models.Index(fields=["area", "date"])]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} ({self.area})"

    def clean(self):
        sectors = self.sectors or []
        if not isinstance(sectors, list) or not sectors:
            raise ValidationError({"sectors": _("Choose at least one sector.")})
        if any(s not in Sector.values for s in sectors) or len(set(sectors)) != len(sectors):
            raise ValidationError({"sectors": _("Choose sectors from the list.")})

    def get_sectors_display(self) -> list[str]:
        labels = dict(Sector.choices)
        return [str(labels[s]) for s in self.sectors if s in labels]


class AgreementVersion(models.Model):
    """One version of an area's pre-partnership agreement.

    A version is editable while nobody has signed it. Once signed it is frozen: any change
    makes a new version (a copy) that needs both sectors' sign-off again. The latest
    version is the current one; earlier versions stay readable with their sign-offs.
    """

    area = models.ForeignKey(
        CouncilArea, on_delete=models.CASCADE, related_name="agreement_versions"
    )
    number = models.PositiveIntegerField(_("version"))
    purpose = models.TextField(_("purpose of the partnership"), max_length=4000)
    council_role = models.TextField(_("role of the council"), max_length=4000)
    vcs_role = models.TextField(_("role of the voluntary and community sector"), max_length=4000)
    other_roles = models.TextField(_("roles of other partners"), max_length=4000, blank=True)
    decision_making = models.TextField(_("how decisions are made"), max_length=4000)
    disagreements = models.TextField(_("how disagreements are handled"), max_length=4000)
    consultation_weeks = models.PositiveSmallIntegerField(
        _("consultation period (weeks)"),
        null=True,
        blank=True,
        help_text=_("The minimum time given to the other sector to respond to a consultation."),
    )
    multi_year_funding = models.BooleanField(
        _("multi-year funding agreements where possible"), default=False
    )
    notice_period_weeks = models.PositiveSmallIntegerField(
        _("notice period for changing or ending funding (weeks)"), null=True, blank=True
    )
    compact_notes = models.TextField(_("other Compact commitments"), max_length=4000, blank=True)
    lock_version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The fields a new version copies from the one before.
    CONTENT_FIELDS = (
        "purpose",
        "council_role",
        "vcs_role",
        "other_roles",
        "decision_making",
        "disagreements",
        "consultation_weeks",
        "multi_year_funding",
        "notice_period_weeks",
        "compact_notes",
    )

    class Meta:
        db_table = "partnerships_agreementversion"
        ordering = ["area", "-number"]
        verbose_name = _("pre-partnership agreement version")
        constraints = [
            models.UniqueConstraint(fields=["area", "number"], name="agreementversion_unique"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="agreementversion_number_positive"
            ),
        ]

    def __str__(self):
        return f"{self.area} agreement v{self.number}"


class AgreementSignature(models.Model):
    """A named person's sign-off of one agreement version for their sector."""

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="signatures"
    )
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as signed, so the record stays readable if the account goes.
    signer_name = models.CharField(_("signed by"), max_length=200)
    signed_at = models.DateTimeField(_("signed"))

    class Meta:
        db_table = "partnerships_agreementsignature"
        ordering = ["version", "sector"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "sector"], name="agreementsignature_one_per_sector"
            )
        ]

    def __str__(self):
        return f"{self.version} signed for {self.sector} by {self.signer_name}"


class DevelopmentAction(models.Model):
    """A preparatory action of an agreement version's development phase."""

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="development_actions"
    )
    title = models.CharField(_("action"), max_length=300)
    owner_name = models.CharField(_("owner"), max_length=200)
    due_date = models.DateField(_("due by"))
    done = models.BooleanField(_("done"), default=False)
    lock_version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "partnerships_developmentaction"
        ordering = ["version", "due_date", "pk"]
        verbose_name = _("development phase action")

    def __str__(self):
        return self.title


class FundingStability(models.Model):
    """How stable VCS funding is in an area, recorded once per round."""

    area = models.ForeignKey(CouncilArea, on_delete=models.CASCADE, related_name="funding_records")
    round = models.ForeignKey(
        "assessments.Round", on_delete=models.CASCADE, related_name="funding_records"
    )
    long_term_share = models.DecimalField(
        _("share of VCS funding agreements of three years or more (%)"),
        max_digits=4,
        decimal_places=1,
    )
    notice_period_weeks = models.PositiveSmallIntegerField(_("typical notice period (weeks)"))
    notes = models.CharField(_("notes"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    lock_version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "partnerships_fundingstability"
        ordering = ["area", "round__opens"]
        verbose_name = _("funding stability record")
        constraints = [
            models.UniqueConstraint(fields=["area", "round"], name="fundingstability_unique"),
            models.CheckConstraint(
                condition=models.Q(long_term_share__gte=0, long_term_share__lte=100),
                name="fundingstability_share_is_percentage",
            ),
        ]

    def __str__(self):
        return f"{self.area} funding ({self.round})"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class PlanAction(models.Model):
    """An action of an area's plan, built from one round's results."""

    area = models.ForeignKey(CouncilArea, on_delete=models.CASCADE, related_name="plan_actions")
    round = models.ForeignKey(
        "assessments.Round", on_delete=models.CASCADE, related_name="plan_actions"
    )
    # A dimension key of the round's framework (stable across framework versions); blank
    # for an action about the partnership as a whole.
    dimension_key = models.SlugField(_("dimension"), max_length=40, blank=True)
    suggestion_key = models.SlugField(max_length=60, blank=True)
    title = models.CharField(_("action"), max_length=300)
    detail = models.TextField(_("detail"), max_length=2000, blank=True)
    owner_name = models.CharField(_("owner"), max_length=200)
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices)
    due_date = models.DateField(_("due by"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus, default=ActionStatus.NOT_STARTED
    )
    lock_version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "partnerships_planaction"
        ordering = ["due_date", "pk"]
        verbose_name = _("action plan action")
        indexes = [models.Index(fields=["area", "round", "status"])]

    def __str__(self):
        return self.title

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status != ActionStatus.DONE and self.due_date < today


class Recognition(models.Model):
    """A sponsor's recognition of an area's practice as innovation worth sharing."""

    area = models.ForeignKey(CouncilArea, on_delete=models.CASCADE, related_name="recognitions")
    round = models.ForeignKey(
        "assessments.Round",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recognitions",
    )
    title = models.CharField(_("title"), max_length=200)
    note = models.TextField(_("case note"), max_length=2000)
    recognised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recognised_by_name = models.CharField(_("recognised by"), max_length=200)
    recognised_at = models.DateTimeField(_("recognised"))

    class Meta:
        db_table = "partnerships_recognition"
        ordering = ["-recognised_at", "-pk"]
        verbose_name = _("innovation worth sharing")
        verbose_name_plural = _("innovations worth sharing")

    def __str__(self):
        return f"{self.title} ({self.area})"
