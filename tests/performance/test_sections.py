"""The evaluation report's sections follow the report's template (ReportTemplate.performance_sections)."""

from dataclasses import replace
from unittest import mock

from django.test import TestCase
from django.urls import reverse

from disclosure import report_templates
from disclosure.document import build_document
from disclosure.models import Report
from disclosure.report_templates import JIANGXI_2022_UNIT, PERFORMANCE_SECTIONS
from disclosure.rules import check_report
from performance.forms import ProjectForm
from performance.models import REPORT_SECTIONS, Project
from tests.performance.scenarios import evaluated_report
from tests.performance.test_admin import AdminTestCase, change_url
from tests.scenarios import force_status

# A layout like 安徽's: its 自评表 has no evaluation report sections.
WITHOUT_SECTIONS = replace(
    JIANGXI_2022_UNIT,
    code="test_no_sections",
    name="测试模板（绩效自评表无评价报告章节）",
    performance_sections=(),
)
# One that has only 六、其他需要说明的问题.
ONLY_OTHER_MATTERS = replace(
    JIANGXI_2022_UNIT,
    code="test_other_matters",
    name="测试模板（仅有其他需要说明的问题）",
    performance_sections=("other_matters",),
)
HEADINGS = [heading for _name, heading in REPORT_SECTIONS]


class TemplateSectionsMixin:
    def setUp(self):
        super().setUp()
        templates = {t.code: t for t in (WITHOUT_SECTIONS, ONLY_OTHER_MATTERS)}
        patcher = mock.patch.dict(report_templates.TEMPLATES, templates)
        patcher.start()
        self.addCleanup(patcher.stop)

    @staticmethod
    def use_template(report, template):
        report.template_variant = template.code
        report.save(update_fields=["template_variant"])


class TemplateOptionTests(TestCase):
    def test_every_current_template_has_all_six_sections(self):
        for template in report_templates.TEMPLATES.values():
            with self.subTest(template=template.code):
                self.assertEqual(template.performance_sections, PERFORMANCE_SECTIONS)

    def test_the_option_names_the_fields_of_the_report_sections(self):
        self.assertEqual(PERFORMANCE_SECTIONS, tuple(n for n, _h in REPORT_SECTIONS))

    def test_an_unknown_section_is_refused_when_the_template_is_defined(self):
        with self.assertRaises(ValueError):
            replace(JIANGXI_2022_UNIT, performance_sections=("summary",))


class SectionRuleTests(TemplateSectionsMixin, TestCase):
    def setUp(self):
        super().setUp()
        self.report, self.project = evaluated_report()
        for name, _heading in REPORT_SECTIONS:
            setattr(self.project, name, "")
        self.project.save()

    def missing_sections(self):
        return [
            f.message
            for f in check_report(self.report).by_rule("N9-1")
            if f.failed and "评价报告缺少" in f.message
        ]

    def test_the_default_template_asks_for_every_section_but_the_last(self):
        self.assertEqual(len(self.missing_sections()), 5)

    def test_a_template_without_sections_does_not_ask_for_them(self):
        self.use_template(self.report, WITHOUT_SECTIONS)
        self.assertEqual(self.missing_sections(), [])
        findings = check_report(self.report).by_rule("N9-1")
        self.assertEqual([f for f in findings if f.failed], [])

    def test_text_left_in_an_absent_section_is_not_checked(self):
        # 100 分 against a computed total of 100 is fine; 60 分 would be a finding.
        self.project.conclusion = "综合评价为60分。"
        self.project.save()
        failed = [f for f in check_report(self.report).by_rule("N9-3") if f.failed]
        self.assertTrue(failed)
        self.use_template(self.report, WITHOUT_SECTIONS)
        failed = [f for f in check_report(self.report).by_rule("N9-3") if f.failed]
        self.assertEqual(failed, [])


class SectionDocumentTests(TemplateSectionsMixin, TestCase):
    def setUp(self):
        super().setUp()
        self.report, self.project = evaluated_report()

    def sections(self):
        (project,) = build_document(self.report).performance.projects
        return [heading for heading, _text in project.sections]

    def test_the_default_template_prints_all_six(self):
        self.assertEqual(self.sections(), HEADINGS)

    def test_a_template_without_sections_prints_none(self):
        self.use_template(self.report, WITHOUT_SECTIONS)
        self.assertEqual(self.sections(), [])

    def test_a_template_with_only_the_last_prints_it_as_nothing_else(self):
        self.use_template(self.report, ONLY_OTHER_MATTERS)
        (project,) = build_document(self.report).performance.projects
        self.assertEqual(project.sections, (("六、其他需要说明的问题", "无"),))

    def test_the_public_page_does_not_print_absent_headings(self):
        self.use_template(self.report, WITHOUT_SECTIONS)
        force_status(self.report.pk, Report.Status.PUBLISHED)
        self.report.refresh_from_db()
        url = reverse(
            "disclosure:report",
            args=[self.report.fiscal_year.year, self.report.unit.code],
        )
        response = self.client.get(url)

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "城市管理运行维护评价报告")
        self.assertContains(response, "项目支出绩效自评表")
        for heading in HEADINGS:
            self.assertNotContains(response, heading)


class SectionFormTests(TemplateSectionsMixin, AdminTestCase):
    def test_the_form_offers_only_the_templates_sections(self):
        self.use_template(self.report, WITHOUT_SECTIONS)
        self.project.refresh_from_db()
        form = ProjectForm(instance=self.project)
        for name, _heading in REPORT_SECTIONS:
            self.assertNotIn(name, form.fields)
        self.assertIn("annual_fiscal", form.fields)

    def test_the_admin_page_leaves_out_absent_sections_and_still_saves(self):
        self.use_template(self.report, ONLY_OTHER_MATTERS)
        response = self.client.get(change_url(self.project))
        self.assertNotContains(response, 'name="basic_info"')
        self.assertContains(response, 'name="other_matters"')

        response = self.edit(other_matters="无其他需要说明的问题。")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            Project.objects.get(pk=self.project.pk).other_matters,
            "无其他需要说明的问题。",
        )

    def test_the_default_template_offers_every_section(self):
        response = self.client.get(change_url(self.project))
        for name, _heading in REPORT_SECTIONS:
            self.assertContains(response, f'name="{name}"')
