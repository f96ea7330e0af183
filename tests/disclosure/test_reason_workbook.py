"""The workbook's 原因说明 section: each slot's key beside its Chinese label, old layouts still read."""

from io import BytesIO

from openpyxl import load_workbook

from disclosure.importers.facts import facts_of
from disclosure.importers.xlsx import import_workbook
from disclosure.reason_labels import reason_label
from tests.disclosure.test_import_xlsx import ImportTestCase, edited, find_row

SHEET = "填报补充"
TITLE = "七、原因说明"


def reason_rows(ws) -> list[tuple]:
    """(key, label, text) of every row of the section, below its header."""
    row = find_row(ws, label=TITLE) + 2
    rows = []
    while ws.cell(row, 1).value:
        rows.append(tuple(ws.cell(row, c).value for c in (1, 2, 3)))
        row += 1
    return rows


class ReasonSectionTests(ImportTestCase):
    def test_every_slot_is_listed_with_its_chinese_label_beside_its_key(self):
        ws = load_workbook(BytesIO(self.content))[SHEET]
        header = find_row(ws, label=TITLE) + 1
        self.assertEqual(
            [ws.cell(header, c).value for c in (1, 2, 3)],
            ["说明项", "说明位置", "原因说明"],
        )
        rows = reason_rows(ws)
        by_key = {key: (label, text) for key, label, text in rows}
        self.assertEqual(by_key["income_total"][0], "收入决算情况说明 本年收入合计")
        for key, label, _text in rows:
            self.assertNotEqual(label, key)
            if ":" not in key:  # a 类's label names it as the narrative does
                self.assertEqual(label, reason_label(key))
        stored = facts_of(self.seed).reasons
        self.assertEqual(
            {key: text for key, (_, text) in by_key.items() if text}, stored
        )

    def test_a_reason_written_beside_its_label_is_imported(self):
        def edit(wb):
            ws = wb[SHEET]
            row = find_row(ws, label=TITLE) + 2
            while ws.cell(row, 1).value != "income_total":
                row += 1
            ws.cell(row, 3).value = "新增拨款。"

        import_workbook(self.target, edited(self.content, edit), self.user)
        self.assertEqual(facts_of(self.target).reasons["income_total"], "新增拨款。")

    def test_a_workbook_exported_before_the_label_column_still_imports(self):
        def edit(wb):
            ws = wb[SHEET]
            header = find_row(ws, label=TITLE) + 1
            row = header
            while ws.cell(row, 1).value:
                ws.cell(row, 2).value = ws.cell(row, 3).value
                ws.cell(row, 3).value = None
                row += 1

        import_workbook(self.target, edited(self.content, edit), self.user)
        self.assertEqual(facts_of(self.target).reasons, facts_of(self.seed).reasons)
