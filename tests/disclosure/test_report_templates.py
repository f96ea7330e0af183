"""Report templates as data: the registry, defaults by region, the command, the admin."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from disclosure import report_templates
from disclosure.models import Report, ReportLocked
from disclosure.report_templates import (
    JIANGXI_2022_UNIT,
    TEMPLATES,
    Kind,
    Level,
    NarrativeOptions,
    ReportTemplate,
    default_template,
    get_template,
)
from tests.factories import FiscalYearFactory, UnitFactory
from tests.scenarios import consistent_report, force_status


class RegistryTests(TestCase):
    def test_every_template_has_an_identity_tables_headings_and_a_glossary(self):
        from disclosure.glossary import GLOSSARIES

        for template in TEMPLATES.values():
            with self.subTest(template=template.code):
                self.assertTrue(template.region and template.first_year >= 2000)
                self.assertIn(template.level, Level)
                self.assertIn(template.kind, Kind)
                self.assertTrue(template.tables)
                self.assertTrue(template.narrative.headings)
                self.assertIn(template.glossary, GLOSSARIES)

    def test_the_newest_template_of_the_region_in_force_is_the_default(self):
        later = ReportTemplate(
            code="jx2024_unit_test",
            name="江西 2024 单位决算（测试）",
            region="江西",
            level=Level.UNIT,
            kind=Kind.FINAL,
            first_year=2024,
            tables=JIANGXI_2022_UNIT.tables,
            narrative=NarrativeOptions(headings=(("income", "收入"),)),
            glossary="jx2022_unit",
        )
        TEMPLATES[later.code] = later
        try:
            self.assertIs(default_template("江西", year=2023), JIANGXI_2022_UNIT)
            self.assertIs(default_template("江西", year=2024), later)
            self.assertIs(default_template("江西", year=2030), later)
        finally:
            del TEMPLATES[later.code]

    def test_each_shipped_region_gets_its_own_layout_from_its_first_year(self):
        for region, year, code in (
            ("江西", 2023, "jx2022_unit"),
            ("中央", 2023, "mof2023_dept"),
            ("广西", 2023, "gx2023_unit"),
            ("上海", 2024, "sh2024_dept"),
            ("内蒙古", 2023, "nmg2023_dept"),
        ):
            with self.subTest(region=region):
                level = get_template(code).level
                self.assertEqual(default_template(region, level, year=year).code, code)

    def test_a_region_known_at_the_other_level_only_keeps_its_own_layout(self):
        self.assertEqual(
            default_template("内蒙古", Level.UNIT, year=2023).code, "nmg2023_dept"
        )
        self.assertEqual(
            default_template("广西", Level.DEPARTMENT, year=2023).code, "gx2023_unit"
        )

    def test_a_region_without_templates_falls_back(self):
        self.assertIs(default_template("湖南", year=2023), report_templates.FALLBACK)
        self.assertIs(
            default_template("湖南", Level.DEPARTMENT, year=2023),
            report_templates.DEPARTMENT_FALLBACK,
        )


class ReportTemplateTests(TestCase):
    def test_a_new_report_records_its_regions_template(self):
        unit = UnitFactory(region="江西")
        report = Report.objects.create(unit=unit, fiscal_year=FiscalYearFactory())
        self.assertEqual(report.template_variant, "jx2022_unit")
        self.assertIs(report.template, JIANGXI_2022_UNIT)

    def test_an_unknown_template_code_is_refused_in_chinese(self):
        report = consistent_report()
        report.template_variant = "nowhere"
        with self.assertRaisesMessage(ValidationError, "没有编码为 nowhere 的公开模板"):
            report.full_clean()

    def test_changing_a_drafts_template_keeps_its_facts_and_past_draft_it_is_fixed(
        self,
    ):
        from disclosure.document import build_document
        from disclosure.importers.facts import facts_of
        from disclosure.report_templates import GUANGXI_2023_UNIT

        report = consistent_report()
        facts = facts_of(report)
        report.template_variant = GUANGXI_2023_UNIT.code
        report.save()
        report = Report.objects.get(pk=report.pk)
        self.assertEqual(facts_of(report), facts)
        doc = build_document(report)
        self.assertEqual(
            [t.code for t in doc.tables], [f"表{n}" for n in "一二三四五六七八九"]
        )
        force_status(report, Report.Status.SUBMITTED)
        report.template_variant = "other"
        with self.assertRaises(ReportLocked):
            report.save()

    def test_the_admin_offers_every_template_and_a_regional_default(self):
        admin = get_user_model().objects.create_superuser("root", "", "pw")
        self.client.force_login(admin)
        page = self.client.get(reverse("admin:disclosure_report_add"))
        self.assertContains(page, "按单位所在地区和年度默认")
        self.assertContains(page, JIANGXI_2022_UNIT.name)


class CommandTests(TestCase):
    def test_it_lists_every_template_with_its_identity_and_table_count(self):
        out = StringIO()
        call_command("templates", stdout=out)
        text = out.getvalue()
        self.assertIn("jx2022_unit", text)
        self.assertIn("江西", text)
        self.assertIn("单位", text)
        self.assertIn("决算", text)
        self.assertIn("2022", text)
        self.assertIn("10", text)
        self.assertIn(f"共 {len(TEMPLATES)} 个模板", text)


class NarrativeOptionsTests(TestCase):
    """The narrative's wording comes from the report's template."""

    def setUp(self):
        from dataclasses import replace

        self.department_layout = replace(
            JIANGXI_2022_UNIT,
            code="test_dept",
            name="测试部门决算",
            level=Level.DEPARTMENT,
            narrative=replace(
                JIANGXI_2022_UNIT.narrative,
                subject="本部门",
                budget_word="全年预算",
                composition_shares=False,
                headings=(
                    ("fiscal", "财政拨款支出决算情况"),
                    ("income", "收入决算情况"),
                    ("expenditure", "支出决算情况"),
                ),
                profile_headings=("部门主要职责", "部门基本情况"),
            ),
        )
        TEMPLATES[self.department_layout.code] = self.department_layout
        self.addCleanup(TEMPLATES.pop, self.department_layout.code)
        self.report = consistent_report()

    def narrative(self):
        from disclosure.document import build_document

        return build_document(Report.objects.get(pk=self.report.pk))

    def test_subject_headings_order_budget_word_and_shares_follow_the_template(self):
        before = self.narrative()
        self.assertIn("本单位2022年度收入总计", before.narrative.text())
        self.assertIn("占", before.narrative.sections[0].paragraphs[1])

        self.report.template_variant = "test_dept"
        self.report.save()
        doc = self.narrative()
        sections = doc.narrative.sections
        self.assertEqual(
            [s.heading for s in sections],
            ["一、财政拨款支出决算情况", "二、收入决算情况", "三、支出决算情况"],
        )
        text = doc.narrative.text()
        self.assertIn("本部门2022年度财政拨款本年支出全年预算数为", text)
        self.assertNotIn("年初预算", text)
        self.assertNotIn("本单位", text)
        self.assertNotIn("，占", sections[1].paragraphs[1])
        self.assertEqual(
            [s.title for s in doc.profile], ["部门主要职责", "部门基本情况"]
        )

    def test_item_shares_and_zero_items_follow_the_template(self):
        from dataclasses import replace

        before = self.narrative().narrative.text()
        self.assertNotIn("占“三公”经费决算数的", before)
        self.assertIn("经营收入0万元", before)
        layout = replace(
            self.department_layout,
            code="test_shares",
            narrative=replace(
                JIANGXI_2022_UNIT.narrative,
                three_public_shares=True,
                omit_zero_items=True,
            ),
        )
        TEMPLATES[layout.code] = layout
        self.addCleanup(TEMPLATES.pop, layout.code)
        self.report.template_variant = layout.code
        self.report.save()
        text = self.narrative().narrative.text()
        self.assertIn("占“三公”经费决算数的", text)
        self.assertNotIn("经营收入0万元", text)

    def test_a_three_public_section_with_nothing_in_it_is_one_sentence(self):
        from disclosure.models import PriorYearFigure, ThreePublicExpenses

        ThreePublicExpenses.objects.filter(report=self.report).update(
            **{f: 0 for f in ThreePublicExpenses.AMOUNT_FIELDS}
        )
        PriorYearFigure.objects.filter(
            report=self.report, key__startswith="three_public"
        ).delete()
        doc = self.narrative()
        section = next(s for s in doc.narrative.sections if "“三公”" in s.title)
        self.assertEqual(len(section.paragraphs), 1)
        self.assertIn("未安排财政拨款“三公”经费预算", section.paragraphs[0])


class VehicleLineTests(TestCase):
    def test_the_central_layout_gives_the_vehicle_line_its_budget_and_completion(self):
        from disclosure.document import build_document

        report = consistent_report()
        before = build_document(report).narrative.text()
        self.assertRegex(before, r"（三）公务用车购置及运行维护费支出[\d.]+万元。其中")
        Report.objects.filter(pk=report.pk).update(template_variant="mof2023_dept")
        text = build_document(Report.objects.get(pk=report.pk)).narrative.text()
        self.assertRegex(
            text, r"（三）公务用车购置及运行维护费支出全年预算数为[\d.]+万元，决算数为"
        )
