"""The flat list of units for import and export in the admin.

Columns: code,name,short_name,parent_code,unit_type,is_active. A parent must
already exist or come earlier in the file. A file with any bad row saves
nothing, and every message names the file line and the column.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export import fields, resources, widgets

from units.importing import (
    AllOrNothingResourceMixin,
    cell_text,
    missing_columns_message,
    normalise_header,
)
from units.models import Unit

REQUIRED_COLUMNS = ("code", "name", "unit_type")
TRUE_WORDS = {"1", "true", "yes", "y", "是", "启用"}
FALSE_WORDS = {"0", "false", "no", "n", "否", "停用"}


class ParentWidget(widgets.ForeignKeyWidget):
    def __init__(self):
        super().__init__(Unit, field="code")

    def clean(self, value, row=None, **kwargs):
        code = cell_text(value)
        if not code:
            return None
        try:
            return Unit.objects.get(code=code)
        except Unit.DoesNotExist:
            raise ValueError(
                f"上级单位“{code}”不存在；上级单位须已在系统中，或在文件中排在本行之前。"
            ) from None


class UnitTypeWidget(widgets.Widget):
    """Accepts the stored value (administrative) or its label (行政单位)."""

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        for choice, label in Unit.UnitType.choices:
            if text in (choice, str(label)):
                return choice
        allowed = "、".join(str(label) for label in Unit.UnitType.labels)
        raise ValueError(f"单位性质“{text}”应为 {allowed} 之一。")

    def render(self, value, obj=None, **kwargs):
        return str(Unit.UnitType(value).label) if value else ""


class ActiveWidget(widgets.Widget):
    """是/否 as people type it; a blank cell means active."""

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).lower()
        if text == "" or text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise ValueError(f"“{text}”应为 是 或 否。")

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class UnitResource(AllOrNothingResourceMixin, resources.ModelResource):
    parent_code = fields.Field(
        attribute="parent", column_name="parent_code", widget=ParentWidget()
    )
    unit_type = fields.Field(
        attribute="unit_type", column_name="unit_type", widget=UnitTypeWidget()
    )
    is_active = fields.Field(
        attribute="is_active", column_name="is_active", widget=ActiveWidget()
    )

    class Meta:
        model = Unit
        name = "预算单位"
        fields = ("code", "name", "short_name", "parent_code", "unit_type", "is_active")
        import_id_fields = ("code",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def before_import(self, dataset, **kwargs):
        message = missing_columns_message(
            dataset.headers, REQUIRED_COLUMNS, self._meta.fields
        )
        if message:
            # Without the columns no row can be read; report the file, not every row.
            dataset.wipe()
            raise ValueError(message)
        dataset.headers = [normalise_header(h) for h in dataset.headers]
        for index, values in enumerate(dataset):
            dataset[index] = [cell_text(v) for v in values]

    def import_row(self, row, instance_loader, **kwargs):
        result = super().import_row(row, instance_loader, **kwargs)
        if result.validation_error is not None:
            result.validation_error = self.located(
                result.validation_error, kwargs["row_number"] + 1
            )
        return result

    def located(self, error: ValidationError, line: int) -> ValidationError:
        """The same errors, each prefixed with its file line and column."""
        columns = {f.attribute: f.column_name for f in self.fields.values()}
        located = {}
        for attribute, messages in error.message_dict.items():
            if attribute == NON_FIELD_ERRORS:
                place = f"第 {line} 行："
            else:
                place = f"第 {line} 行 {columns.get(attribute, attribute)} 列："
            located[attribute] = [place + message for message in messages]
        return ValidationError(located)
