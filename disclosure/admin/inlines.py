"""The base of every inline of a report's facts: editable only while the report is a draft."""

from django.db import models
from django.forms import TextInput

from disclosure.forms import FactForm
from disclosure.models import Report
from reporting.money import CountFormField


class ReportFactInline:
    """An inline of report facts: editable only while the report is a draft."""

    form = FactForm

    def _editable(self, obj) -> bool:
        return obj is None or obj.status == Report.Status.DRAFT

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if (
            isinstance(db_field, models.IntegerField)
            and not isinstance(db_field, models.AutoField)
            and not db_field.choices
        ):
            # Counts are read as the workbook import reads them (money.parse_count).
            kwargs["form_class"] = CountFormField
            kwargs["widget"] = TextInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_add_permission(self, request, obj):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("disclosure.publish_report")

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)
