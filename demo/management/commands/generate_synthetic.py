from django.core.management.base import BaseCommand, CommandError

from demo.synthetic import SyntheticDataRefused, generate


class Command(BaseCommand):
    help = (
        "生成性能测试用的大规模合成数据（默认 10000 个单位 × 3 个年度）：单位编码以 SYN 开头、"
        "名称以“合成测试”开头，全部报告已公开且各表勾稽一致。不属于演示数据；"
        "重新生成会先删除已有的合成数据。数据库中有非合成单位时拒绝执行，除非加 --force。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--units",
            type=int,
            default=10_000,
            help="单位总数（含主管部门），默认 10000。",
        )
        parser.add_argument("--years", type=int, default=3, help="年度数，默认 3。")
        parser.add_argument(
            "--end-year",
            type=int,
            default=2022,
            help="最后一个年度，默认 2022；年度为 end-year 及其前 years−1 年。",
        )
        parser.add_argument(
            "--departments",
            type=int,
            default=None,
            help="主管部门数，默认每 50 个单位一个（10000 个单位即 200 个部门）。",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=1,
            help="随机种子；相同的参数和种子生成完全相同的数据。",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="数据库中已有非合成单位（真实或演示数据）时仍然生成。",
        )

    def handle(self, *args, units, years, end_year, departments, seed, force, **opts):
        if units < 1:
            raise CommandError(f"--units 应至少为 1，现为 {units}。")
        if not 1 <= years <= 20:
            raise CommandError(f"--years 应在 1 至 20 之间，现为 {years}。")
        if not 2000 + years - 1 <= end_year <= 2100:
            raise CommandError(
                f"--end-year 应在 {2000 + years - 1} 至 2100 之间，现为 {end_year}。"
            )
        if departments is not None and not 1 <= departments <= units:
            raise CommandError(
                f"--departments 应在 1 至单位总数 {units} 之间，现为 {departments}。"
            )
        verbose = opts.get("verbosity", 1) > 1 or units >= 1000

        def progress(done, total):
            if verbose:
                self.stdout.write(f"已生成 {done}/{total} 个单位的报告……")

        try:
            summary = generate(
                units=units,
                years=years,
                end_year=end_year,
                departments=departments,
                seed=seed,
                force=force,
                progress=progress,
            )
        except SyntheticDataRefused as exc:
            raise CommandError(str(exc)) from exc
        if summary.replaced_units:
            self.stdout.write(f"已删除原有合成单位 {summary.replaced_units} 个。")
        first = end_year - years + 1
        self.stdout.write(
            f"合成数据已生成：主管部门 {summary.departments} 个，单位共 {summary.units} 个，"
            f"{first}–{end_year} 年度决算报告 {summary.reports} 份（全部已公开），"
            f"明细及其他记录 {summary.rows} 行，用时 {summary.seconds:.1f} 秒。"
        )
