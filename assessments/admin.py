from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from assessments.frameworks import framework_new_version, framework_publish
from assessments.models import (
    AreaRound,
    Dimension,
    Framework,
    ImportBatch,
    Invitation,
    Question,
    Round,
)


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["code", "text", "help_text", "reverse", "reading", "barrier", "order"]

    def has_add_permission(self, request, obj=None):
        return not (obj and obj.framework.is_published)

    def has_change_permission(self, request, obj=None):
        return not (obj and obj.framework.is_published)

    def has_delete_permission(self, request, obj=None):
        return not (obj and obj.framework.is_published)


class PublishedIsReadOnlyMixin:
    """Questions of a published framework version never change: make a new version."""

    def _framework_of(self, obj):
        return obj if isinstance(obj, Framework) else getattr(obj, "framework", None)

    def has_delete_permission(self, request, obj=None):
        framework = self._framework_of(obj)
        if framework is not None and framework.is_published:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Framework)
class FrameworkAdmin(PublishedIsReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "version", "published_at", "min_group_size", "green", "amber"]
    list_filter = ["slug"]
    actions = ["make_new_version", "publish"]

    def get_readonly_fields(self, request, obj=None):
        if obj and obj.is_published:
            # Settings stay editable; the question set and scale do not.
            return ["slug", "version", "scale_min", "scale_max", "scale_labels", "published_at"]
        return ["published_at"]

    @admin.action(description=_("Copy to a new draft version"))
    def make_new_version(self, request, queryset):
        for framework in queryset:
            copy = framework_new_version(framework=framework)
            self.message_user(request, _("Created %(f)s.") % {"f": copy})

    @admin.action(description=_("Publish"))
    def publish(self, request, queryset):
        for framework in queryset:
            try:
                framework_publish(framework=framework)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), level=messages.ERROR)


@admin.register(Dimension)
class DimensionAdmin(PublishedIsReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "key", "framework", "core", "order"]
    list_filter = ["framework"]
    inlines = [QuestionInline]

    def get_readonly_fields(self, request, obj=None):
        if obj and obj.framework.is_published:
            return ["framework", "key", "name", "description", "core", "order"]
        return []


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "framework", "opens", "closes"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(AreaRound)
class AreaRoundAdmin(admin.ModelAdmin):
    list_display = ["area", "round", "status", "opens", "closes", "results_published_at"]
    list_filter = ["round", "status"]
    readonly_fields = ["data_version", "scores_version"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["area_round", "sector", "sent_at", "used_at", "expires_at"]
    list_filter = ["area_round__round", "sector"]
    # The token hash is useless to a person and must not be edited.
    exclude = ["token_hash"]
    readonly_fields = ["sent_at", "used_at", "send_count", "reminders_sent", "last_reminded_at"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Read-only: batches are submitted, imported, rejected and withdrawn on the round's
    page or with ``manage.py import_responses`` / ``withdraw_import``, which record who
    did it and refresh the figures."""

    list_display = [
        "pk",
        "area_round",
        "status",
        "file_name",
        "rows",
        "submitted_by",
        "submitted_at",
        "committed_by",
        "committed_at",
    ]
    list_filter = ["status", "area_round__round"]
    list_select_related = ["area_round__area", "area_round__round", "submitted_by", "committed_by"]
    search_fields = ["file_name", "sha256"]
    fields = [
        "area_round",
        "status",
        "file_name",
        "sha256",
        "rows",
        "submitted_by",
        "submitted_at",
        "committed_by",
        "committed_at",
        "rejected_by",
        "rejected_at",
        "withdrawn_by",
        "withdrawn_at",
        "reason",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
