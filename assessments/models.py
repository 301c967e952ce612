"""Frameworks, rounds, invitations, responses and answers, and the stored score figures."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerships.models import CouncilArea, Organisation, Sector


class Framework(models.Model):
    """A versioned question set. Once published its questions never change."""

    slug = models.SlugField(_("slug"), max_length=80)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    scale_min = models.SmallIntegerField(_("scale minimum"), default=1)
    scale_max = models.SmallIntegerField(_("scale maximum"), default=5)
    scale_labels = models.JSONField(_("scale labels"), default=list, blank=True)
    # Settings: editable after publication (they change how figures are shown, not answers).
    min_group_size = models.PositiveSmallIntegerField(_("minimum group size"), default=3)
    gap_flag = models.FloatField(_("sector gap flag"), default=15.0)
    green = models.FloatField(_("green from"), default=70.0)
    amber = models.FloatField(_("amber from"), default=50.0)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="framework_unique_version"),
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")),
                name="framework_scale_max_above_min",
            ),
            models.CheckConstraint(
                condition=models.Q(min_group_size__gte=1), name="framework_min_group_size_positive"
            ),
        ]

    def __str__(self):
        return f"{self.name} (v{self.version})"

    @property
    def is_published(self):
        return self.published_at is not None

    def clean(self):
        if self.scale_labels and len(self.scale_labels) != self.scale_max - self.scale_min + 1:
            raise ValidationError(
                {"scale_labels": _("Give one label for each point of the scale.")}
            )
        if self.amber > self.green:
            raise ValidationError({"amber": _("Amber must start below green.")})


class Dimension(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="dimensions")
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    core = models.BooleanField(
        _("core (key variable)"),
        default=True,
        help_text=_("Core dimensions make up the overall health index."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["framework", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="dimension_unique_key")
        ]

    def __str__(self):
        return self.name


class Question(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="questions")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(_("code"), max_length=20)
    text = models.CharField(_("statement"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    reverse = models.BooleanField(_("reverse-worded"), default=False)
    reading = models.CharField(
        _("reading in the scored direction"),
        max_length=300,
        blank=True,
        help_text=_(
            "For reverse-worded statements only: a short positive wording that reads the way "
            "the statement is scored, shown in results. For example, 'Past disputes no longer "
            "get in the way of working together'."
        ),
    )
    barrier = models.SlugField(
        _("barrier"),
        max_length=40,
        blank=True,
        help_text=_("For 'ambition and local reality' statements: the barrier this asks about."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["dimension__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="question_unique_code")
        ]

    def __str__(self):
        return f"{self.code}: {self.text}"

    def clean(self):
        if self.reverse and not self.reading.strip():
            raise ValidationError(
                {
                    "reading": _(
                        "Give this reverse-worded statement a reading in the scored direction: "
                        "results show it, so a high score reads as good news."
                    )
                }
            )
        if self.reading.strip() and not self.reverse:
            raise ValidationError(
                {
                    "reading": _(
                        "Only reverse-worded statements have a reading: clear it, or tick "
                        "“reverse-worded”."
                    )
                }
            )


class Round(models.Model):
    """A programme-wide round of health checks, run by each participating area."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="rounds")
    opens = models.DateField(_("opens"))
    closes = models.DateField(_("closes"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["opens", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gte=models.F("opens")), name="round_closes_after_opens"
            )
        ]

    def __str__(self):
        return self.name


class AreaRoundStatus(models.TextChoices):
    DRAFT = "draft", _("Not yet open")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class AreaRound(models.Model):
    """One area's participation in a round: its own dates, status and publication."""

    area = models.ForeignKey(CouncilArea, on_delete=models.CASCADE, related_name="area_rounds")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="area_rounds")
    opens = models.DateField(_("opens"))
    closes = models.DateField(_("closes"))
    status = models.CharField(
        _("status"), max_length=10, choices=AreaRoundStatus, default=AreaRoundStatus.DRAFT
    )
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    # Bumped whenever answers or settings change; reports and stored figures record it.
    data_version = models.PositiveIntegerField(default=0)
    scores_version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round__opens", "area__name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "round"], name="arearound_unique"),
            models.CheckConstraint(
                condition=models.Q(closes__gte=models.F("opens")),
                name="arearound_closes_after_opens",
            ),
        ]

    def __str__(self):
        return f"{self.area} – {self.round}"

    @property
    def is_published(self):
        return self.results_published_at is not None


