from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from disclosure.codelist_changes import (
    create_year_from_previous,
    read_change_file,
    summary,
)
from disclosure.codelists import CodeListError


class Command(BaseCommand):
    help = (
        "由上年度科目表生成某年度的政府收支分类科目表，并应用财政部公布的科目变动表"
        "（CSV 或 XLSX，列 action,code,name,parent_code,new_code）。全部正确才写入。"
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="要生成的年度，例如 2023。")
        parser.add_argument(
            "--changes",
            type=Path,
            help="科目变动表文件；不给出时只沿用上年度科目表。",
        )

    def handle(self, *args, year, changes, **options):
        rows = None
        if changes is not None:
            try:
                content = changes.read_bytes()
            except OSError as exc:
                raise CommandError(f"无法读取变动表文件：{changes}") from exc
        try:
            if changes is not None:
                rows = read_change_file(changes.name, content)
            results = create_year_from_previous(year, rows)
        except CodeListError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(summary(year, results))
