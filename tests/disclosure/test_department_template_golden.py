"""The 江西 2022 部门决算 layout against the real 目录 and wording of docs/templates/jiangxi_2022_dept_consolidated.json.

Only items marked "seen": true are compared; the stored copies normalise
some punctuation to ASCII, so texts are compared without punctuation.
"""

import json
import re
from pathlib import Path

from django.test import TestCase

from disclosure.document import build_document
from disclosure.models import ConsolidationMember
from disclosure.report_templates import (
    JIANGXI_2022_DEPARTMENT,
    JIANGXI_2022_UNIT,
    Kind,
    Level,
    default_template,
)
from tests.disclosure.departments import jiangxi_department

SOURCE = (
    Path(__file__).resolve().parents[2]
    / "docs"
    / "templates"
    / "jiangxi_2022_dept_consolidated.json"
)
PART = re.compile(r"^第[一二三四五六七八九十]+部分")
NUMBERED = re.compile(r"^[一二三四五六七八九十]+、")
# The names in the seen 江西 永修 sentence, which the product's names replace.
YONGXIU_DEPARTMENT = "永修县江上乡人民政府"
YONGXIU_UNITS = "江上乡便民服务中心和江上乡综合执法大队"


def transcription() -> dict:
    return json.loads(SOURCE.read_text(encoding="utf-8"))


def bare(text: str) -> str:
    """Text without whitespace and punctuation, ASCII or full-width."""
    return re.sub(r"[\s,，。.:：;；、()（）“”\"]", "", text)


def toc_groups(lines: list[str]) -> list[tuple[str, list[str]]]:
    """The 目录 as (part line, the numbered lines under it)."""
    groups = []
    for line in lines:
        if PART.match(line):
            groups.append((line, []))
        elif NUMBERED.match(line) and groups:
            groups[-1][1].append(line)
    return groups


class JiangxiDepartmentTemplateTests(TestCase):
    def test_it_is_the_default_for_a_jiangxi_department_and_units_keep_theirs(self):
        self.assertIs(
            default_template("江西", Level.DEPARTMENT, Kind.FINAL, 2022),
            JIANGXI_2022_DEPARTMENT,
        )
        self.assertIs(
            default_template("江西", Level.UNIT, Kind.FINAL, 2022), JIANGXI_2022_UNIT
        )
        self.assertIsNone(JIANGXI_2022_UNIT.table("by_unit"))

    def test_the_unit_layout_keeps_its_part_titles(self):
        titles = [p.printed_title for p in JIANGXI_2022_UNIT.parts("某中心", 2022)]
        self.assertEqual(
            titles,
            [
                "某中心单位概况",
                "2022年度单位决算表",
                "2022年度单位决算情况说明",
                "名词解释",
            ],
        )


class GoldenDepartmentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.source = transcription()
        cls.dept, cls.reports = jiangxi_department(units=2)
        cls.doc = build_document(cls.dept)
        toc = cls.source["toc"]
        assert toc["seen"] is True
        cls.groups = toc_groups(toc["lines"])
        cls.source_unit = cls.source["source"]["unit"]

    def seen_group(self, word: str) -> list[str]:
        return next(items for part, items in self.groups if word in part)

    def test_the_part_titles_are_the_seen_ones_with_the_departments_name(self):
        name = self.dept.unit.name
        wanted = [
            part.replace(self.source_unit, name)
            for part, _ in self.groups
            if "附件" not in part  # 第五部分 附件 is not built
        ]
        printed = [f"{p.number} {p.printed_title}" for p in self.doc.outline]
        self.assertEqual([bare(t) for t in printed], [bare(t) for t in wanted])
        self.assertEqual(printed[0], f"第一部分 {name}概况")

    def test_the_ten_tables_are_the_seen_ones_in_order_then_the_appendix(self):
        wanted = [NUMBERED.sub("", line) for line in self.seen_group("决算表")]
        self.assertEqual(len(wanted), 10)
        self.assertEqual([t.title for t in self.doc.tables[:10]], wanted)
        for table, item in zip(self.doc.tables, self.source["tables"], strict=True):
            self.assertEqual(table.title, item["title"]["value"])
            self.assertIs(item["title"]["seen"], table.code != "附表")
        appendix = self.doc.tables[10]
        self.assertEqual(
            (appendix.code, appendix.title), ("附表", "部门收入支出决算分单位情况表")
        )
        self.assertEqual(self.doc.table("by_unit"), appendix)

    def test_the_profile_headings_are_the_seen_ones(self):
        self.assertEqual([s.heading for s in self.doc.profile], self.seen_group("概况"))

    def test_the_nine_narrative_headings_are_the_seen_ones(self):
        wanted = self.seen_group("情况说明")
        self.assertEqual(len(wanted), 9)
        self.assertEqual([s.heading for s in self.doc.narrative.sections], wanted)

    def test_the_composition_follows_the_seen_jiangxi_sentences(self):
        composition = self.source["composition"]
        self.assertIs(composition["sentence_pattern"]["seen"], True)
        # "{部门简称}共有预算单位{N}个": the 部门决算 sentence seen, up to its first comma.
        head = composition["sentence_pattern"]["value"].split(",")[0]
        # "包括…本级和二级预算单位M个,二级单位分别是A和B。": the 江西 部门预算 sentence seen.
        yongxiu = next(
            w
            for w in composition["other_wordings_seen"]
            if w["region"].startswith("江西") and w["seen"]
        )
        clause = yongxiu["text"][yongxiu["text"].index("包括") :]
        name = self.dept.unit.name
        units = [
            m.unit_name
            for m in self.dept.members.order_by("position")
            if m.mode == ConsolidationMember.Mode.OWN_REPORT
        ]
        self.assertEqual(len(units), 2)
        # The seen clause names two 二级 units too, so its count stays.
        wanted = head.format(部门简称=name, N=3) + clause.replace(
            YONGXIU_DEPARTMENT, name
        ).replace(YONGXIU_UNITS, f"{units[0]}和{units[1]}")
        basics = self.doc.profile[1]
        self.assertEqual(bare(basics.paragraphs[0]), bare(wanted))
        self.assertEqual(
            basics.paragraphs[0],
            f"{name}共有预算单位3个，包括{name}本级和二级预算单位2个，"
            f"二级单位分别是{units[0]}和{units[1]}。",
        )

    def test_the_bodies_and_the_staff_follow_the_composition_as_the_department(self):
        _, organisation, staff = self.doc.profile[1].paragraphs
        self.assertEqual(organisation, "本部门设立2个内设机构，分别是办公室、执法科。")
        # Every unit's headcount: 12 + 22 + 32, of which 10 + 20 + 30 in service.
        self.assertTrue(
            staff.startswith("本部门2022年年末实有人数66人，其中在职人员60人")
        )

    def test_the_department_speaks_as_the_department_and_never_as_a_unit(self):
        text = "\n".join(
            [p for s in self.doc.profile for p in (s.heading, *s.paragraphs)]
            + [self.doc.narrative.text()]
        )
        self.assertIn("本部门2022年度收入总计", text)
        self.assertNotIn("本单位", text)


