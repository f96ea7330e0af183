"""The public side of 部门决算: its addresses beside the 单位决算, links between the levels, open data."""

import io
import json
import zipfile
from urllib.parse import quote

from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from disclosure.archives import published_reports, write_year_zip
from disclosure.consolidation import pin_sources
from disclosure.models import ConsolidationMember, Report
from disclosure.public_urls import report_url, url_for
from tests.scenarios import department, force_status

Mode = ConsolidationMember.Mode


def publish_department(dept):
    """Pin the units' reports, as submission does, and publish (freezes the snapshot)."""
    pin_sources(dept, None)
    return force_status(dept, Report.Status.PUBLISHED)


def published_department(units=2, *, merged=0, unit_status="published"):
    dept, reports = department(units, merged=merged, status=unit_status)
    return publish_department(dept), reports


def page(year, code, *rest) -> str:
    return "/".join(["", str(year), code, *rest, ""]).replace("//", "/")


class DepartmentPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.dept, reports = published_department(units=2, merged=1)
        cls.head = cls.dept.unit
        cls.year = cls.dept.fiscal_year.year
        cls.own, *cls.children = reports.values()

    def setUp(self):
        cache.clear()

    def test_the_plain_address_shows_the_department_report(self):
        response = self.client.get(page(self.year, self.head.code))
        title = f"{self.head.name}{self.year}年度部门决算"
        self.assertContains(response, f"<title>{title}")
        self.assertContains(response, f"<h1>{title}</h1>", html=True)
        self.assertContains(response, "部门决算单位构成")
        self.assertEqual(response.context["report"], self.dept)

    def test_the_unit_address_shows_the_departments_own_unit_report(self):
        response = self.client.get(page(self.year, self.head.code, "unit"))
        self.assertEqual(response.context["report"], self.own)
        self.assertContains(response, f"<h1>{self.head.name} {self.year} 年度决算</h1>")
        self.assertContains(response, "单位决算公开（本级）")
        self.assertNotContains(response, "部门决算单位构成")

    def test_each_level_has_its_revision_address(self):
        first = self.client.get(page(self.year, self.head.code, "r1"))
        self.assertEqual(first.context["report"], self.dept)
        own = self.client.get(page(self.year, self.head.code, "unit", "r1"))
        self.assertEqual(own.context["report"], self.own)
        for missing in ("r2", "unit/r2"):
            with self.subTest(missing=missing):
                response = self.client.get(page(self.year, self.head.code, missing))
                self.assertEqual(response.status_code, 404)

    def test_the_url_names_give_both_forms(self):
        self.assertEqual(
            reverse("disclosure:unit_level_report", args=[self.year, self.head.code]),
            page(self.year, self.head.code, "unit"),
        )
        self.assertEqual(report_url(self.dept), page(self.year, self.head.code))
        self.assertEqual(report_url(self.own), page(self.year, self.head.code, "unit"))
        child = self.children[0]
        self.assertEqual(report_url(child), page(self.year, child.unit.code))
        self.assertEqual(
            report_url(self.own, "table_csv_revision", "t05"),
            f"/{self.year}/{self.head.code}/unit/r1/tables/t05.csv",
        )
        self.assertEqual(
            url_for("report_pdf", self.year, self.head.code, unit_form=True),
            f"/{self.year}/{self.head.code}/unit/report.pdf",
        )

    def test_downloads_answer_under_both_addresses_in_every_form(self):
        code, year = self.head.code, self.year
        for report, base in (
            (self.dept, f"/{year}/{code}/"),
            (self.own, f"/{year}/{code}/unit/"),
        ):
            for revision in ("", "r1/"):
                for name in (
                    "report.pdf",
                    "report.xlsx",
                    "report.json",
                    "tables/t01.csv",
                ):
                    url = f"{base}{revision}{name}"
                    with self.subTest(url=url):
                        response = self.client.get(url)
                        self.assertEqual(response.status_code, 200)
            data = json.loads(self.client.get(f"{base}report.json").content)
            self.assertEqual(data["report"]["level"], report.level)

    def test_a_department_download_is_named_as_one(self):
        response = self.client.get(f"/{self.year}/{self.head.code}/report.pdf")
        name = f"{self.head.name}{self.year}年度部门决算.pdf"
        self.assertIn(quote(name), response["Content-Disposition"])
        self.assertIn(
            f'filename="{self.head.code}-{self.year}-department.pdf"',
            response["Content-Disposition"],
        )
        own = self.client.get(f"/{self.year}/{self.head.code}/unit/report.pdf")
        self.assertIn(
            f'filename="{self.head.code}-{self.year}.pdf"', own["Content-Disposition"]
        )

    def test_the_own_unit_report_links_its_own_files(self):
        response = self.client.get(page(self.year, self.head.code, "unit"))
        base = f"/{self.year}/{self.head.code}/unit/"
        # The frozen body's CSV links, and the downloads around it.
        self.assertContains(response, f'href="{base}r1/tables/t01.csv"')
        self.assertContains(response, f'href="{base}report.pdf"')
        self.assertNotContains(
            response, f'href="/{self.year}/{self.head.code}/report.pdf"'
        )
        department = self.client.get(page(self.year, self.head.code))
        self.assertContains(
            department, f'href="/{self.year}/{self.head.code}/r1/tables/t01.csv"'
        )
        self.assertNotContains(department, f'href="{base}r1/tables/t01.csv"')

    def test_the_composition_lists_the_members_and_links_their_reports(self):
        response = self.client.get(page(self.year, self.head.code))
        members = list(self.dept.members.order_by("position"))
        rows = response.context["members"]
        self.assertEqual([r.name for r in rows], [m.unit_name for m in members])
        self.assertEqual(
            [r.mode for r in rows],
            [Mode.SELF, Mode.OWN_REPORT, Mode.OWN_REPORT, Mode.MERGED],
        )
        self.assertEqual(rows[0].url, page(self.year, self.head.code, "unit"))
        self.assertEqual(
            [r.url for r in rows[1:3]],
            [page(self.year, c.unit.code) for c in self.children],
        )
        self.assertEqual(rows[3].url, "")
        self.assertContains(response, f"{members[3].unit_name}（并入本级编报）")
        self.assertContains(response, "（预算单列）")

    def test_the_own_unit_report_links_the_department_report(self):
        response = self.client.get(page(self.year, self.head.code, "unit"))
        self.assertContains(
            response,
            f'<a href="{page(self.year, self.head.code)}">查看本部门 {self.year} 年度部门决算</a>',
            html=True,
        )

    def test_a_budget_unit_links_its_departments_report(self):
        child = self.children[0]
        response = self.client.get(page(self.year, child.unit.code))
        self.assertContains(
            response,
            f'<a href="{page(self.year, self.head.code)}">'
            f"查看{self.head.name} {self.year} 年度部门决算</a>",
            html=True,
        )

    def test_the_two_levels_are_cached_apart(self):
        department = self.client.get(page(self.year, self.head.code)).content
        own = self.client.get(page(self.year, self.head.code, "unit")).content
        self.assertNotEqual(department, own)
        with CaptureQueriesContext(connection) as queries:
            again = self.client.get(page(self.year, self.head.code, "unit")).content
        self.assertEqual(again, own)
        self.assertLessEqual(len(queries), 2)

    def test_the_unit_page_lists_both_levels_of_the_year(self):
        response = self.client.get(reverse("disclosure:unit", args=[self.head.code]))
        self.assertContains(
            response,
            f'<a href="{page(self.year, self.head.code)}">部门决算</a>',
            html=True,
        )
        self.assertContains(
            response,
            f'<a href="{page(self.year, self.head.code, "unit")}">单位决算（本级）</a>',
            html=True,
        )

    def test_a_departments_search_result_links_its_department_report(self):
        response = self.client.get(reverse("disclosure:home"), {"q": self.head.name})
        self.assertContains(response, f'href="{page(self.year, self.head.code)}"')
        self.assertEqual(response.context["results"].paginator.count, 1)

    def test_browsing_the_year_lists_a_department_once(self):
        response = self.client.get(
            reverse("disclosure:home"),
            {"department": self.head.code, "year": self.year},
        )
        units = [item.unit for item in response.context["results"].object_list]
        self.assertEqual(units.count(self.head), 1)
        coverage = response.context["department_coverage"]
        self.assertEqual((coverage.published, coverage.units), (3, 4))

    def test_peers_compare_unit_reports_only_and_link_the_own_unit_report(self):
        response = self.client.get(
            reverse("disclosure:peer_compare", args=[self.year]),
            {"by": "department", "unit": self.head.code},
        )
        self.assertEqual(response.context["peers"].subject, self.own)
        reports = [row.report for row in response.context["rows"]]
        self.assertNotIn(self.dept, reports)
        self.assertContains(
            response, f'href="{page(self.year, self.head.code, "unit")}"'
        )

    def test_the_department_report_is_compared_across_years_by_level(self):
        url = reverse("disclosure:unit_compare", args=[self.head.code])
        response = self.client.get(url, {"level": "department"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["comparison"].reports, (self.dept,))
        self.assertContains(response, "部门决算历年主要指标对比")
        self.assertContains(
            response, f'<a href="{url}">单位决算（本级）</a>', html=True
        )
        self.assertContains(response, f'href="{page(self.year, self.head.code)}"')
        unit_level = self.client.get(url)
        self.assertEqual(unit_level.context["comparison"].reports, (self.own,))
        self.assertContains(
            unit_level, f'<a href="{url}?level=department">部门决算</a>', html=True
        )

    def test_a_bad_level_gets_a_chinese_message(self):
        url = reverse("disclosure:unit_compare", args=[self.head.code])
        response = self.client.get(url, {"level": "部门<"})
        self.assertContains(
            response, "层级参数 level 的值“部门&lt;”无效", status_code=400
        )

    def test_the_json_carries_the_level_and_the_composition(self):
        data = json.loads(
            self.client.get(f"/{self.year}/{self.head.code}/report.json").content
        )
        self.assertEqual(data["report"]["level"], "department")
        self.assertEqual(data["report"]["level_label"], "部门决算")
        self.assertEqual(
            data["report"]["title"], f"{self.head.name}{self.year}年度部门决算"
        )
        members = list(self.dept.members.order_by("position"))
        self.assertEqual(
            [(m["name"], m["mode"]) for m in data["composition"]["members"]],
            [(m.unit_name, m.mode) for m in members],
        )
        self.assertEqual(data["composition"]["members"][0]["source_revision"], 1)
        self.assertIsNone(data["composition"]["members"][3]["source_revision"])
        self.assertEqual(data["links"]["page"], page(self.year, self.head.code, "r1"))
        own = json.loads(
            self.client.get(f"/{self.year}/{self.head.code}/unit/report.json").content
        )
        self.assertEqual((own["report"]["level"], own["composition"]), ("unit", None))
        self.assertEqual(
            own["links"]["pdf"], f"/{self.year}/{self.head.code}/unit/r1/report.pdf"
        )
        self.assertTrue(
            all("/unit/r1/tables/" in t["csv"] for t in own["tables"]),
            own["tables"][0]["csv"],
        )

    def test_the_year_index_tells_the_two_levels_apart(self):
        out = io.BytesIO()
        write_year_zip(self.year, published_reports(self.year), out)
        archive = zipfile.ZipFile(out)
        index = json.loads(archive.read(f"{self.year}/index.json"))
        entries = [r for r in index["reports"] if r["unit_code"] == self.head.code]
        self.assertEqual(
            [(e["level"], e["level_label"]) for e in entries],
            [("unit", "单位决算"), ("department", "部门决算")],
        )
        self.assertEqual(entries[0]["files"]["json"], f"{self.head.code}/report.json")
        self.assertEqual(
            entries[1]["files"]["json"], f"{self.head.code}/department/report.json"
        )
        self.assertEqual(
            archive.read(f"{self.year}/{self.head.code}/department/report.json"),
            self.client.get(f"/{self.year}/{self.head.code}/report.json").content,
        )


class FallbackTests(TestCase):
    """Without a public 部门决算 the plain address is the unit's 单位决算, as it always was."""

    @classmethod
    def setUpTestData(cls):
        cls.dept, reports = department(units=1, status="published")
        cls.head = cls.dept.unit
        cls.year = cls.dept.fiscal_year.year
        cls.own = reports[cls.head.code]

    def test_the_plain_address_shows_the_unit_report(self):
        for address in (
            page(self.year, self.head.code),
            page(self.year, self.head.code, "r1"),
        ):
            with self.subTest(address=address):
                response = self.client.get(address)
                self.assertEqual(response.context["report"], self.own)
                self.assertNotContains(response, "年度部门决算")
        response = self.client.get(f"/{self.year}/{self.head.code}/report.json")
        self.assertEqual(json.loads(response.content)["report"]["level"], "unit")

    def test_the_unit_page_and_the_json_link_the_unit_address(self):
        response = self.client.get(reverse("disclosure:unit", args=[self.head.code]))
        self.assertContains(
            response,
            f'<a href="{page(self.year, self.head.code, "unit")}">单位决算（本级）</a>',
            html=True,
        )
        self.assertNotContains(response, ">部门决算</a>")


class NotPublicTests(TestCase):
    """A public 部门决算 whose units' own reports are not public (yet)."""

    @classmethod
    def setUpTestData(cls):
        dept, _ = department(units=1, status="approved")
        cls.dept = publish_department(dept)
        cls.head = dept.unit
        cls.year = dept.fiscal_year.year

    def test_the_unit_address_is_a_404_that_says_why(self):
        message = f"单位 {self.head.code} 没有已公开的 {self.year} 年度单位决算。"
        for address in (
            page(self.year, self.head.code, "unit"),
            f"/{self.year}/{self.head.code}/unit/report.pdf",
            f"/{self.year}/{self.head.code}/unit/tables/t01.csv",
        ):
            with self.subTest(address=address):
                response = self.client.get(address)
                self.assertContains(response, message, status_code=404)
        response = self.client.get(page(self.year, self.head.code, "unit", "r1"))
        self.assertContains(response, "单位决算没有已公开的第 1 版", status_code=404)

    def test_members_without_a_public_report_are_not_linked(self):
        response = self.client.get(page(self.year, self.head.code))
        self.assertEqual(response.status_code, 200)
        self.assertEqual([row.url for row in response.context["members"]], ["", ""])


class QueryCountTests(TestCase):
    def count(self, units: int) -> int:
        dept, _ = published_department(units=units)
        address = page(dept.fiscal_year.year, dept.unit.code)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(address)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(response.context["members"]), units + 1)
        return len(queries)

    def test_the_department_page_costs_the_same_for_two_units_and_for_eight(self):
        self.assertEqual(self.count(2), self.count(8))

    def test_the_unit_page_of_a_budget_unit_costs_one_query_more_at_most(self):
        dept, reports = published_department(units=1)
        child = list(reports.values())[1]
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            self.client.get(page(child.fiscal_year.year, child.unit.code))
        # The report, its years, revisions, files, trend, the 部门决算 link,
        # and the generation.
        self.assertLessEqual(len(queries), 8)
