"""The review log: read-only for everyone, scoped per unit like the reports."""

from django.contrib import admin

from disclosure.models import ReviewLog
from units.scoping import UnitScopedAdminMixin


@admin.register(ReviewLog)
class ReviewLogAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    unit_lookup = "report__unit"
    list_display = ["at", "report", "from_status", "to_status", "actor", "comment"]
    list_filter = ["to_status", "report__fiscal_year"]
    search_fields = ["report__unit__name", "report__unit__code", "comment"]
    list_select_related = ["report__unit", "report__fiscal_year", "actor"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("disclosure.view_report")
