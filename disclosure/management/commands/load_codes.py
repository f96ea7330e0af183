from django.core.management.base import BaseCommand, CommandError

from disclosure.codelists import CodeListError, load_bundled_year


class Command(BaseCommand):
    help = "载入随项目提供的年度政府收支分类科目（默认 2022 年）。可重复执行。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=2022)

    def handle(self, *args, year, **options):
        try:
            counts = load_bundled_year(year)
        except FileNotFoundError as exc:
            raise CommandError(
                f"没有随项目提供 {year} 年度的科目表：{exc.filename}"
            ) from exc
        except CodeListError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{year} 年度科目表已载入：功能分类 {counts['function']} 条，"
            f"部门经济分类 {counts['economic_dept']} 条，政府经济分类 {counts['economic_gov']} 条。"
        )
