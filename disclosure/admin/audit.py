"""The review log and the 催办 log: read-only for everyone, scoped per unit like the reports."""

from django.contrib import admin

from disclosure.models import Reminder, ReviewLog
from units.scoping import ReadOnlyAdminMixin, UnitScopedAdminMixin


@admin.register(ReviewLog)
class ReviewLogAdmin(ReadOnlyAdminMixin, UnitScopedAdminMixin, admin.ModelAdmin):
    unit_lookup = "report__unit"
    list_display = ["at", "report", "from_status", "to_status", "actor", "comment"]
    list_filter = ["to_status", "report__fiscal_year"]
    search_fields = ["report__unit__name", "report__unit__code", "comment"]
    list_select_related = ["report__unit", "report__fiscal_year", "actor"]
    date_hierarchy = "at"

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("disclosure.view_report")


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdminMixin, UnitScopedAdminMixin, admin.ModelAdmin):
    """Every 催办 sent, automatic or by hand: read-only, scoped per unit."""

    list_display = [
        "sent_at",
        "unit",
        "fiscal_year",
        "report_kind",
        "kind",
        "days_left",
        "recipients",
        "sent_by",
    ]
    list_filter = ["kind", "report_kind", "fiscal_year"]
    search_fields = ["unit__name", "unit__code", "recipients"]
    list_select_related = ["unit", "fiscal_year", "sent_by"]
    date_hierarchy = "sent_at"
    fields = [
        "unit",
        "fiscal_year",
        "report_kind",
        "report",
        "kind",
        "sent_by",
        "sent_at",
        "deadline",
        "days_left",
        "recipients",
        "cc",
        "subject",
        "body",
    ]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("disclosure.view_report")
