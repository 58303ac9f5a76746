"""The benchmark harness (issue 6): median times, floors, ratios and peak memory.

    python -m bench.run --setup     # migrate, load Zhenghe, generate the province, then measure
    python -m bench.run             # measure only (the database is already built)
    python -m bench.run --scenario county_dashboard   # one scenario, JSON on stdout (used internally)

Each scenario runs in its own Python process, so each peak RSS (``ru_maxrss``) is that
scenario's alone. Timings are ``time.perf_counter`` medians over ``BENCH_RUNS`` runs
(default 15) after ``BENCH_WARMUPS`` warm-ups (default 2); the province dashboard, which
is one dashboard per county, uses ``BENCH_PROVINCE_RUNS`` (3) after ``BENCH_PROVINCE_WARMUPS``
(1). Floors run as many times, after one warm-up. A
scenario whose code is not there yet (``reports.dashboard``, ``reports.campaign``,
``reports.renderers``) is reported as "not built".

Results are printed and written to ``var/bench-results.txt``.
"""

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PERIOD = 2010
ZHENGHE = "350725"
RESULTS = ROOT / "var" / "bench-results.txt"
MARK = "BENCH-RESULT "
LOAD_SECTION = "== load test"  # bench.load.SECTION


class NotBuilt(Exception):
    pass


# -- inside a scenario process ---------------------------------------------------------------


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _median_ms(func: Callable[[], Any], runs: int, warmups: int) -> tuple[float, list[float]]:
    for _ in range(warmups):
        func()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        func()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), times


def _interleaved(
    app: Callable[[], Any], floor: Callable[[], Any], runs: int, warmups: int
) -> tuple[tuple[float, list[float]], tuple[float, list[float]]]:
    """Time ``app`` and ``floor`` alternately (A B A B …), so that the load of the shared machine drifting
    during the runs weighs on both alike; their medians and times."""
    for _ in range(warmups):
        app()
        floor()
    app_times: list[float] = []
    floor_times: list[float] = []
    for _ in range(runs):
        for func, times in ((app, app_times), (floor, floor_times)):
            t0 = time.perf_counter()
            func()
            times.append((time.perf_counter() - t0) * 1000)
    return (statistics.median(app_times), app_times), (statistics.median(floor_times), floor_times)


