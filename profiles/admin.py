from django.contrib import admin

from profiles.models import (
    AgreementSignature,
    AgreementVersion,
    DevelopmentAction,
    FundingStability,
    HistoryEvent,
    PlanAction,
    Recognition,
)


@admin.register(HistoryEvent)
class HistoryEventAdmin(admin.ModelAdmin):
    list_display = ["area", "date", "kind", "effect"]
    list_filter = ["kind", "effect", "area"]
    search_fields = ["description", "area__name"]
    date_hierarchy = "date"


class AgreementSignatureInline(admin.TabularInline):
    model = AgreementSignature
    extra = 0
    readonly_fields = ["sector", "user", "signer_name", "signed_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # sign-off happens in the portal, by the sector's coordinator


class DevelopmentActionInline(admin.TabularInline):
    model = DevelopmentAction
    extra = 0


@admin.register(AgreementVersion)
class AgreementVersionAdmin(admin.ModelAdmin):
    list_display = ["area", "number", "updated_at"]
    list_filter = ["area"]
    inlines = [AgreementSignatureInline, DevelopmentActionInline]
    readonly_fields = ["lock_version", "created_by"]


@admin.register(FundingStability)
class FundingStabilityAdmin(admin.ModelAdmin):
    list_display = ["area", "round", "long_term_share", "notice_period_weeks"]
    list_filter = ["round", "area"]


@admin.register(PlanAction)
class PlanActionAdmin(admin.ModelAdmin):
    list_display = ["title", "area", "round", "dimension_key", "status", "due_date"]
    list_filter = ["status", "round", "area"]
    search_fields = ["title", "owner_name"]


@admin.register(Recognition)
class RecognitionAdmin(admin.ModelAdmin):
    list_display = ["title", "area", "round", "recognised_by_name", "recognised_at"]
    list_filter = ["round"]
    search_fields = ["title", "note", "area__name"]
