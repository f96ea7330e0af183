"""Publication day: a wave of approved reports scheduled for one minute, while the public reads.

    python bench/publication_day.py                    # PostgreSQL jsgk_bench_wave, 300 reports
    python bench/publication_day.py --wave 100 --job-workers 1
    python bench/publication_day.py --cache-url locmemcache://

What it does, in one run on this machine:

1. creates and migrates the database if needed and fills it with the synthetic
   set (`generate_synthetic`, 2 years) unless it holds enough units; puts
   `--wave` reports of the last year back to 已审核 (their snapshots removed),
   and freezes a few reports of the year before for the readers;
2. starts gunicorn (`--workers`, the shared cache `--cache-url`, Redis by
   default) and `--job-workers` processes of `manage.py db_worker`;
3. measures the cached report page (gzip, as a browser asks) against the
   trivial view `/bench/ping`: throughput with several connections;
4. reads public pages with wrk (report pages, the home page, a unit page) for
   `--duration` seconds: latency outside the wave;
5. schedules the wave for the next whole minute that leaves time to freeze it
   (one batch job per job worker, through `schedule_in_background`, as the
   admin's batch action does) and times the freezing;
6. at the minute, reads the same pages with wrk again across the moment, and
   polls the database and a wave report's public URL: the time until all
   reports are public, and until the first is served;
7. prints p50 / p95 of the public pages outside and during the wave, errors
   (wrk's non-2xx/3xx and socket errors, and failed jobs), and the figures as
   a Markdown table for bench/publication_day.md.

Requires wrk (apt-get install wrk) and, for the default cache, Redis on
127.0.0.1:6379. Nothing leaves 127.0.0.1.
"""

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from public_site import (  # noqa: E402
    ROOT,
    WRK_SCRIPT,
    Server,
    ensure_database,
    free_port,
    manage,
    setup_django,
    wrk,
)

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/jsgk_bench_wave"
READERS = 20  # published reports of the year before, read during the wave
GZIP = {"Accept-Encoding": "gzip"}  # as a browser asks


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE)
    parser.add_argument("--units", type=int, default=400)
    parser.add_argument("--wave", type=int, default=300)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--job-workers", type=int, default=2)
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument(
        "--freeze-seconds",
        type=float,
        default=2.0,
        help="expected seconds to freeze one report, to choose the minute",
    )
    args = parser.parse_args()
    args.port = args.port or free_port()
    return args