PUBLICATION_REASON_MAX_LENGTH = 1000


class Publication(models.Model):
    """One publication of an area round's results: the first by a coordinator or an
    administrator, each later one (a correction) by an administrator with its reason.

    Published figures do not change between publications: the history says when and why
    they did.
    """

    area_round = models.ForeignKey(
        AreaRound, on_delete=models.CASCADE, related_name="publications"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True, max_length=PUBLICATION_REASON_MAX_LENGTH)
    # The answers' version the published figures were computed from.
    data_version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["area_round", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["area_round", "number"], name="publication_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(number=1) | ~models.Q(reason=""),
                name="publication_correction_has_reason",
            ),
        ]

    def __str__(self):
        return f"Publication {self.number} of {self.area_round}"

    @property
    def is_correction(self) -> bool:
        return self.number > 1


class Invitation(models.Model):
    """A personal invitation link. Only a hash of the token is stored."""

    area_round = models.ForeignKey(AreaRound, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(default=0)
    reminders_sent = models.JSONField(
        default=list, blank=True, help_text=_("Days-before-close marks already reminded.")
    )
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["area_round", "email"], name="invitation_unique_email_per_round"
            )
        ]

    def __str__(self):
        return f"Invitation {self.pk} ({self.area_round})"


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class ResponseSource(models.TextChoices):
    WEB = "web", _("Online")
    IMPORT = "import", _("Imported")


class ImportBatchStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an administrator")
    COMMITTED = "committed", _("Imported")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ImportBatch(models.Model):
    """One uploaded file of responses: submitted (by a coordinator or an administrator),
    then committed or rejected by an administrator; a committed batch may be withdrawn as a
    whole until the round's results are published. The file is kept as uploaded, so what
    was imported can always be checked against its SHA-256."""

    area_round = models.ForeignKey(
        AreaRound, on_delete=models.CASCADE, related_name="import_batches"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ImportBatchStatus,
        default=ImportBatchStatus.PENDING,
    )
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content = models.BinaryField(_("file"), editable=False)
    rows = models.PositiveIntegerField(_("rows"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"))
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    committed_at = models.DateTimeField(_("imported"), null=True, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejected_at = models.DateTimeField(_("rejected"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    # Why it was rejected or withdrawn (a batch is never both).
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(
                    status__in=[ImportBatchStatus.COMMITTED, ImportBatchStatus.WITHDRAWN],
                    committed_at__isnull=True,
                ),
                name="importbatch_committed_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ImportBatchStatus.WITHDRAWN, withdrawn_at__isnull=True),
                name="importbatch_withdrawn_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ImportBatchStatus.REJECTED, rejected_at__isnull=True),
                name="importbatch_rejected_has_time",
            ),
        ]

    def __str__(self):
        return f"Import batch {self.pk} ({self.file_name})"


class Response(models.Model):
    """One person's (or one imported paper form's) answers for an area and round."""

    area_round = models.ForeignKey(AreaRound, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responses",
    )
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    # Pseudonymous reference, unique within the area and round; used by imports and exports.
    respondent_ref = models.CharField(_("respondent reference"), max_length=64)
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ResponseStatus, default=ResponseStatus.DRAFT
    )
    source = models.CharField(max_length=10, choices=ResponseSource, default="web")
    # The batch that imported it; withdrawing the batch deletes its responses first.
    import_batch = models.ForeignKey(
        ImportBatch,
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="responses",
    )
    current_page = models.PositiveSmallIntegerField(default=0)
    lock_version = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["area_round", "started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["area_round", "user"],
                condition=models.Q(user__isnull=False),
                name="response_one_per_person",
            ),
            models.UniqueConstraint(
                fields=["area_round", "respondent_ref"], name="response_unique_ref"
            ),
        ]
        indexes = [models.Index(fields=["area_round", "status", "sector"])]

    def __str__(self):
        return f"Response {self.respondent_ref} ({self.area_round})"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    # None with dont_know=False: not answered; None with dont_know=True: "don't know".
    value = models.SmallIntegerField(_("value"), null=True, blank=True)
    dont_know = models.BooleanField(_("don't know"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_unique"),
            models.CheckConstraint(
                condition=~models.Q(dont_know=True, value__isnull=False),
                name="answer_dont_know_has_no_value",
            ),
        ]

    def __str__(self):
        return f"{self.question.code}={self.value}"


COMMENT_MAX_LENGTH = 2000


class Comment(models.Model):
    """An optional free-text comment on one dimension of a response."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="comments")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="comments")
    text = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    # Names the comment in moderation URLs and forms: a random key, because the sequential
    # primary key would tell a coordinator the order in which people wrote.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Hidden by moderation (``CommentDecision`` records who decided, when and why): shown
    # in no output but the administrator's raw export.
    hidden = models.BooleanField(_("hidden"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "dimension"], name="comment_unique")
        ]

    def __str__(self):
        return f"Comment on {self.dimension.key}"


class CommentHiddenReason(models.TextChoices):
    PERSONAL_DATA = "personal_data", _("Contains personal data")
    DEFAMATORY = "defamatory", _("Defamatory")
    IDENTIFIES = "identifies", _("Identifies someone")
    OTHER = "other", _("Other")


class CommentAction(models.TextChoices):
    HIDE = "hide", _("Hidden")
    SHOW = "show", _("Shown again")


COMMENT_DECISION_NOTE_MAX_LENGTH = 500


class CommentDecision(models.Model):
    """One moderation decision on a comment: hiding it, or undoing that. Never changed."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="decisions")
    action = models.CharField(_("action"), max_length=10, choices=CommentAction)
    reason = models.CharField(_("reason"), max_length=20, choices=CommentHiddenReason, blank=True)
    note = models.CharField(_("note"), max_length=COMMENT_DECISION_NOTE_MAX_LENGTH, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"))
    # Taken after the results were published: an administrator's correction.
    after_publication = models.BooleanField(_("after publication"), default=False)

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(action=CommentAction.HIDE) & ~models.Q(reason="")
                    | models.Q(action=CommentAction.SHOW, reason="")
                ),
                name="commentdecision_reason_only_to_hide",
            )
        ]

    def __str__(self):
        return f"{self.get_action_display()} ({self.comment_id})"

    def clean(self):
        if self.action == CommentAction.HIDE and not self.reason:
            raise ValidationError({"reason": _("Choose why the comment is hidden.")})
        if self.action == CommentAction.SHOW and self.reason:
            raise ValidationError({"reason": _("Showing a comment again takes no reason.")})


