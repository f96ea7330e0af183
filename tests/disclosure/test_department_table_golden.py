"""A consolidated table of a 部门决算 against a real published one.

docs/templates/shanghai_2024_dept_putuo.json transcribes 上海市普陀区财政局
2024年度部门决算 (source in docs/templates.md §6b): its 部门决算单位构成 and
two of its tables. The department of the `department()` scenario, printed in
the 上海 2024 部门 layout, must lay those tables out as the real one does:
title, no printed number, `单位：万元`, no 栏次 row, the same heads nested the
same way, a 合计 row.
"""

import json
import re
from pathlib import Path

from django.test import TestCase

from disclosure.document import build_document
from disclosure.models import ConsolidationMember, Report
from tests.scenarios import department

SOURCE = (
    Path(__file__).resolve().parents[2]
    / "docs"
    / "templates"
    / "shanghai_2024_dept_putuo.json"
)


def heads_of(heads) -> list:
    return [
        {"label": h.text, "children": heads_of(h.children)} if h.children else h.text
        for h in heads
    ]


def transcribed(heads) -> list:
    return [
        {"label": h["label"], "children": transcribed(h["children"])}
        if h.get("children")
        else h["label"]
        for h in heads
    ]


def bare(text: str) -> str:
    return re.sub(r"[\s，。、：:,（）()]", "", text)


class ShanghaiDepartmentTableTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.source = json.loads(SOURCE.read_text(encoding="utf-8"))
        dept, _ = department(units=2, merged=1)
        Report.objects.filter(pk=dept.pk).update(template_variant="sh2024_dept")
        cls.doc = build_document(Report.objects.get(pk=dept.pk))
        cls.dept = dept

    def test_the_two_fund_tables_are_laid_out_as_the_real_report(self):
        first = self.source["tables"][0]
        for item, role in zip(
            self.source["tables"], ("gov_fund", "state_capital"), strict=True
        ):
            with self.subTest(role):
                table = self.doc.table(role)
                self.assertEqual(table.title, item["title"]["value"])
                self.assertFalse(table.code_printed)
                self.assertFalse(table.show_index_row)
                self.assertEqual(
                    f"{table.measure_label}：{table.measure}",
                    item["measure_line"]["value"],
                )
                heads = [h for pane in table.panes for h in pane.heads]
                self.assertEqual(heads_of(heads), transcribed(first["heads"]))
                self.assertIn("合计", [row.label for row in table.rows])

    def test_the_composition_lists_the_same_kinds_of_member_as_the_real_report(self):
        """本级 first, then units 并入本级: the modes the real list's 备注 shows."""
        real = self.source["composition"]["list"]["rows"]
        self.assertTrue(real[0][1].endswith("（本级）"))
        self.assertEqual({row[2] for row in real[1:]}, {"预算不单列，并入本级"})
        members = list(self.dept.members.order_by("position"))
        self.assertEqual(members[0].mode, ConsolidationMember.Mode.SELF)
        self.assertIn(ConsolidationMember.Mode.MERGED, {m.mode for m in members})
        text = bare(" ".join(p for s in self.doc.profile for p in s.paragraphs))
        for member in members:
            self.assertIn(bare(member.unit_name), text)
