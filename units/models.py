from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from reporting.fields import LimitedTextField, length_check

UNIT_CODE_PATTERN = r"^[0-9A-Za-z]{3,20}$"
# 中央 and the 31 province-level regions: where a unit reports, and so whose
# report templates it uses by default.
REGIONS = [
    (name, name)
    for name in (
        "中央",
        "北京",
        "天津",
        "河北",
        "山西",
        "内蒙古",
        "辽宁",
        "吉林",
        "黑龙江",
        "上海",
        "江苏",
        "浙江",
        "安徽",
        "福建",
        "江西",
        "山东",
        "河南",
        "湖北",
        "湖南",
        "广东",
        "广西",
        "海南",
        "重庆",
        "四川",
        "贵州",
        "云南",
        "西藏",
        "陕西",
        "甘肃",
        "青海",
        "宁夏",
        "新疆",
    )
]


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def departments(self):
        return self.filter(parent__isnull=True)

    def subtree_of(self, unit: "Unit"):
        """The unit and every unit below it (materialised path prefix)."""
        return self.filter(path__startswith=unit.path)


class Unit(models.Model):
    """A budget unit (预算单位). Units form a tree: a 主管部门 at the top, its units below."""

    class UnitType(models.TextChoices):
        ADMINISTRATIVE = "administrative", _("行政单位")
        CIVIL_SERVANT_MANAGED = "civil_servant_managed", _("参照公务员法管理事业单位")
        PUBLIC_WELFARE_1 = "public_welfare_1", _("公益一类事业单位")
        PUBLIC_WELFARE_2 = "public_welfare_2", _("公益二类事业单位")
        OTHER = "other", _("其他")

    code = models.CharField(
        _("单位编码"),
        max_length=20,
        unique=True,
        validators=[
            RegexValidator(UNIT_CODE_PATTERN, _("单位编码应为 3–20 位字母或数字。"))
        ],
        help_text=_("稳定的单位编码，用于公开网址，例如 /2022/<单位编码>/。"),
    )
    name = models.CharField(_("单位名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("留空表示主管部门（一级预算单位）。"),
    )
    unit_type = models.CharField(_("单位性质"), max_length=32, choices=UnitType.choices)
    region = models.CharField(
        _("地区"),
        max_length=16,
        choices=REGIONS,
        blank=True,
        help_text=_("决定新建报告默认采用哪个地区的公开模板；留空采用通用模板。"),
    )
    is_active = models.BooleanField(_("启用"), default=True)
    path = models.CharField(
        _("路径"),
        max_length=255,
        editable=False,
        db_index=True,
        help_text=_("由上级链的单位编码生成，用于按子树筛选。"),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("预算单位")
        verbose_name_plural = _("预算单位")
        ordering = ["path"]
        # The public search's index on name and short_name (pg_trgm GIN) is made
        # by migration 0005 on PostgreSQL only: declared here it would break SQLite.
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=UNIT_CODE_PATTERN),
                name="units_unit_code_format",
                violation_error_message=_("单位编码应为 3–20 位字母或数字。"),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="units_unit_not_own_parent",
                violation_error_message=_("上级单位不能是本单位。"),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.path = self.compute_path()
        super().save(*args, **kwargs)
        # Keep descendants' paths in step when a unit moves or is re-coded.
        for child in self.children.all():
            if child.path != child.compute_path():
                child.save()

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError(
                    {"parent": _("上级单位不能是本单位或其下级单位。")}
                )
            ancestor = ancestor.parent

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.code}/"

    @property
    def department(self) -> "Unit":
        """The 主管部门: the root of this unit's tree."""
        unit = self
        while unit.parent_id:
            unit = unit.parent
        return unit

    @property
    def has_operating_expense(self) -> bool:
        """Only 行政单位 and 参公 units report 机关运行经费 (domain N6-1)."""
        return self.unit_type in {
            self.UnitType.ADMINISTRATIVE,
            self.UnitType.CIVIL_SERVANT_MANAGED,
        }


class ProfileLocked(Exception):
    """A write to a unit profile that a submitted or published report prints."""


# Checks that say why the profiles of some (unit id, year) pairs may not change,
# or return None. The disclosure app registers one: a profile is printed by
# that year's report and is fixed once the report leaves draft.
PROFILE_LOCKS: list = []


def ensure_profiles_editable(pairs) -> None:
    pairs = {pair for pair in pairs if None not in pair}
    if not pairs:
        return
    for check in PROFILE_LOCKS:
        message = check(pairs)
        if message:
            raise ProfileLocked(message)


class ProfileLockedQuerySet(models.QuerySet):
    """Bulk writes check the profile locks too (queryset.update skips save()).

    `profile` is the lookup from the model to its UnitProfile ("" for the
    profile itself).
    """

    profile = ""

    def _pairs(self):
        return self.values_list(f"{self.profile}unit_id", f"{self.profile}year")

    def _new_pairs(self, objs):
        raise NotImplementedError

    def update(self, **kwargs):
        ensure_profiles_editable(self._pairs())
        return super().update(**kwargs)

    def delete(self):
        ensure_profiles_editable(self._pairs())
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        ensure_profiles_editable(self._new_pairs(objs))
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        objs = list(objs)
        ensure_profiles_editable(self.filter(pk__in=[o.pk for o in objs])._pairs())
        return super().bulk_update(objs, *args, **kwargs)


