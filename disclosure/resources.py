"""django-import-export resources for the flat lists administrators import in the admin.

A classification list is checked as a whole by `codelists.validate_rows` before
any row is saved, so the rules live in one place and the admin import, the
`load_codes` command and the tests agree. Every problem is reported on its row
and column; a file with any problem saves nothing (the import runs in one
transaction that is rolled back on any row error).
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export import fields, resources
from import_export.instance_loaders import CachedInstanceLoader

from disclosure import codelists
from disclosure.models import EconomicCode, FunctionCode
from units.importing import AllOrNothingResourceMixin


class CodeListResource(AllOrNothingResourceMixin, resources.ModelResource):
    """One fiscal year's list of one kind; the year (and scheme) come from the import form.

    Values are taken from the rows `validate_rows` parsed, not re-read by the
    widgets, so a spreadsheet number such as 201.0 means the code "201" here
    exactly as in the command-line loader.
    """

    # Read-only: shown in the preview, while parents are linked in import_instance.
    parent_code = fields.Field(
        attribute="parent__code", column_name="parent_code", readonly=True
    )

    def __init__(self, fiscal_year=None, scheme: str = "", **kwargs):
        super().__init__(**kwargs)
        self.fiscal_year = fiscal_year
        self.kind = self.get_kind(scheme)
        self.parsed: dict[int, codelists.CodeRow] = {}
        self.current: codelists.CodeRow | None = None
        self.row_problems: dict[int, list[codelists.Problem]] = {}
        self.by_code = {}
        self.orphans = []

    @classmethod
    def get_kind(cls, scheme: str) -> codelists.CodeListKind:
        raise NotImplementedError

    def get_queryset(self):
        if self.fiscal_year is None:
            return self._meta.model.objects.none()
        extra = {"scheme": self.kind.scheme} if self.kind.scheme else {}
        return self._meta.model.objects.filter(
            fiscal_year=self.fiscal_year, **extra
        ).select_related("parent")

    def init_instance(self, row=None):
        instance = self._meta.model(fiscal_year=self.fiscal_year)
        if self.kind.scheme:
            instance.scheme = self.kind.scheme
        return instance

    @staticmethod
    def file_line(row_number: int) -> int:
        # Row numbers count data rows from 1; the file's line 1 holds the column names.
        return row_number + 1

    def before_import(self, dataset, **kwargs):
        try:
            self.check_file(dataset)
        except codelists.CodeListError:
            # A problem with the whole file is reported once, not again on every row.
            dataset.wipe()
            raise
        self.by_code = {obj.code: obj for obj in self.get_queryset()}

    def check_file(self, dataset) -> None:
        if self.fiscal_year is None:
            raise codelists.CodeListError(["请选择要导入科目表的年度。"])
        codelists.check_columns(dataset.headers)
        dataset.headers = [codelists.normalise_header(h) for h in dataset.headers]
        for index, values in enumerate(dataset):
            dataset[index] = [codelists.cell_text(v) for v in values]
        try:
            rows = codelists.validate_rows(self.kind, dataset.dict)
        except codelists.CodeListError as exc:
            whole_file = [p for p in exc.problems if p.line is None]
            if whole_file:
                raise codelists.CodeListError(whole_file) from exc
            for problem in exc.problems:
                self.row_problems.setdefault(problem.line, []).append(problem)
        else:
            self.parsed = {row.line: row for row in rows}

    def before_import_row(self, row, row_number=None, **kwargs):
        line = self.file_line(row_number)
        # None for a blank line, and for every line of a file that has problems.
        self.current = self.parsed.get(line)
        problems = self.row_problems.get(line)
        if problems:
            errors = {}
            for problem in problems:
                errors.setdefault(problem.column or NON_FIELD_ERRORS, []).append(
                    problem.message
                )
            raise ValidationError(errors)

    def import_instance(self, instance, row, **kwargs):
        parsed = self.current
        if parsed is None:
            return
        instance.code = parsed.code
        instance.name = parsed.name
        instance.level = parsed.level
        if parsed.budget is not None:
            instance.budget = parsed.budget
        instance.parent = self.by_code.get(parsed.parent_code)
        if parsed.parent_code and instance.parent is None:
            # The parent comes later in the file; linked once every row is saved.
            self.orphans.append((instance, parsed.parent_code))

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if self.current is None:
            return True
        if original is None or original.pk is None:
            return False
        return all(
            getattr(instance, name) == getattr(original, name)
            for name in ("name", "level", "parent_id", "budget")
            if hasattr(instance, name)
        )

    def after_save_instance(self, instance, row, **kwargs):
        self.by_code[instance.code] = instance

    def after_import(self, dataset, result, **kwargs):
        if self.orphans and not result.has_errors():
            for instance, parent_code in self.orphans:
                instance.parent = self.by_code[parent_code]
            self._meta.model.objects.bulk_update(
                [instance for instance, _ in self.orphans], ["parent"]
            )
        super().after_import(dataset, result, **kwargs)


class FunctionCodeResource(CodeListResource):
    class Meta:
        model = FunctionCode
        name = "支出功能分类科目"
        fields = ("code", "name", "level", "parent_code", "budget")
        import_id_fields = ("code",)
        instance_loader_class = CachedInstanceLoader
        use_transactions = True
        skip_unchanged = True
        report_skipped = True

    @classmethod
    def get_kind(cls, scheme: str = "") -> codelists.CodeListKind:
        return codelists.KINDS["function"]


class EconomicCodeResource(CodeListResource):
    class Meta:
        model = EconomicCode
        name = "支出经济分类科目"
        fields = ("code", "name", "level", "parent_code")
        import_id_fields = ("code",)
        instance_loader_class = CachedInstanceLoader
        use_transactions = True
        skip_unchanged = True
        report_skipped = True

    @classmethod
    def get_kind(cls, scheme: str = "") -> codelists.CodeListKind:
        for kind in codelists.KINDS.values():
            if kind.model is EconomicCode and kind.scheme == scheme:
                return kind
        return codelists.KINDS["economic_dept"]
