from django.contrib import admin

from signin.models import ProviderAccount


@admin.register(ProviderAccount)
class ProviderAccountAdmin(admin.ModelAdmin):
    """Read-only: an administrator may remove a link (the next sign-in through the
    provider makes it again, after the usual checks), never write one."""

    list_display = ("user", "issuer", "created_at", "last_signed_in_at")
    search_fields = ("user__username", "user__email", "issuer")
    readonly_fields = ("user", "issuer", "subject", "created_at", "last_signed_in_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
