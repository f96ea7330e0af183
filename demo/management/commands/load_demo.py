from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.loader import load_demo, load_demo_users


class Command(BaseCommand):
    help = (
        "载入本地演示数据：种子单位 2022 年度决算及 2021 年度比较数、2023 年度草稿、示例单位、"
        "演示用户（固定口令，仅限本地演示）。可重复执行。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="在 DEBUG 关闭时仍然载入（会创建固定口令的演示用户，切勿用于生产环境）。",
        )

    def handle(self, *args, force, **options):
        # The demo users have published passwords; DEBUG off suggests production.
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG 已关闭，可能是生产环境：演示数据包含固定口令的演示用户，已拒绝载入。"
                "如确属本地演示环境，请加 --force 重新执行。"
            )
        with transaction.atomic():
            summary = load_demo()
            users = load_demo_users()
        self.stdout.write(
            f"演示数据已载入：单位 {summary['units']} 个，报告 {summary['reports']} 份"
            f"（已公开 {summary['published']} 份，草稿 {summary['drafts']} 份）。"
        )
        self.stdout.write("演示用户（仅限本地演示，切勿用于生产环境）：")
        for user in users:
            self.stdout.write(
                f"  {user.username} / {user.password}  {user.description}"
            )
