"""List every report template this installation supports.

    python manage.py templates

One line each: code, region, level, kind, first year, number of tables, name.
"""

from django.core.management.base import BaseCommand

from disclosure.report_templates import TEMPLATES


class Command(BaseCommand):
    help = "列出本系统支持的全部公开模板（编码、地区、层级、类型、起始年度、表数）。"

    def handle(self, *args, **options):
        rows = [("编码", "地区", "层级", "类型", "起始年度", "表数", "名称")]
        for t in sorted(TEMPLATES.values(), key=lambda t: (t.region, t.first_year)):
            rows.append(
                (
                    t.code,
                    t.region,
                    t.level.label,
                    t.kind.label,
                    str(t.first_year),
                    str(len(t.tables)),
                    t.name,
                )
            )
        widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write(
                "  ".join(
                    _pad(cell, width) for cell, width in zip(row, widths, strict=True)
                )
            )
        self.stdout.write(f"共 {len(TEMPLATES)} 个模板。")


def _width(text: str) -> int:
    # A Chinese character takes two columns of a terminal.
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