def _page_client(unit: Any) -> Any:
    """A test client signed in (two-factor passed, as after a real login) as an admin of ``unit``, to time the
    whole request — middleware, view, template — as a user waits for it."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.gate import SESSION_DEVICE
    from accounts.models import PasswordState, Role, RoleAssignment

    role = {"province": Role.PROVINCE_ADMIN, "prefecture": Role.PREFECTURE_ADMIN, "county": Role.COUNTY_ADMIN}.get(
        unit.kind, Role.TOWNSHIP_ADMIN
    )
    user, _created = get_user_model().objects.get_or_create(username=f"bench-{unit.code}")
    RoleAssignment.objects.get_or_create(user=user, role=role, organization=unit)
    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(user=user, name="bench")
    # As after the user set their own password (an account made here would be asked to change it first).
    PasswordState.objects.update_or_create(user=user, defaults={"changed_at": timezone.now(), "must_change": False})
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SESSION_DEVICE] = True
    session.save()
    return client


def _page_ms(client: Any, url: str, runs: int, warmups: int, before: Callable[[], Any] | None = None) -> float | str:
    """The median of the whole request for ``url`` (Django's test client: every middleware, the view, the
    template; no network), or what it answered instead of 200. ``before`` runs untimed before each request."""
    status = client.get(url).status_code
    if status != 200:
        return f"answered {status}"
    times = []
    for i in range(warmups + runs):
        if before is not None:
            before()
        t0 = time.perf_counter()
        client.get(url)
        if i >= warmups:
            times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 1)


def _import(module: str, *names: str) -> list[Any]:
    import importlib

    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        raise NotBuilt(f"{module} missing ({exc})") from None
    missing = [n for n in names if not hasattr(mod, n)]
    if missing:
        raise NotBuilt(f"{module}.{', '.join(missing)} missing")
    return [getattr(mod, n) for n in names]


def _figure_mismatches(figures: dict[str, Any], floor: dict[str, Any]) -> list[str]:
    from decimal import Decimal

    bad = []
    for key, value in figures.items():
        if key not in floor:
            continue  # registered after the floor was written: the floor claims only the figures it gives
        if Decimal(str(value)) != Decimal(str(floor[key])):
            bad.append(f"{key}: {value} != floor {floor[key]}")
    return bad


def scenario(name: str) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xianfeng.settings")
    # The pages are asked over plain HTTP (the test client): no redirect to HTTPS, as behind the TLS proxy.
    os.environ.update(SECURE_SSL_REDIRECT="false", SECURE_HSTS_SECONDS="0", SECURE_COOKIES="false")
    import django

    django.setup()
    from django.urls import reverse
    from django.utils import translation

    from bench.floors import dashboard_floor, figures_floor
    from common.figures import compute_figures
    from organizations.models import Organization

    runs = int(os.environ.get("BENCH_RUNS", "15"))
    warmups = int(os.environ.get("BENCH_WARMUPS", "2"))
    province_runs = int(os.environ.get("BENCH_PROVINCE_RUNS", "3"))
    province_warmups = int(os.environ.get("BENCH_PROVINCE_WARMUPS", "1"))
    translation.activate("zh-hans")
    zhenghe = Organization.objects.get(code=ZHENGHE)
    township = Organization.objects.townships().filter(code__startswith=ZHENGHE).order_by("code").first()
    assert township is not None, "the Zhenghe scenario is loaded"
    counties = list(Organization.objects.counties().order_by("code"))
    base_mb = _rss_mb()
    out: dict[str, Any] = {"name": name, "base_mb": round(base_mb)}

    def timed(
        app: Callable[[], Any], func: Callable[[str, int], dict[str, Any]], prefix: str, province: bool = False
    ) -> tuple[float, list[float], float, dict[str, Any]]:
        """The app and its floor for ``prefix``, interleaved; the floor's last row."""
        result: dict[str, Any] = {}

        def floor_once() -> None:
            result.update(func(prefix, PERIOD))

        n, w = (province_runs, province_warmups) if province else (runs, warmups)
        (ms, times), (floor_ms, _floor_times) = _interleaved(app, floor_once, n, w)
        return ms, times, floor_ms, result

    try:
        if name in ("county_dashboard", "township_dashboard"):
            (dashboard,) = _import("reports.dashboard", "dashboard")
            scope = township if name == "township_dashboard" else zhenghe
            out["scope"] = f"{scope.code} {scope.name}"
            ms, times, floor_ms, floor_row = timed(lambda: dashboard(scope, PERIOD), dashboard_floor, scope.code)
            board = dashboard(scope, PERIOD)
            out["mismatches"] = _figure_mismatches({f.key: f.value for f in board.figures}, floor_row)
            url = reverse("reports:dashboard") if scope == zhenghe else reverse("reports:dashboard", args=[scope.code])
            out["page_ms"] = _page_ms(_page_client(scope), url, runs, warmups)
            out["page_url"] = url
        elif name == "county_figures":
            out["scope"] = f"{zhenghe.code} {zhenghe.name}"
            ms, times, floor_ms, floor_row = timed(
                lambda: compute_figures(zhenghe, PERIOD), figures_floor, zhenghe.code
            )
            out["mismatches"] = _figure_mismatches(compute_figures(zhenghe, PERIOD), floor_row)
        elif name == "province_dashboard":
            (dashboard,) = _import("reports.dashboard", "dashboard")
            out["scope"] = f"{len(counties)} counties: dashboard() per county, summed"

            def province() -> None:
                for county in counties:
                    dashboard(county, PERIOD)

            ms, times, floor_ms, floor_row = timed(province, dashboard_floor, "35", province=True)
            out["mismatches"] = []
        elif name == "province_figures":
            out["scope"] = f"{len(counties)} counties: compute_figures() per county, summed"
            totals: dict[str, Any] = {}

            def province_figures() -> None:
                totals.clear()
                for county in counties:
                    for key, value in compute_figures(county, PERIOD).items():
                        totals[key] = totals.get(key, 0) + value

            ms, times, floor_ms, floor_row = timed(province_figures, figures_floor, "35", province=True)
            # Sums over counties equal the province's counts, except distinct outside units and
            # batches, which are per county anyway in this data (each county has its own).
            out["mismatches"] = _figure_mismatches(totals, floor_row)
        elif name in ("report_html", "report_pdf"):
            (build_report,) = _import("reports.campaign", "build_report")
            render_name = "render_html" if name == "report_html" else "render_pdf"
            (render,) = _import("reports.renderers", render_name)
            out["scope"] = f"{zhenghe.code} {zhenghe.name}, zh-hans"
            size = 0

            def report() -> None:
                nonlocal size
                size = len(render(build_report(zhenghe, PERIOD, "zh-hans")))

            ms, times, floor_ms, _row = timed(report, dashboard_floor, zhenghe.code)
            out["output_bytes"] = size
            out["mismatches"] = []
            if name == "report_html":
                url = reverse("reports:report")
                out["page_ms"] = _page_ms(_page_client(zhenghe), url, runs, warmups)
                out["page_url"] = url
        elif name == "public_page":
            from django.core.cache import cache
            from django.test import Client

            village = Organization.objects.villages().within(ZHENGHE).order_by("code").first()
            assert village is not None
            url = reverse("portal:village", args=[village.code])
            out["scope"] = f"{village.code} {village.name}, anonymous; median = rendered (cache emptied first)"
            anonymous = Client(HTTP_HOST="127.0.0.1")
            rendered = _page_ms(anonymous, url, runs, warmups, before=cache.clear)
            if isinstance(rendered, str):
                raise SystemExit(f"bench: {url} {rendered}")
            ms, times = rendered, [rendered]
            floor_ms = 0.0
            out["page_ms"] = _page_ms(anonymous, url, runs, warmups)  # from the cache
            out["page_url"] = url + " (cached)"
            out["mismatches"] = []
        else:
            raise SystemExit(f"unknown scenario {name!r}")
    except NotBuilt as exc:
        out.update(status="not built", reason=str(exc), peak_mb=round(_rss_mb()))
        return out
    out.update(
        status="ok",
        median_ms=round(ms, 1),
        min_ms=round(min(times), 1),
        max_ms=round(max(times), 1),
        runs=len(times),
        floor_ms=round(floor_ms, 1),
        ratio=round(ms / floor_ms, 2) if floor_ms else None,
        peak_mb=round(_rss_mb()),
    )
    return out


