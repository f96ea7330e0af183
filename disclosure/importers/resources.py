"""django-import-export resources for the flat fact lines of reports (CSV and XLSX).

One row per line: the report is named by ``unit_code`` and ``year``, the line
by ``code`` (and ``fund`` for 财政拨款支出), then one column per amount, named
as the model fields (``general_budget``, ``basic`` …). A unit's year can have
several revisions (版次: a published report and its 更正); the export names
each line's ``revision``, and a row goes to the revision it names or, when
the column is absent or blank, to the one revision being worked on. A row updates the line
of that code or adds it; lines not in the file stay as they are (use the Excel
workbook import to replace a report's facts as a whole).

Every row is checked the way the entry grids check a cell — the report must be
a draft in the user's scope, the code a last-level code of the report's year,
amounts read by money.parse_entry in the report's entry unit (non-negative, to the cent) — and
any bad row makes the whole file save nothing, with a Chinese message naming
its line and column. Lines are saved through entry.FactWriter.

The preview (dry run) takes the version of the stored lines the file names
(disclosure.versions); the confirm step passes it back, and when any of those
lines changed in between, the import is refused and rolled back instead of
silently overwriting the change. Both runs lock the file's reports first.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from import_export import fields, resources

from disclosure.entry import EditRefused, FactWriter, check_report_editable
from disclosure.forms import GRID_GROUPS, CellProblem, CodeList
from disclosure.models import (
    BasicExpenditureLine,
    ExpenditureLine,
    FiscalExpenditureLine,
    Fund,
    IncomeLine,
    Report,
)
from disclosure.versions import (
    StaleVersion,
    Version,
    check,
    digest,
    moment_text,
    read_token,
)
from reporting.money import (
    CENT,
    ZERO,
    AmountError,
    entry_text,
    parse_amount,
    parse_entry,
)
from units.importing import (
    AllOrNothingResourceMixin,
    cell_text,
    missing_columns_message,
    normalise_header,
)
from units.selectors import unit_scope_q

REVISION_COLUMN = "revision"


class FactLineResource(AllOrNothingResourceMixin, resources.ModelResource):
    """Lines of one fact group, keyed by (unit_code, year[, fund], code)."""

    group_key = ""  # GRID_GROUPS entry: model, code field, amount fields
    code_field = "function_code"

    unit_code = fields.Field(
        attribute="report__unit__code", column_name="unit_code", readonly=True
    )
    year = fields.Field(
        attribute="report__fiscal_year__year", column_name="year", readonly=True
    )
    revision = fields.Field(
        attribute="report__revision", column_name="revision", readonly=True
    )

    def __init__(self, user=None, version_token=None, import_form=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        # The confirm step's version of the lines the preview showed ("" when
        # missing); None for callers that are not confirming a preview.
        self.version_token = version_token
        # The preview's upload form, which hands the version to the confirm form.
        self.import_form = import_form
        self.reports: dict[tuple[str, str], Report | str] = {}
        self.code_lists: dict[int, CodeList] = {}
        self.seen: dict[tuple, int] = {}
        self.current: dict | None = None
        # Stored values of every line the file names (None: no such line yet).
        self.originals: dict[tuple, dict | None] = {}
        # One entry.FactWriter per report the file names: every line is
        # saved through it, under the report's row lock.
        self.writers: dict[int, FactWriter] = {}
        self.read_at = timezone.now()

    @classmethod
    def version_scope(cls) -> str:
        return f"factlines:{cls._meta.model._meta.label_lower}"

    @property
    def group(self):
        return GRID_GROUPS[self.group_key]

    @classmethod
    def key_columns(cls) -> tuple[str, ...]:
        return ("unit_code", "year", "code")

    @classmethod
    def required_columns(cls) -> tuple[str, ...]:
        return cls.key_columns()

    def get_queryset(self):
        qs = self._meta.model.objects.select_related(
            "report__unit", "report__fiscal_year", self.code_field
        )
        q = unit_scope_q(self.user, "report__unit__") if self.user else None
        return qs if q is None else qs.filter(q)

    def export_field(self, field, instance, **kwargs):
        # Amounts go out as they are typed back in: in the report's entry unit.
        if field.attribute in self.group.fields:
            report = instance.report
            return entry_text(
                getattr(instance, field.attribute),
                report.amount_unit,
                report.input_unit,
            )
        return super().export_field(field, instance, **kwargs)

    # -- the file --------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        expected = [*self.key_columns(), REVISION_COLUMN, *self.group.fields]
        message = missing_columns_message(
            dataset.headers, self.required_columns(), expected
        )
        if message:
            dataset.wipe()
            raise ValueError(message)
        dataset.headers = [normalise_header(h) for h in dataset.headers]
        self._lock_reports(dataset)

    def _lock_reports(self, dataset) -> None:
        """Open a FactWriter (which locks) on every report the file names, in one order.

        A grid save then waits for this import and sees its changes, and the
        lines read for the version cannot change before this import ends.
        """
        reports = {}
        for row in dataset.dict:
            found = self._report(row, {})
            if found is not None:
                reports[found.pk] = found
        for pk in sorted(reports):
            try:
                self.writers[pk] = FactWriter.begin(
                    reports[pk], self.user, permission=self.user is not None
                )
            except EditRefused as exc:
                # The report changed status since its row was read.
                raise ValueError(f"{exc}本次没有导入任何数据。") from None
        self.read_at = timezone.now()

    def import_row(self, row, instance_loader, **kwargs):
        result = super().import_row(row, instance_loader, **kwargs)
        if result.validation_error is not None:
            result.validation_error = located(
                result.validation_error, kwargs["row_number"] + 1
            )
        return result

    # -- one row ---------------------------------------------------------------

    def before_import_row(self, row, row_number=None, **kwargs):
        errors: dict[str, list[str]] = {}
        report = self._report(row, errors)
        entry = fund = None
        if report is not None:
            entry = self._code(report, row, errors)
            fund = self._fund(row, errors)
        values = {}
        for field_name in self.group.fields:
            label = self.group.column_label(field_name)
            try:
                if report is None:
                    value = parse_amount(row.get(field_name), from_cell=True)
                else:
                    value = parse_entry(
                        row.get(field_name),
                        entry_unit=report.input_unit,
                        stored_unit=report.amount_unit,
                        from_cell=True,
                    )
            except AmountError as exc:
                errors.setdefault(field_name, []).append(f"“{label}”：{exc}")
                continue
            values[field_name] = value if value is not None else ZERO.quantize(CENT)
        if not errors and report is not None and entry is not None:
            key = (report.pk, fund, entry.code)
            line = row_number + 1 if row_number is not None else 0
            if key in self.seen:
                errors.setdefault("code", []).append(
                    f"与第 {self.seen[key]} 行重复，同一报告的同一科目只能有一行。"
                )
            self.seen[key] = line
        if errors:
            self.current = None
            raise ValidationError(errors)
        self.current = {
            "report": report,
            "entry": entry,
            "fund": fund,
            "values": values,
        }

    def _report(self, row, errors) -> Report | None:
        unit_code = cell_text(row.get("unit_code"))
        year = cell_text(row.get("year"))
        revision = cell_text(row.get(REVISION_COLUMN))
        key = (unit_code, year, revision)
        if key not in self.reports:
            self.reports[key] = self._find_report(unit_code, year, revision)
        found = self.reports[key]
        if isinstance(found, str):
            errors.setdefault("unit_code", []).append(found)
            return None
        return found

    def _find_report(self, unit_code: str, year: str, revision: str) -> Report | str:
        if not unit_code or not year.isdigit():
            return "请填写单位编码（unit_code）和四位数字的年度（year）。"
        if revision and not revision.isdigit():
            return f"版次（revision）“{revision}”应为正整数，或留空表示正在填报的版次。"
        # Only a 单位决算 has typed figures; a 部门决算's are consolidated.
        reports = Report.objects.filter(
            unit__code=unit_code,
            fiscal_year__year=int(year),
            level=Report.Level.UNIT,
            kind=Report.Kind.FINAL,
        )
        if self.user is not None:
            # A report of a unit outside the user's scope reads exactly as a
            # missing one: the message must not reveal that it exists.
            reports = reports.for_user(self.user)
        reports = reports.select_related("unit", "fiscal_year")
        if not reports.exists():
            return (
                f"您可以填报的单位中没有单位 {unit_code} 的 {year} 年度决算报告，"
                "请核对单位编码和年度，或先创建报告。"
            )
        if revision:
            report = reports.filter(revision=int(revision)).first()
            if report is None:
                return f"单位 {unit_code} 的 {year} 年度决算报告没有第 {revision} 版。"
        else:
            # Without a 版次 the row goes to the revision being worked on,
            # never to a published or superseded one that happens to come first.
            report = reports.filter(status__in=Report.OPEN_STATUSES).first()
            if report is None:
                latest = reports.order_by("-revision").first()
                return (
                    f"单位 {unit_code} 的 {year} 年度决算报告（第 {latest.revision} 版）"
                    f"状态为“{latest.get_status_display()}”，没有正在填报的版次；"
                    "已公开的报告如需修改，请先发起更正，再导入到更正版次。"
                )
        try:
            check_report_editable(report, self.user)
        except EditRefused as exc:
            return str(exc)
        return report

    def _code(self, report: Report, row, errors):
        codes = self.code_lists.get(report.pk)
        if codes is None:
            codes = self.code_lists[report.pk] = CodeList(report, self.group)
        text = cell_text(row.get("code"))
        if not text:
            errors.setdefault("code", []).append("请填写科目编码。")
            return None
        try:
            entry = codes.resolve(text)
        except CellProblem as exc:
            errors.setdefault("code", []).append(str(exc))
            return None
        problem = codes.level_problem(entry)
        if problem:
            errors.setdefault("code", []).append(problem)
            return None
        return entry

    def _fund(self, row, errors) -> str | None:
        return None

    def get_instance(self, instance_loader, row):
        current = self.current
        if current is None:
            return None
        lookup = {
            "report": current["report"],
            f"{self.code_field}_id": current["entry"].id,
        }
        if current["fund"]:
            lookup["fund"] = current["fund"]
        found = self._meta.model.objects.filter(**lookup).first()
        key = (current["report"].pk, current["fund"], current["entry"].code)
        self.originals[key] = (
            None
            if found is None
            else {name: getattr(found, name) for name in self.group.fields}
        )
        return found

    def init_instance(self, row=None):
        current = self.current
        extra = {"fund": current["fund"]} if current["fund"] else {}
        return self._meta.model(
            report=current["report"],
            **{f"{self.code_field}_id": current["entry"].id},
            **extra,
        )

    def import_instance(self, instance, row, **kwargs):
        # Values come from before_import_row, parsed once with Chinese messages
        # (the library's DecimalWidget would read floats and answer in English).
        for name, value in self.current["values"].items():
            setattr(instance, name, value)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if original is None or original.pk is None:
            return False
        return all(
            getattr(instance, name) == getattr(original, name)
            for name in self.group.fields
        )

    def do_instance_save(self, instance, is_create):
        self.writers[instance.report_id].save(instance)

    def version(self) -> Version:
        """The version of the stored lines this file names, as read by this run."""
        return Version(self.version_scope(), digest(self.originals), self.read_at)

    def _check_version(self) -> None:
        """Refuse the confirm step when the lines changed after the preview."""
        version = read_token(self.version_token, self.version_scope())
        if version is None:
            raise ValueError("导入预览已失效，本次没有导入任何数据，请重新上传文件。")
        if version.digest == self.version().digest:
            return
        reports = Report.objects.filter(
            pk__in={key[0] for key in self.originals}
        ).select_related("unit", "fiscal_year")
        changes = []
        for report in reports:
            try:
                check(version, self.version(), report, [self._meta.model])
            except StaleVersion as exc:
                changes += [f"“{report}”：{change}" for change in exc.changes]
        raise ValueError(
            f"自 {moment_text(version.at)} 生成导入预览以来，文件涉及的数据已被修改："
            + "；".join(changes)
            + "。本次没有导入任何数据，请重新上传文件并核对预览。"
        )

    def after_import(self, dataset, result, **kwargs):
        if kwargs.get("dry_run"):
            if self.import_form is not None:
                self.import_form.fact_line_version = self.version().token()
        elif self.version_token is not None:
            # Raised here the error rolls the whole file back (a base error).
            self._check_version()
        # Touch each report whose lines changed, as the grids do.
        if not result.has_errors() and not result.has_validation_errors():
            for writer in self.writers.values():
                writer.finish()
        super().after_import(dataset, result, **kwargs)


def located(error: ValidationError, line: int) -> ValidationError:
    """The same errors, each prefixed with its file line and column."""
    located_errors = {}
    for column, messages in error.message_dict.items():
        if column == NON_FIELD_ERRORS:
            place = f"第 {line} 行："
        else:
            place = f"第 {line} 行 {column} 列："
        located_errors[column] = [place + message for message in messages]
    return ValidationError(located_errors)


class FunctionLineResource(FactLineResource):
    code = fields.Field(
        attribute="function_code__code", column_name="code", readonly=True
    )
    name = fields.Field(
        attribute="function_code__name", column_name="name", readonly=True
    )


class IncomeLineResource(FunctionLineResource):
    group_key = "income"

    class Meta:
        model = IncomeLine
        name = "收入明细"
        fields = (
            "unit_code",
            "year",
            "revision",
            "code",
            "name",
            *IncomeLine.AMOUNT_FIELDS,
        )
        import_id_fields = ()
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        store_instance = True


class ExpenditureLineResource(FunctionLineResource):
    group_key = "expenditure"

    class Meta:
        model = ExpenditureLine
        name = "支出明细"
        fields = (
            "unit_code",
            "year",
            "revision",
            "code",
            "name",
            *ExpenditureLine.AMOUNT_FIELDS,
        )
        import_id_fields = ()
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        store_instance = True


FISCAL_GROUPS = {
    Fund.GENERAL: "fiscal-general",
    Fund.GOV_FUND: "fiscal-gov-fund",
    Fund.STATE_CAPITAL: "fiscal-state-capital",
}


class FiscalExpenditureLineResource(FunctionLineResource):
    group_key = "fiscal-general"  # columns and levels are the same for every fund

    fund = fields.Field(attribute="fund", column_name="fund", readonly=True)

    class Meta:
        model = FiscalExpenditureLine
        name = "财政拨款支出明细"
        fields = (
            "unit_code",
            "year",
            "revision",
            "fund",
            "code",
            "name",
            *FiscalExpenditureLine.AMOUNT_FIELDS,
        )
        import_id_fields = ()
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        store_instance = True

    @classmethod
    def key_columns(cls) -> tuple[str, ...]:
        return ("unit_code", "year", "fund", "code")

    def _fund(self, row, errors) -> str | None:
        text = cell_text(row.get("fund"))
        for value, label in Fund.choices:
            if text in (value, str(label)):
                return value
        allowed = "、".join(str(label) for label in Fund.labels)
        errors.setdefault("fund", []).append(
            f"资金来源“{text}”应为 {allowed} 之一（或 general、gov_fund、state_capital）。"
        )
        return None

    def dehydrate_fund(self, line):
        return line.fund


class BasicExpenditureLineResource(FactLineResource):
    group_key = "basic"
    code_field = "economic_code"

    code = fields.Field(
        attribute="economic_code__code", column_name="code", readonly=True
    )
    name = fields.Field(
        attribute="economic_code__name", column_name="name", readonly=True
    )

    class Meta:
        model = BasicExpenditureLine
        name = "基本支出经济分类明细"
        fields = ("unit_code", "year", "revision", "code", "name", "amount")
        import_id_fields = ()
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        store_instance = True
