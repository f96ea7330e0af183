"""Admin entry of the self-evaluation: one page per project, its indicators as a grid.

The grid lists indicators grouped by 一级 · 二级 指标 (a heading row per group),
shows next to each typed 年度指标值 / 实际完成值 what it was read as, and the
suggested score with its formula. Projects are scoped to the user's units
through their report, and editable only while the report is a draft.

A 预算's projects are its 项目绩效目标 and are entered on the same pages, with
what only a 决算 has (全年预算数 and 执行数, 预算执行 score, 实际完成值, scores,
the evaluation report) left out. A new project is entered as a 预算's when
the add page is opened for one (?report=<id>: the list of one report's
projects links to it).
"""

from django.contrib import admin
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from disclosure.entry import fact_writes
from disclosure.models import Report
from performance.admin_from_budget import from_budget_url, from_budget_urls
from performance.amounts import amount_text
from performance.forms import IndicatorForm, ProjectForm, absent_sections
from performance.models import (
    FUND_SOURCES,
    REPORT_SECTIONS,
    Indicator,
    Level1,
    Level2,
    Project,
)
from performance.parsing import format_number
from units.scoping import UnitScopedAdminMixin


def _rank(field: str, choices) -> Case:
    return Case(
        *(When(**{field: value}, then=Value(i)) for i, value in enumerate(choices)),
        default=Value(len(choices)),
        output_field=IntegerField(),
    )


REPORT_FIELDSET = "绩效评价报告"

# What a 预算's project and indicator have: the target, nothing evaluated.
BUDGET_FIELDSETS = [
    (None, {"fields": ["report", "position", "name", "department", "implementer"]}),
    (
        "项目资金 年初预算数（金额单位同预算报告）",
        {
            "description": "预算只填年初预算数；全年预算数和执行数在决算中填写。",
            "fields": [
                tuple(f"initial_{s}" for s, _label in FUND_SOURCES),
                "funds_summary",
            ],
        },
    ),
    ("年度绩效目标", {"fields": ["expected_goals"]}),
]
BUDGET_INDICATOR_FIELDS = [
    "level1",
    "level2",
    "position",
    "name",
    "target_text",
    "direction",
    "weight",
]


def budget_entry(request, project) -> bool:
    """Whether the page enters a 预算's project: its report, or the add page's ?report=."""
    if project is not None and project.report_id is not None:
        return project.is_budget
    pk = request.GET.get("report", "")
    return (
        pk.isdigit()
        and Report.objects.for_user(request.user)
        .filter(pk=pk, kind=Report.Kind.BUDGET)
        .exists()
    )


def framework_order(queryset):
    """Indicators in the 自评表's order: 一级, then 二级 in framework order, then position."""
    return queryset.annotate(
        level1_rank=_rank("level1", Level1.values),
        level2_rank=_rank("level2", Level2.values),
    ).order_by("level1_rank", "level2_rank", "position")


class DraftOnly:
    """Changes only while the project's report is a draft (then it is view-only)."""

    @staticmethod
    def _editable(project) -> bool:
        return project is None or project.report.status == Report.Status.DRAFT

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class IndicatorInline(DraftOnly, admin.TabularInline):
    model = Indicator
    form = IndicatorForm
    template = "admin/performance/project/indicator_grid.html"
    extra = 3
    fields = [
        "level1",
        "level2",
        "position",
        "name",
        "target_text",
        "actual_text",
        "direction",
        "weight",
        "suggestion",
        "score",
        "override_reason",
        "deviation_reason",
    ]
    readonly_fields = ["suggestion"]

    def get_fields(self, request, obj=None):
        if budget_entry(request, obj):
            return BUDGET_INDICATOR_FIELDS
        return super().get_fields(request, obj)

    def get_queryset(self, request):
        return framework_order(super().get_queryset(request))

    def has_add_permission(self, request, obj):
        return self._editable(obj) and super().has_add_permission(request, obj)

    @admin.display(description="建议得分")
    def suggestion(self, indicator):
        if indicator is None or indicator.pk is None:
            return "—"
        return str(indicator.suggestion())


