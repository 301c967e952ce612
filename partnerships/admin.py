from django.contrib import admin

from partnerships.models import CouncilArea, Membership, Organisation


class OrganisationInline(admin.TabularInline):
    model = Organisation
    extra = 0


@admin.register(CouncilArea)
class CouncilAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "gss_code", "region", "nation", "council_type", "is_active"]
    list_filter = ["nation", "council_type", "region", "is_active"]
    search_fields = ["name", "gss_code", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "area"]
    list_filter = ["sector", "area"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "area", "sector", "organisation"]
    list_filter = ["role", "sector", "area"]
    search_fields = ["user__username", "user__email", "area__name"]
    autocomplete_fields = ["area", "organisation"]
    raw_id_fields = ["user"]