# -- the parent: setup, scenarios, table --------------------------------------------------------

# name, label, targets: (max median ms, max ratio, max peak MB); None = no target.
SCENARIOS: list[tuple[str, str, tuple[float | None, float | None, float | None]]] = [
    ("county_dashboard", "county dashboard (Zhenghe)", (100, 2, None)),
    ("township_dashboard", "township dashboard (Zhenghe township)", (None, None, None)),
    ("province_dashboard", "province dashboard (sum over counties)", (None, 2, 300)),
    ("report_html", "county report HTML (zh-hans)", (1000, None, None)),
    ("report_pdf", "county report PDF (zh-hans)", (3000, None, None)),
    ("public_page", "public village page (anonymous)", (None, None, None)),
    ("county_figures", "  extra: county compute_figures", (None, None, None)),
    ("province_figures", "  extra: province compute_figures", (None, None, None)),
]


def _step(log: Callable[[str], None], title: str, argv: list[str]) -> float:
    log(f"== {title}")
    t0 = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, check=True)  # noqa: S603 - our own interpreter and manage.py
    seconds = time.perf_counter() - t0
    log(f"   {title}: {seconds:.0f} s")
    return seconds


def setup(log: Callable[[str], None]) -> list[str]:
    py = sys.executable
    lines = []
    lines.append(f"migrate: {_step(log, 'migrate', [py, 'manage.py', 'migrate', '--noinput', '-v', '0']):.0f} s")
    seconds = _step(log, "load Zhenghe", [py, "manage.py", "load_scenario", "scenarios/data/zhenghe.yaml"])
    lines.append(f"load_scenario zhenghe.yaml: {seconds:.0f} s")
    lines.append(f"province generation: {_step(log, 'generate the province', [py, '-m', 'bench.province']):.0f} s")
    return lines


def _configure_server(log: Callable[[str], None]) -> str:
    """JIT off for the benchmark cluster: see README (it costs seconds on short analytic queries)."""
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("bench: DATABASE_URL must point at PostgreSQL (use scripts/bench.sh)")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ALTER SYSTEM SET jit = off")
        conn.execute("SELECT pg_reload_conf()")
        row = conn.execute(
            "SELECT version(), (SELECT count(*) FROM organizations_organization WHERE kind = 'county'), "
            "(SELECT count(*) FROM organizations_organization WHERE kind = 'village'), "
            "(SELECT count(*) FROM people_partymembership), pg_database_size(current_database())"
        ).fetchone()
    assert row is not None
    text = (
        f"database: {row[0].split(' on ')[0]}, jit=off; {row[1]} counties, {row[2]:,} villages, "
        f"{row[3]:,} members, {row[4] / 2**20:,.0f} MB"
    )
    log(text)
    return text


