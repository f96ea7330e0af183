"""Requests per second and latency of the public site, against gunicorn on 127.0.0.1.

    python bench/public_site.py                   # PostgreSQL database jsgk_bench
    python bench/public_site.py --duration 5 --workers 2
    python bench/public_site.py --cache-url redis://127.0.0.1:6379/14 --only report
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/other python bench/public_site.py

What it does:

1. creates the database if missing, migrates it, and fills it with the
   synthetic set (`manage.py generate_synthetic`, 10,000 units × 3 years by
   default) unless it already holds that many synthetic units;
2. measures each page in this process first (Django test client, no HTTP):
   queries per request and the median server time, which the other load on
   the machine disturbs less than an HTTP benchmark;
3. starts gunicorn twice on 127.0.0.1 with production-like settings (DEBUG
   off, whitenoise, CONN_MAX_AGE): once with a local-memory cache (or the
   cache of `--cache-url`, e.g. Redis), once with the dummy cache (every report
   page rendered from scratch);
4. runs `wrk` against each page for a bounded time: throughput with several
   connections, then latency with one connection (each request then measures
   the server's own time, not time spent queueing behind other requests).

Pages: a trivial view (`/bench/ping`, only routed when BENCH_PING=1: the
ceiling of Django with its middleware), `/healthz` (one query), the home page,
searches over all unit names (`/?q=`), and a report page (a median-sized
report and the largest one) cached and uncached. The cached report page and
the home page are also requested with `Accept-Encoding: gzip` as a browser
does (the other rows send no Accept-Encoding: compression off); "sent" is the
body's size as sent.

Requires `wrk` (apt-get install wrk). Nothing leaves 127.0.0.1.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/jsgk_bench"
HOST = "127.0.0.1"

# Production-like settings for every process the benchmark starts.
SERVER_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": HOST,
    "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    # Plain HTTP on 127.0.0.1: no redirect to HTTPS, cookies over HTTP.
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "SECURE_HSTS_SECONDS": "0",
    "CONN_MAX_AGE": "600",
    "LOG_LEVEL": "WARNING",
    "BENCH_PING": "1",
}

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration=%d status=%d socket=%d p50=%d p95=%d p99=%d\\n",
    summary.requests, summary.duration, e.status,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""
WRK_LINE = re.compile(
    r"BENCH requests=(\d+) duration=(\d+) status=(\d+) socket=(\d+) "
    r"p50=(\d+) p95=(\d+) p99=(\d+)"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE)
    )
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument(
        "--worker-class", default="sync", help="gunicorn worker class (sync, gthread)"
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument(
        "--connections", type=int, default=8, help="wrk connections (throughput)"
    )
    parser.add_argument(
        "--port", type=int, default=0, help="default: a free port on 127.0.0.1"
    )
    parser.add_argument(
        "--runs", type=int, default=15, help="in-process requests per page"
    )
    parser.add_argument(
        "--cache-url",
        default="locmemcache://",
        help="CACHE_URL of the cached server and the in-process pass, e.g. "
        "redis://127.0.0.1:6379/14 (a Redis database the benchmark may flush)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="wrk runs per page, taking turns; the median round is reported",
    )
    parser.add_argument(
        "--only",
        nargs="*",
        default=[],
        help="only pages whose label contains one of these words "
        "(the trivial view always runs)",
    )
    args = parser.parse_args()
    args.port = args.port or free_port()
    return args


def setup_django(database_url: str, cache_url: str):
    os.environ.update(SERVER_ENV)
    os.environ["DATABASE_URL"] = database_url
    os.environ["CACHE_URL"] = cache_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def ensure_database(database_url: str):
    """Create the PostgreSQL database when it does not exist yet."""
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    server = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def manage(*args: str) -> float:
    started = time.monotonic()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], check=True, cwd=ROOT
    )
    return time.monotonic() - started


def prepare_data(args) -> None:
    from demo.synthetic import synthetic_units

    manage("migrate", "--noinput", "-v0")
    have = synthetic_units().count()
    if have >= args.units:
        print(f"{have} synthetic units present; not regenerating")
        return
    seconds = manage(
        "generate_synthetic",
        f"--units={args.units}",
        f"--years={args.years}",
        f"--seed={args.seed}",
    )
    print(f"generate_synthetic: {seconds:.0f} s")


def pick_targets(args) -> dict:
    """A median-sized and the largest synthetic report of the last year, and searches."""
    from django.db.models import Count

    from demo.synthetic import synthetic_units
    from disclosure import snapshots
    from disclosure.models import Report

    year = Report.objects.filter(unit__in=synthetic_units()).latest("fiscal_year__year")
    year = year.fiscal_year.year
    reports = list(
        Report.objects.published()
        .filter(unit__in=synthetic_units(), fiscal_year__year=year)
        .annotate(lines=Count("expenditure_lines"))
        .order_by("lines", "unit__code")
        .values_list("unit__code", "lines")
    )
    median_code, median_lines = reports[len(reports) // 2]
    large_code, large_lines = reports[-1]
    # The synthetic set is loaded as already published, without snapshots;
    # the two report pages measured are frozen as `freeze_snapshots` would.
    for code in (median_code, large_code):
        snapshots.freeze(
            Report.objects.published().get(unit__code=code, fiscal_year__year=year)
        )
    units = synthetic_units().count()
    one_unit = synthetic_units().filter(parent__isnull=False).order_by("code")
    one_unit = one_unit[len(one_unit) // 2] if one_unit else None
    return {
        "year": year,
        "units": units,
        "median": (f"/{year}/{median_code}/", median_lines),
        "large": (f"/{year}/{large_code}/", large_lines),
        # A word in about one unit name in five, one in a few dozen, one name.
        "search_common": "/?q=中心",
        "search_rare": "/?q=监测站",
        "search_one": f"/?q={one_unit.name[4:]}" if one_unit else "/?q=单位",
    }


# What a browser sends (with gzip among the encodings, the server picks gzip).
BROWSER_ENCODING = {"Accept-Encoding": "gzip, deflate, br, zstd"}


def scenarios(targets, only=()) -> list[tuple[str, str, str, dict]]:
    """(label, path, server, headers).

    Server "cached" uses `--cache-url` (locmem by default), "uncached" the dummy cache.
    """
    median, median_lines = targets["median"]
    large, large_lines = targets["large"]
    gzip = BROWSER_ENCODING
    plan = [
        ("trivial view /bench/ping", "/bench/ping", "cached", {}),
        ("/healthz (1 query)", "/healthz", "cached", {}),
        ("home page", "/", "cached", {}),
        ("home page, gzip", "/", "cached", gzip),
        ("home page, no cache", "/", "uncached", {}),
        ("search “中心”", targets["search_common"], "cached", {}),
        ("search “监测站”", targets["search_rare"], "cached", {}),
        ("search one unit name", targets["search_one"], "cached", {}),
        (f"report page cached ({median_lines} 项)", median, "cached", {}),
        (f"report page cached ({large_lines} 项)", large, "cached", {}),
        (f"report page cached, gzip ({median_lines} 项)", median, "cached", gzip),
        (f"report page cached, gzip ({large_lines} 项)", large, "cached", gzip),
        (f"report page uncached ({median_lines} 项)", median, "uncached", {}),
        (f"report page uncached ({large_lines} 项)", large, "uncached", {}),
    ]
    return [
        scenario
        for i, scenario in enumerate(plan)
        if i == 0 or not only or any(word in scenario[0] for word in only)
    ]


def meta(headers: dict) -> dict:
    """Request headers as the Django test client takes them."""
    return {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}


def quote(path: str) -> str:
    return urllib.request.quote(path, safe="/?=&")


def in_process(plan, runs: int) -> dict:
    """Queries per request and median server time per page, without HTTP.

    "uncached" pages run with the cache cleared before every request.
    """
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    results = {}
    for label, path, server, headers in plan:
        wall, cpu, queries = [], [], []
        for _ in range(runs + 1):
            if server == "uncached":
                cache.clear()
            start, start_cpu = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(path, **meta(headers))
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            queries.append(len(ctx.captured_queries))
            if response.status_code != 200:
                raise SystemExit(f"{path}: HTTP {response.status_code}")
        # The first request warms the cache; the later ones are what is measured.
        results[label] = {
            "queries": queries[-1],
            "wall": statistics.median(wall[1:]),
            "cpu": statistics.median(cpu[1:]),
            # As sent: compressed when the page was.
            "bytes": len(response.content),
            "encoding": response.get("Content-Encoding", ""),
        }
    return results


class Server:
    def __init__(self, args, cache_url: str, log: Path):
        self.url = f"http://{HOST}:{args.port}"
        env = {**os.environ, **SERVER_ENV, "CACHE_URL": cache_url}
        env["DATABASE_URL"] = args.database_url
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "config.wsgi:application",
                f"--bind={HOST}:{args.port}",
                f"--workers={args.workers}",
                f"--worker-class={args.worker_class}",
                "--log-level=warning",
                "--error-logfile=-",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_ready()

    def get(self, path: str) -> int:
        with urllib.request.urlopen(self.url + quote(path), timeout=30) as response:
            response.read()
            return response.status

    def wait_ready(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.get("/bench/ping") == 200:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn did not start; see {self.log.name}")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        self.log.close()


def wrk(url: str, duration: int, connections: int, script: Path, headers: dict) -> dict:
    output = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout=10s",
            *(f"-H{name}: {value}" for name, value in headers.items()),
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # Sync workers still finish the requests queued when wrk stopped; let them
    # drain, or the next run's first requests wait behind them.
    time.sleep(2)
    match = WRK_LINE.search(output)
    if match is None:
        raise SystemExit(f"unexpected wrk output:\n{output}")
    requests, micros, status, socket, p50, p95, p99 = map(int, match.groups())
    return {
        "rps": requests / (micros / 1_000_000),
        "requests": requests,
        "errors": status + socket,
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
    }


def http_bench(args, plan, script: Path, logdir: Path) -> dict:
    results = {}
    for server_kind, cache_url in (
        ("cached", args.cache_url),
        ("uncached", "dummycache://"),
    ):
        if not any(kind == server_kind for _, _, kind, _ in plan):
            continue
        server = Server(args, cache_url, logdir / f"gunicorn-{server_kind}.log")
        runs = {}
        try:
            # With --rounds, the pages take turns, so that a burst of other
            # load on the machine falls on one round of each, not on one page.
            for round_ in range(args.rounds):
                for label, path, kind, headers in plan:
                    if kind != server_kind:
                        continue
                    url = server.url + quote(path)
                    if round_ == 0:
                        status = server.get(path)
                        if status != 200:
                            raise SystemExit(f"{path}: HTTP {status}")
                        # Warm every worker (templates, database connection
                        # and, on the cached server, its own local-memory copy
                        # of the page): a worker's first request costs several
                        # hundred milliseconds.
                        wrk(url, 3, args.workers * 2, script, headers)
                    load = os.getloadavg()[0]
                    busy = wrk(url, args.duration, args.connections, script, headers)
                    alone = wrk(url, max(3, args.duration // 2), 1, script, headers)
                    run = {"busy": busy, "alone": alone, "load": load}
                    runs.setdefault(label, []).append(run)
                    print(
                        f"{label}: {busy['rps']:.0f} req/s, "
                        f"p50 {alone['p50']:.1f} ms, p95 {alone['p95']:.1f} ms "
                        f"(load {load:.1f})",
                        flush=True,
                    )
        finally:
            server.stop()
        for label, page_runs in runs.items():
            # The round with the median throughput stands for the page.
            page_runs.sort(key=lambda run: run["busy"]["rps"])
            results[label] = {
                **page_runs[(len(page_runs) - 1) // 2],
                "range": (page_runs[0]["busy"]["rps"], page_runs[-1]["busy"]["rps"]),
            }
    return results


def report(args, targets, plan, local, http) -> str:
    ceiling = http["trivial view /bench/ping"]["busy"]["rps"]
    lines = [
        f"{targets['units']} synthetic units, year {targets['year']}; gunicorn "
        f"{args.workers} × {args.worker_class} workers, cache {args.cache_url}; "
        f"wrk {args.duration} s with "
        f"{args.connections} connections (req/s, latency under load), then "
        f"{max(3, args.duration // 2)} s with 1 connection (p50, p95)"
        + (
            f"; {args.rounds} rounds, the median round shown (req/s: lowest–highest)."
            if args.rounds > 1
            else "."
        ),
        "",
        "| page | queries | server time in-process (CPU) | sent | req/s "
        "| % of trivial | p50 | p95 | p50 / p95 under load | errors |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, path, _, _ in plan:
        lo, h = local[label], http[label]
        busy, alone = h["busy"], h["alone"]
        sent = f"{lo['bytes'] / 1024:.1f} KB" + (
            f" ({lo['encoding']})" if lo["encoding"] else ""
        )
        rps = f"{busy['rps']:.0f}"
        if args.rounds > 1:
            rps += " ({:.0f}–{:.0f})".format(*h["range"])
        lines.append(
            f"| {label} `{path}` | {lo['queries']} | {lo['wall']:.1f} ms "
            f"({lo['cpu']:.1f} ms) | {sent} | {rps} | "
            f"{100 * busy['rps'] / ceiling:.0f}% | {alone['p50']:.1f} ms | "
            f"{alone['p95']:.1f} ms | {busy['p50']:.0f} / {busy['p95']:.0f} ms | "
            f"{busy['errors'] + alone['errors']} |"
        )
    return "\n".join(lines)


def main():
    args = parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    if args.database_url.startswith("postgres"):
        ensure_database(args.database_url)
    setup_django(args.database_url, args.cache_url)
    prepare_data(args)
    targets = pick_targets(args)
    plan = scenarios(targets, args.only)
    print(f"load average before: {os.getloadavg()}", flush=True)
    local = in_process(plan, args.runs)
    for label, r in local.items():
        print(
            f"{label}: {r['queries']} queries, {r['wall']:.1f} ms "
            f"(CPU {r['cpu']:.1f} ms), {r['bytes'] / 1024:.1f} KB sent "
            f"{r['encoding'] or 'uncompressed'}",
            flush=True,
        )
    logs = ROOT / "var" / "bench"
    logs.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "report.lua"
        script.write_text(WRK_SCRIPT)
        http = http_bench(args, plan, script, logs)
    print(f"load average after: {os.getloadavg()}")
    print()
    print(report(args, targets, plan, local, http))


if __name__ == "__main__":
    main()