class CompositionWordingTests(TestCase):
    def basics(self, dept) -> str:
        return build_document(dept).profile[1].paragraphs[0]

    def test_one_unit_below_is_named_with_shi(self):
        dept, reports = jiangxi_department(units=1)
        child = list(reports.values())[1]
        self.assertEqual(
            self.basics(dept),
            f"{dept.unit.name}共有预算单位2个，包括{dept.unit.name}本级和二级预算单位1个，"
            f"二级单位是{child.unit.name}。",
        )

    def test_three_units_are_listed_with_commas_then_he(self):
        dept, reports = jiangxi_department(units=3)
        a, b, c = [r.unit.name for r in list(reports.values())[1:]]
        self.assertIn(f"二级单位分别是{a}、{b}和{c}。", self.basics(dept))

    def test_only_benji_is_one_budget_unit(self):
        dept, _ = jiangxi_department(units=0)
        self.assertEqual(self.basics(dept), f"{dept.unit.name}共有预算单位1个。")

    def test_units_merged_into_benji_are_named_after_the_composition(self):
        dept, _ = jiangxi_department(units=1, merged=2)
        merged = [
            m.unit_name
            for m in dept.members.order_by("position")
            if m.mode == ConsolidationMember.Mode.MERGED
        ]
        self.assertTrue(
            self.basics(dept).endswith(
                f"。{merged[0]}和{merged[1]}未单独编报决算，其收支并入本级反映。"
            )
        )
        wording = transcription()["composition"]["merged_into_benji_wording"]
        self.assertIs(wording["seen"], False)  # the product's own wording

    def test_the_names_are_the_compositions_frozen_ones(self):
        dept, reports = jiangxi_department(units=1, merged=1)
        printed = {m.unit_id: m.unit_name for m in dept.members.all()}
        for report in reports.values():
            report.unit.name = f"{report.unit.name}（已更名）"
            report.unit.save()
        for member in dept.members.filter(mode=ConsolidationMember.Mode.MERGED):
            member.unit.name = "已更名的维护中心"
            member.unit.save()
        text = self.basics(dept)
        self.assertNotIn("已更名", text)
        for name in printed.values():
            self.assertIn(name, text)

    def test_the_composition_is_written_without_a_profile_too(self):
        dept, _ = jiangxi_department(units=1, profiles=False)
        paragraphs = build_document(dept).profile[1].paragraphs
        self.assertIn("共有预算单位2个", paragraphs[0])
        self.assertEqual(paragraphs[1], "本部门尚未填报单位概况。")

    def test_a_unit_report_has_no_composition(self):
        dept, reports = jiangxi_department(units=1)
        unit_report = list(reports.values())[1]
        paragraphs = build_document(unit_report).profile[1].paragraphs
        self.assertNotIn("预算单位", "".join(paragraphs))