def _met(result: dict[str, Any], targets: tuple[float | None, float | None, float | None]) -> str:
    if result.get("status") != "ok":
        return "not built"
    max_ms, max_ratio, max_mb = targets
    verdicts = []
    if max_ms is not None:
        ok = result["median_ms"] <= max_ms
        verdicts.append(f"≤{max_ms:.0f} ms {'met' if ok else 'MISSED x%.1f' % (result['median_ms'] / max_ms)}")
    if max_ratio is not None and result.get("ratio") is not None:
        ok = result["ratio"] <= max_ratio
        verdicts.append(f"≤{max_ratio:g}× floor {'met' if ok else 'MISSED x%.1f' % (result['ratio'] / max_ratio)}")
    if max_mb is not None:
        ok = result["peak_mb"] < max_mb
        verdicts.append(f"<{max_mb:.0f} MB {'met' if ok else 'MISSED x%.1f' % (result['peak_mb'] / max_mb)}")
    return "; ".join(verdicts) or "(no target)"


def table(results: list[tuple[str, dict[str, Any], tuple]]) -> list[str]:
    header = (
        f"{'scenario':<42} {'median ms':>10} {'floor ms':>9} {'ratio':>7} {'page ms':>8} {'peak MB':>8}  target met?"
    )
    lines = [header, "-" * len(header)]
    for label, r, targets in results:
        if r.get("status") == "ok":
            ratio = f"{r['ratio']:.2f}" if r.get("ratio") is not None else "-"
            page = r.get("page_ms")
            page_text = f"{page:.1f}" if isinstance(page, float | int) else "-"
            lines.append(
                f"{label:<42} {r['median_ms']:>10.1f} {r['floor_ms']:>9.1f} {ratio:>7} {page_text:>8} {r['peak_mb']:>8}  "
                f"{_met(r, targets)}"
            )
        else:
            lines.append(
                f"{label:<42} {'-':>10} {'-':>9} {'-':>7} {'-':>8} {r.get('peak_mb', '-'):>8}  "
                f"NOT BUILT: {r.get('reason')}"
            )
    lines.append("")
    for label, r, _targets in results:
        if r.get("status") == "ok":
            extra = f"  {label.strip()}: {r['scope']}; {r['runs']} runs, min {r['min_ms']} / max {r['max_ms']} ms"
            extra += f"; process RSS before the work {r['base_mb']} MB"
            if "page_url" in r:
                extra += f"; page ms = the whole request of {r['page_url']}: {r['page_ms']}"
            if "output_bytes" in r:
                extra += f"; output {r['output_bytes']:,} bytes"
            lines.append(extra)
            for m in r.get("mismatches", [])[:5]:
                lines.append(f"    figure differs from the floor: {m}")
        elif "error" in r:
            lines.append(f"  {label.strip()}: FAILED: {r['error']}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--setup", action="store_true", help="migrate, load Zhenghe and generate the province first")
    parser.add_argument("--scenario", help="run one scenario in this process and print its result as JSON")
    parser.add_argument("--only", help="comma-separated scenario names to run (default: all)")
    args = parser.parse_args()
    if args.scenario:
        print(MARK + json.dumps(scenario(args.scenario), default=str), flush=True)
        return

    def log(text: str) -> None:
        print(text, flush=True)

    started = time.perf_counter()
    knobs = " ".join(f"{k}={v}" for k, v in sorted(os.environ.items()) if k.startswith("BENCH_"))
    lines = [f"make bench - {dt.datetime.now():%Y-%m-%d %H:%M} {knobs}".rstrip()]
    if args.setup:
        lines += setup(log)
    lines.append(_configure_server(log))
    wanted = set(args.only.split(",")) if args.only else None
    results = []
    for name, label, targets in SCENARIOS:
        if wanted and name not in wanted:
            continue
        log(f"== {label.strip()}")
        proc = subprocess.run(  # noqa: S603 - this module, by name
            [sys.executable, "-m", "bench.run", "--scenario", name], cwd=ROOT, capture_output=True, text=True
        )
        found = [line for line in proc.stdout.splitlines() if line.startswith(MARK)]
        if proc.returncode != 0 or not found:
            tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
            result = {"status": "failed", "reason": f"failed: {tail}", "error": tail}
            sys.stderr.write(proc.stderr[-3000:])
        else:
            result = json.loads(found[-1][len(MARK) :])
        log(f"   {json.dumps(result, ensure_ascii=False)}")
        results.append((label, result, targets))
    lines += ["", *table(results), "", f"total: {time.perf_counter() - started:.0f} s"]
    text = "\n".join(lines)
    print("\n" + text)
    RESULTS.parent.mkdir(exist_ok=True)
    # make load's section (bench/load.py) is kept below make bench's table.
    previous = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    load = previous[previous.index(LOAD_SECTION) :] if LOAD_SECTION in previous else ""
    RESULTS.write_text(text + "\n" + ("\n" + load if load else ""), encoding="utf-8")
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