class ScoreGroup(models.TextChoices):
    ALL = "all", _("All respondents")
    COUNCIL = Sector.COUNCIL.value, Sector.COUNCIL.label
    VCS = Sector.VCS.value, Sector.VCS.label
    OTHER = Sector.OTHER.value, Sector.OTHER.label


class AreaScore(models.Model):
    """Stored headline figures for one area and round, refreshed from the answers."""

    area_round = models.OneToOneField(AreaRound, on_delete=models.CASCADE, related_name="score")
    respondents_total = models.PositiveIntegerField(default=0)
    respondents_council = models.PositiveIntegerField(default=0)
    respondents_vcs = models.PositiveIntegerField(default=0)
    respondents_other = models.PositiveIntegerField(default=0)
    overall = models.FloatField(null=True, blank=True)
    # Strongest/weakest statements, barrier shares: small lists, shown whole.
    detail = models.JSONField(default=dict, blank=True)
    data_version = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Scores for {self.area_round}"


class DimensionScore(models.Model):
    """A dimension's score for one group (all, or one sector) in an area and round."""

    area_round = models.ForeignKey(
        AreaRound, on_delete=models.CASCADE, related_name="dimension_scores"
    )
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="scores")
    group = models.CharField(max_length=10, choices=ScoreGroup)
    counted = models.PositiveIntegerField(default=0)
    # The unrounded mean; None when withheld or nobody counted.
    score = models.FloatField(null=True, blank=True)
    withheld = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area_round", "dimension", "group"], name="dimensionscore_unique"
            )
        ]

    def __str__(self):
        return f"{self.dimension.key}/{self.group} for {self.area_round}"