def prepare(args) -> dict:
    """The wave (已审核, unfrozen), the readers' pages (frozen) and the supervisor."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from demo.synthetic import synthetic_units
    from disclosure import public_cache, snapshots
    from disclosure.models import Report, generated_data_reset
    from jobs.models import Job

    manage("migrate", "--noinput", "-v0")
    if synthetic_units().count() < args.units:
        seconds = manage(
            "generate_synthetic", f"--units={args.units}", "--years=2", "--force"
        )
        print(f"generate_synthetic: {seconds:.0f} s", flush=True)
    year = Report.objects.filter(unit__in=synthetic_units()).latest("fiscal_year__year")
    year = year.fiscal_year.year
    wave = list(
        Report.objects.filter(
            unit__in=synthetic_units(), fiscal_year__year=year, revision=1
        )
        .order_by("unit__code")
        .values_list("pk", flat=True)[: args.wave]
    )
    if len(wave) < args.wave:
        raise SystemExit(f"only {len(wave)} reports of {year}; raise --units")
    with generated_data_reset():
        reports = Report.objects.filter(pk__in=wave)
        snapshots.delete_snapshots(reports)
        reports.update(
            status=Report.Status.APPROVED,
            published_at=None,
            published_by=None,
            scheduled_for=None,
            scheduled_by=None,
            approved_at=timezone.now(),
        )
    Job.objects.all().delete()
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()
    readers = list(
        Report.objects.published()
        .filter(unit__in=synthetic_units(), fiscal_year__year=year - 1)
        .select_related("unit", "fiscal_year")
        .order_by("unit__code")[:READERS]
    )
    for report in readers:
        snapshots.freeze(report)
    public_cache.bump()
    user, _ = get_user_model().objects.get_or_create(
        username="bench-supervisor",
        defaults={"is_staff": True, "is_superuser": True},
    )
    first = Report.objects.select_related("unit").get(pk=wave[0])
    return {
        "year": year,
        "wave": wave,
        "user": user,
        "pages": [f"/{year - 1}/{r.unit.code}/" for r in readers]
        + ["/", f"/units/{readers[0].unit.code}/"],
        "watched": f"/{year}/{first.unit.code}/",
    }


def reader_script(paths: list[str], directory: Path) -> Path:
    """A wrk script that cycles through `paths` as a browser asks (gzip)."""
    listed = ", ".join(f'"{p}"' for p in paths)
    script = directory / "readers.lua"
    script.write_text(
        f"local paths = {{{listed}}}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i % #paths + 1\n"
        '  return wrk.format("GET", paths[i], {["Accept-Encoding"] = "gzip"})\n'
        "end\n" + WRK_SCRIPT
    )
    return script


def one_page_script(directory: Path) -> Path:
    script = directory / "gzip.lua"
    script.write_text('wrk.headers["Accept-Encoding"] = "gzip"\n' + WRK_SCRIPT)
    return script


class JobWorkers:
    def __init__(self, args, log: Path):
        env = {**os.environ, "DATABASE_URL": args.database_url}
        env["CACHE_URL"] = args.cache_url
        self.log = log.open("w")
        self.processes = [
            subprocess.Popen(
                [
                    sys.executable,
                    str(ROOT / "manage.py"),
                    "db_worker",
                    "--queue-name=*",
                    "--no-reload",
                    "--interval=0.2",
                    f"--worker-id=bench-{n}",
                ],
                cwd=ROOT,
                env=env,
                stdout=self.log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            for n in range(args.job_workers)
        ]

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            process.wait(timeout=60)
        self.log.close()


def schedule_wave(args, data) -> tuple[datetime.datetime, float]:
    """Queue one batch job per job worker; the moment leaves time to freeze them all."""
    from django.utils import timezone

    from disclosure.background import schedule_in_background
    from disclosure.models import Report

    # --freeze-seconds per report and worker, and half a minute to spare.
    needed = 30 + args.freeze_seconds * len(data["wave"]) / args.job_workers
    moment = timezone.now() + datetime.timedelta(seconds=needed + 60)
    moment = moment.replace(second=0, microsecond=0)
    reports = list(
        Report.objects.filter(pk__in=data["wave"]).select_related("unit", "fiscal_year")
    )
    size = -(-len(reports) // args.job_workers)
    started = time.monotonic()
    for n in range(0, len(reports), size):
        schedule_in_background(reports[n : n + size], data["user"], moment)
    return moment, started


def wait_prepared(data, started: float) -> tuple[float, int]:
    from disclosure.models import Report
    from jobs.models import Job

    while True:
        jobs = Job.objects.filter(kind="schedule")
        if not jobs.filter(status__in=Job.ACTIVE_STATUSES).exists():
            break
        time.sleep(0.5)
    seconds = time.monotonic() - started
    failed = sum(len(j.problems) for j in jobs)
    prepared = Report.objects.filter(
        pk__in=data["wave"], scheduled_for__isnull=False
    ).count()
    print(f"froze {prepared} reports in {seconds:.1f} s ({failed} failed)", flush=True)
    return seconds, failed


def watch_moment(server, data, moment) -> dict:
    """Seconds from the moment until all are public in the database, and until served."""
    from django.db import connection
    from django.utils import timezone

    from disclosure.models import Report

    wave = data["wave"]
    all_public = first_served = None
    deadline = moment + datetime.timedelta(minutes=5)
    while timezone.now() < deadline and (all_public is None or first_served is None):
        now = timezone.now()
        if all_public is None:
            public = Report.objects.filter(
                pk__in=wave, status=Report.Status.PUBLISHED
            ).count()
            connection.close()  # a fresh snapshot of the database each time
            if public == len(wave):
                all_public = (now - moment).total_seconds()
        if first_served is None:
            try:
                if server.get(data["watched"]) == 200:
                    first_served = (timezone.now() - moment).total_seconds()
            except OSError:
                pass
        time.sleep(0.05)
    return {"all_public": all_public, "first_served": first_served}


def main():
    args = parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    ensure_database(args.database_url)
    setup_django(args.database_url, args.cache_url)
    data = prepare(args)
    logs = ROOT / "var" / "bench"
    logs.mkdir(parents=True, exist_ok=True)
    server = Server(args, args.cache_url, logs / "gunicorn-wave.log")
    workers = JobWorkers(args, logs / "db-worker-wave.log")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            readers = reader_script(data["pages"], tmp)
            gzip = one_page_script(tmp)
            for path in data["pages"]:
                server.get(path)
            page = server.url + data["pages"][0]
            wrk(page, 3, args.workers * 2, gzip, GZIP)  # warm every worker
            ceiling = wrk(
                server.url + "/bench/ping", args.duration, args.connections, gzip, GZIP
            )
            cached = wrk(page, args.duration, args.connections, gzip, GZIP)
            print(
                f"trivial {ceiling['rps']:.0f} req/s, cached report page "
                f"{cached['rps']:.0f} req/s "
                f"({100 * cached['rps'] / ceiling['rps']:.0f} %)",
                flush=True,
            )
            quiet = wrk(server.url + "/", args.duration, args.connections, readers, {})
            print(
                f"outside the wave: p50 {quiet['p50']:.1f} ms, "
                f"p95 {quiet['p95']:.1f} ms",
                flush=True,
            )
            moment, started = schedule_wave(args, data)
            print(
                f"wave of {len(data['wave'])} scheduled for {moment:%H:%M} UTC",
                flush=True,
            )
            prepared, failed = wait_prepared(data, started)
            from django.utils import timezone

            lead = (moment - timezone.now()).total_seconds() - 5
            if lead > 0:
                time.sleep(lead)
            during = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "import sys, json; sys.path.insert(0, sys.argv[1]);"
                    "from public_site import wrk;"
                    "from pathlib import Path;"
                    "print(json.dumps(wrk(sys.argv[2], int(sys.argv[3]),"
                    " int(sys.argv[4]), Path(sys.argv[5]), {})))",
                    str(Path(__file__).parent),
                    server.url + "/",
                    str(args.duration + 15),
                    str(args.connections),
                    str(readers),
                ],
                stdout=subprocess.PIPE,
                text=True,
            )
            times = watch_moment(server, data, moment)
            import json

            wave_load = json.loads(during.communicate()[0].strip().splitlines()[-1])
    finally:
        workers.stop()
        server.stop()
    from jobs.models import Job

    moment_job = Job.objects.filter(kind="publish_due").first()
    errors = (
        quiet["errors"] + wave_load["errors"] + ceiling["errors"] + cached["errors"]
    )
    print()
    print(
        "| wave | froze in | all public after the minute | first served | "
        "p50 / p95 outside | p50 / p95 during | errors | failed jobs items | "
        "cached page vs trivial |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {len(data['wave'])} | {prepared:.0f} s | {times['all_public']:.2f} s | "
        f"{times['first_served']:.2f} s | {quiet['p50']:.1f} / {quiet['p95']:.1f} ms | "
        f"{wave_load['p50']:.1f} / {wave_load['p95']:.1f} ms | {errors} | "
        f"{failed + len(moment_job.problems if moment_job else [])} | "
        f"{cached['rps']:.0f} / {ceiling['rps']:.0f} req/s "
        f"({100 * cached['rps'] / ceiling['rps']:.0f} %) |"
    )
    if moment_job:
        print(
            f"moment job: {moment_job.message} "
            f"({(moment_job.finished_at - moment_job.started_at).total_seconds():.2f} s "
            f"from start to finish; started "
            f"{(moment_job.started_at - moment).total_seconds():.2f} s after the minute)"
        )


if __name__ == "__main__":
    main()
