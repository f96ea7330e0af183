"""Reference data: fiscal years and the classification codes of each year."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

FUNCTION_CODE_PATTERN = r"^[0-9]{3}([0-9]{2}){0,2}$"
ECONOMIC_CODE_PATTERN = r"^[0-9]{3}([0-9]{2})?$"


class FiscalYear(models.Model):
    year = models.PositiveSmallIntegerField(_("年度"), unique=True)

    class Meta:
        verbose_name = _("财政年度")
        verbose_name_plural = _("财政年度")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="disclosure_fiscalyear_range",
                violation_error_message=_("年度应在 2000 至 2100 之间。"),
            ),
        ]

    def __str__(self):
        return f"{self.year} 年度"


class FunctionCode(models.Model):
    """支出功能分类科目: 类 (3 digits) / 款 (5) / 项 (7), one list per fiscal year."""

    class Level(models.IntegerChoices):
        CLASS = 1, _("类")
        SECTION = 2, _("款")
        ITEM = 3, _("项")

    class Budget(models.TextChoices):
        GENERAL = "general", _("一般公共预算")
        GOV_FUND = "gov_fund", _("政府性基金预算")
        STATE_CAPITAL = "state_capital", _("国有资本经营预算")

    fiscal_year = models.ForeignKey(
        FiscalYear,
        verbose_name=_("年度"),
        on_delete=models.PROTECT,
        related_name="function_codes",
    )
    code = models.CharField(_("科目编码"), max_length=7)
    name = models.CharField(_("科目名称"), max_length=100)
    level = models.PositiveSmallIntegerField(_("级次"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级科目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    budget = models.CharField(
        _("预算类别"),
        max_length=16,
        choices=Budget.choices,
        blank=True,
        help_text=_(
            "科目所属的预算（一般公共预算、政府性基金预算或国有资本经营预算）。"
        ),
    )

    class Meta:
        verbose_name = _("支出功能分类科目")
        verbose_name_plural = _("支出功能分类科目")
        ordering = ["fiscal_year", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "code"],
                name="disclosure_functioncode_unique_year_code",
            ),
            models.CheckConstraint(
                condition=(
                    Q(level=1, code__regex=r"^[0-9]{3}$")
                    | Q(level=2, code__regex=r"^[0-9]{5}$")
                    | Q(level=3, code__regex=r"^[0-9]{7}$")
                ),
                name="disclosure_functioncode_format_matches_level",
                violation_error_message=_(
                    "功能分类科目编码应为 3 位（类）、5 位（款）或 7 位（项）数字，并与级次一致。"
                ),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def class_code(self) -> str:
        return self.code[:3]


class EconomicCode(models.Model):
    """支出经济分类科目: 类 (3 digits) / 款 (5), per fiscal year and scheme."""

    class Scheme(models.TextChoices):
        DEPARTMENT = "dept", _("部门预算支出经济分类")
        GOVERNMENT = "gov", _("政府预算支出经济分类")

    class Level(models.IntegerChoices):
        CLASS = 1, _("类")
        SECTION = 2, _("款")

    fiscal_year = models.ForeignKey(
        FiscalYear,
        verbose_name=_("年度"),
        on_delete=models.PROTECT,
        related_name="economic_codes",
    )
    scheme = models.CharField(_("分类体系"), max_length=8, choices=Scheme.choices)
    code = models.CharField(_("科目编码"), max_length=5)
    name = models.CharField(_("科目名称"), max_length=100)
    level = models.PositiveSmallIntegerField(_("级次"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级科目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("支出经济分类科目")
        verbose_name_plural = _("支出经济分类科目")
        ordering = ["fiscal_year", "scheme", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "scheme", "code"],
                name="disclosure_economiccode_unique_year_scheme_code",
            ),
            models.CheckConstraint(
                condition=(
                    Q(level=1, code__regex=r"^[0-9]{3}$")
                    | Q(level=2, code__regex=r"^[0-9]{5}$")
                ),
                name="disclosure_economiccode_format_matches_level",
                violation_error_message=_(
                    "经济分类科目编码应为 3 位（类）或 5 位（款）数字，并与级次一致。"
                ),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class CodeCrosswalk(models.Model):
    """A code renumbered between two years' lists (a 调整 of a published change list).

    Codes carried forward unchanged need no row: a code absent here maps to
    itself. Year-on-year comparisons read last year's figures through these
    rows, so a renamed or moved code keeps its 上年 figure.
    """

    class Kind(models.TextChoices):
        FUNCTION = "function", _("支出功能分类科目")
        ECONOMIC_DEPT = "economic_dept", _("部门预算支出经济分类科目")
        ECONOMIC_GOV = "economic_gov", _("政府预算支出经济分类科目")

    kind = models.CharField(_("科目类别"), max_length=16, choices=Kind.choices)
    from_year = models.ForeignKey(
        FiscalYear,
        verbose_name=_("原年度"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_code = models.CharField(_("原科目编码"), max_length=7)
    to_year = models.ForeignKey(
        FiscalYear,
        verbose_name=_("新年度"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_code = models.CharField(_("新科目编码"), max_length=7)

    class Meta:
        verbose_name = _("科目对照")
        verbose_name_plural = _("科目对照")
        ordering = ["kind", "from_year", "from_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "from_year", "from_code", "to_year"],
                name="disclosure_codecrosswalk_unique_kind_years_from_code",
            ),
            models.UniqueConstraint(
                fields=["kind", "from_year", "to_year", "to_code"],
                name="disclosure_codecrosswalk_unique_kind_years_to_code",
            ),
            models.CheckConstraint(
                condition=Q(from_code__regex=FUNCTION_CODE_PATTERN)
                & Q(to_code__regex=FUNCTION_CODE_PATTERN),
                name="disclosure_codecrosswalk_codes_are_digits",
                violation_error_message=_("科目编码应为 3、5 或 7 位数字。"),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.from_code} → {self.to_code}"