class ProfileQuerySet(ProfileLockedQuerySet):
    def _new_pairs(self, objs):
        return [(o.unit_id, o.year) for o in objs]


class BodyQuerySet(ProfileLockedQuerySet):
    profile = "profile__"

    def _new_pairs(self, objs):
        return UnitProfile.objects.filter(
            pk__in={o.profile_id for o in objs}
        ).values_list("unit_id", "year")


class UnitProfile(models.Model):
    """第一部分 单位概况 for one year: duties, internal bodies, headcount at year end.

    Printed by that year's report, so it changes only while no report of the
    year is past draft (or while a correction of it is a draft).
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="profiles"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    duties = LimitedTextField(_("主要职责"), max_length=5000, blank=True)
    staff_total = models.PositiveIntegerField(
        _("年末实有人数"), default=0, help_text=_("须等于在职、离休、退休人员之和。")
    )
    staff_in_service = models.PositiveIntegerField(_("在职人员"), default=0)
    staff_retired_li = models.PositiveIntegerField(_("离休人员"), default=0)
    staff_retired_tui = models.PositiveIntegerField(
        _("退休人员"),
        default=0,
        help_text=_("不含由养老保险基金发放养老金的离退休人员。"),
    )
    staff_other = models.PositiveIntegerField(_("年末其他人员"), default=0)
    pensioners_paid_by_fund = models.PositiveIntegerField(
        _("由养老保险基金发放养老金的离退休人员"), default=0
    )

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位概况")
        verbose_name_plural = _("单位概况")
        ordering = ["unit", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"], name="units_profile_unique_unit_year"
            ),
            models.CheckConstraint(
                condition=Q(
                    staff_total=F("staff_in_service")
                    + F("staff_retired_li")
                    + F("staff_retired_tui")
                ),
                name="units_profile_staff_total_is_sum",
                violation_error_message=_(
                    "年末实有人数应等于在职、离休、退休人员之和。"
                ),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="units_profile_year_range",
                violation_error_message=_("年度应在 2000 至 2100 之间。"),
            ),
            length_check("units_unitprofile", "duties", 5000),
        ]

    def __str__(self):
        return f"{self.unit} {self.year} 年度单位概况"

    def save(self, *args, **kwargs):
        pairs = [(self.unit_id, self.year)]
        if self.pk is not None and not self._state.adding:
            # Moving a profile to another unit or year frees the old one too.
            pairs += UnitProfile.objects.filter(pk=self.pk).values_list(
                "unit_id", "year"
            )
        ensure_profiles_editable(pairs)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        ensure_profiles_editable([(self.unit_id, self.year)])
        return super().delete(*args, **kwargs)

    def clean(self):
        if self.unit_id is not None and self.year is not None:
            try:
                ensure_profiles_editable([(self.unit_id, self.year)])
            except ProfileLocked as exc:
                raise ValidationError(str(exc)) from exc
        parts = self.staff_in_service + self.staff_retired_li + self.staff_retired_tui
        if self.staff_total != parts:
            raise ValidationError(
                {
                    "staff_total": _(
                        "年末实有人数 %(total)s 应等于在职 %(a)s + 离休 %(b)s + 退休 %(c)s = %(sum)s。"
                    )
                    % {
                        "total": self.staff_total,
                        "a": self.staff_in_service,
                        "b": self.staff_retired_li,
                        "c": self.staff_retired_tui,
                        "sum": parts,
                    }
                }
            )


class InternalBody(models.Model):
    """One 内设机构 named in 单位基本情况."""

    profile = models.ForeignKey(
        UnitProfile,
        verbose_name=_("单位概况"),
        on_delete=models.CASCADE,
        related_name="bodies",
    )
    name = models.CharField(_("机构名称"), max_length=100)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("内设机构")
        verbose_name_plural = _("内设机构")
        ordering = ["profile", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "name"], name="units_body_unique_name"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self._ensure_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._ensure_editable()
        return super().delete(*args, **kwargs)

    def _ensure_editable(self):
        profiles = {self.profile_id}
        if self.pk is not None and not self._state.adding:
            profiles |= set(
                InternalBody.objects.filter(pk=self.pk).values_list(
                    "profile_id", flat=True
                )
            )
        ensure_profiles_editable(
            UnitProfile.objects.filter(pk__in=profiles).values_list("unit_id", "year")
        )


class Membership(models.Model):
    """A user's role in a unit. A supervisor's scope covers the unit's whole subtree."""

    class Role(models.TextChoices):
        PREPARER = "preparer", _("填报人")
        REVIEWER = "reviewer", _("审核人")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("单位"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("单位成员")
        verbose_name_plural = _("单位成员")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                name="units_membership_unique_user_unit_role",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.unit} · {self.get_role_display()}"