@admin.register(Project)
class ProjectAdmin(UnitScopedAdminMixin, DraftOnly, admin.ModelAdmin):
    unit_lookup = "report__unit"
    form = ProjectForm
    inlines = [IndicatorInline]
    list_display = ["name", "report", "total_display", "grade_display"]
    list_filter = ["report__fiscal_year", "report__kind"]
    search_fields = ["name", "report__unit__name", "report__unit__code"]
    list_select_related = ["report__unit", "report__fiscal_year"]
    readonly_fields = ["funds_summary", "execution_summary", "score_summary"]
    fieldsets = [
        (None, {"fields": ["report", "position", "name", "department", "implementer"]}),
        (
            "项目资金（金额单位同决算报告）",
            {
                "description": "年度资金总额为三项资金来源之和，由系统计算。",
                "fields": [
                    (f"initial_{s}", f"annual_{s}", f"executed_{s}")
                    for s, _label in FUND_SOURCES
                ]
                + ["funds_summary"],
            },
        ),
        (
            "预算执行",
            {
                "fields": [
                    "execution_weight",
                    "execution_summary",
                    "execution_score",
                    "execution_override_reason",
                ]
            },
        ),
        ("年度总体目标", {"fields": ["expected_goals", "achieved_goals"]}),
        (
            REPORT_FIELDSET,
            {"fields": [name for name, _heading in REPORT_SECTIONS]},
        ),
        ("总分", {"fields": ["score_summary"]}),
    ]

    change_list_template = "admin/performance/project/change_list.html"

    class Media:
        css = {"all": ["performance/admin.css"]}

    def get_urls(self):
        return from_budget_urls(self) + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        adding = self.has_add_permission(request)
        report = request.GET.get("report__id__exact", "")
        extra_context = {
            **(extra_context or {}),
            "from_budget_url": from_budget_url(self) if adding else None,
            # The projects of one report: a new one is that report's.
            "add_for_report_url": reverse(
                "admin:performance_project_add", current_app=self.admin_site.name
            )
            + f"?report={report}"
            if adding and report.isdigit()
            else None,
        }
        return super().changelist_view(request, extra_context)

    # Projects and their indicators are facts of a report: written through
    # the one write service, which locks the report and checks it is still a
    # draft. Permission and scope are this admin's own checks.

    def get_fieldsets(self, request, obj=None):
        """Only the evaluation report sections the report's template has; a 预算's target."""
        if budget_entry(request, obj):
            return BUDGET_FIELDSETS
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        absent = set(absent_sections(obj.report.template))
        shown = []
        for title, options in fieldsets:
            if title == REPORT_FIELDSET:
                fields = [f for f in options["fields"] if f not in absent]
                if not fields:
                    continue
                options = {**options, "fields": fields}
            shown.append((title, options))
        return shown

    def save_model(self, request, obj, form, change):
        with fact_writes(obj.report, request.user, permission=False) as writer:
            writer.save(obj)

    def delete_model(self, request, obj):
        with fact_writes(obj.report, request.user, permission=False) as writer:
            writer.delete(obj)

    def save_formset(self, request, form, formset, change):
        report = form.instance.report
        with fact_writes(report, request.user, permission=False) as writer:
            writer.save_formset(formset)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("report__unit", "report__fiscal_year")
            .prefetch_related(Prefetch("indicators", Indicator.objects.all()))
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "report" and field is not None:
            # Projects are added to reports still being filled in.
            field.queryset = field.queryset.filter(
                status=Report.Status.DRAFT
            ).select_related("unit", "fiscal_year")
        return field

    @admin.display(description="总分")
    def total_display(self, project):
        if project.is_budget:
            return "预算绩效目标，不评分"
        total = project.total_score
        return "未评分" if total is None else format_number(total)

    @admin.display(description="评价等级")
    def grade_display(self, project):
        grade = project.grade
        return "—" if grade is None else grade.label

    @admin.display(description="年度资金总额")
    def funds_summary(self, project):
        if project is None or project.pk is None:
            return "保存后显示。"
        if project.is_budget:
            return format_html("年初预算数：{}", _amount(project.initial_total))
        rate = project.execution_rate
        return format_html_join(
            "；",
            "{}：{}",
            [
                ("年初预算数", _amount(project.initial_total)),
                ("全年预算数", _amount(project.annual_total)),
                ("全年执行数", _amount(project.executed_total)),
                ("执行率", "—" if rate is None else f"{rate}%"),
            ],
        )

    @admin.display(description="建议得分")
    def execution_summary(self, project):
        if project is None or project.pk is None:
            return "保存后显示。"
        return str(project.execution_suggestion())

    @admin.display(description="总分与等级")
    def score_summary(self, project):
        if project is None or project.pk is None:
            return "保存后显示。"
        total, weights = project.total_score, project.weight_total
        warning = (
            ""
            if weights == 100
            else format_html(
                '<strong class="errornote">分值合计为 {}，应为 100。</strong>',
                format_number(weights),
            )
        )
        if total is None:
            return format_html("尚有未评分的指标。{}", warning)
        return format_html(
            "总分 {} 分（分值合计 {}），评价等级：{}。{}",
            format_number(total),
            format_number(weights),
            project.grade.label,
            warning,
        )


def _amount(value) -> str:
    return "—" if value is None else amount_text(value)
