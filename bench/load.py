"""The bounded load test (issue 12, item 3): gunicorn on loopback against the bench PostgreSQL, locust users.

    scripts/load.sh                    # make load: a throwaway cluster, the bench province, then this
    python -m bench.load --setup       # inside scripts/with-postgres.sh: build the province first
    python -m bench.load               # the database is already built

1. ``prepare``: collect the static files (production settings serve them hashed), sign in one session per
   persona (a county, township and village admin and a member of Zhenghe; two-factor passed as after a real
   login) and keep the pages each opens that answer 200 — written to ``var/load-plan.json``;
2. gunicorn (``bench/gunicorn_conf.py``: ``LOAD_WORKERS`` workers, 2) with ``bench.settings``, which adds a
   hello-world view at ``/bench/hello/`` to the production URLs;
3. **mixed**: ``LOAD_USERS`` (200) locust users (bench/locustfile.py; think time 5-15 s) for ``LOAD_SECONDS``
   (180) after ``LOAD_RAMP`` seconds (20) of starting them: p50/p95/p99 and errors, all and per kind;
4. **rate**: the hello-world view and the public village page of 10 villages (their cache warmed first),
   ``LOAD_RATE_USERS`` (20) users without think time, ``LOAD_RATE_SECONDS`` (15) each, interleaved hello, page, hello, page (drift cancels): the page's
   requests per second as a share of hello-world's (median of the rounds).

The summary goes to ``var/bench-results.txt`` (its "load test" section; make bench's table stays).
"""

import argparse
import csv
import datetime as dt
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
PLAN = VAR / "load-plan.json"
RESULTS = VAR / "bench-results.txt"
SECTION = "== load test"
ZHENGHE = "350725"
MIXED = ["Visitor", "Member", "VillageWorker", "TownshipWorker", "CountyWorker"]


def _env(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


# -- 1. the plan ---------------------------------------------------------------------------------


def _signed_in_cookie(user: Any) -> tuple[Any, str]:
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.gate import SESSION_DEVICE
    from accounts.models import PasswordState
    from accounts.two_factor import usable_devices

    # As after the user set their own password (an account made here would be asked to change it first).
    PasswordState.objects.update_or_create(user=user, defaults={"changed_at": timezone.now(), "must_change": False})
    client = Client()
    client.force_login(user)
    device = usable_devices(user).first() or TOTPDevice.objects.create(user=user, name="load test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SESSION_DEVICE] = True
    session.save()
    return client, f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _user_for(role: str, code: str, username: str) -> Any:
    """The scenario's account of ``role`` at ``code``, or a load-test account made for it."""
    from django.contrib.auth import get_user_model

    from accounts.models import Role, RoleAssignment
    from organizations.models import Organization

    found = (
        RoleAssignment.objects.filter(role=role, organization__code=code).select_related("user").order_by("id").first()
    )
    if found is not None:
        return found.user
    user, _created = get_user_model().objects.get_or_create(username=username)
    RoleAssignment.objects.get_or_create(user=user, role=Role(role), organization=Organization.objects.get(code=code))
    return user


def prepare(log: Any) -> dict[str, Any]:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    django.setup()
    from django.urls import reverse

    from organizations.models import Organization
    from people.models import PartyMembership

    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, check=True)  # noqa: S603
    villages = list(Organization.objects.villages().order_by("code").values_list("code", flat=True))
    zhenghe = Organization.objects.get(code=ZHENGHE)
    township = Organization.objects.townships().within(ZHENGHE).order_by("code").first()
    assert township is not None, "the Zhenghe scenario is loaded"
    village = Organization.objects.villages().within(township.code).order_by("code").first()
    member = PartyMembership.objects.filter(branch=village).select_related("person").order_by("id").first()
    assert township and village and member, "the Zhenghe scenario is loaded"
    member_user = _member_user(member)
    wanted: dict[str, tuple[Any, list[tuple[str, str]]]] = {
        "county": (
            _user_for("county_admin", zhenghe.code, "load-county"),
            [
                (reverse("reports:dashboard"), "/dashboard/"),
                (reverse("reports:figures"), "/figures/"),
                (reverse("home"), "/"),
            ],
        ),
        "township": (
            _user_for("township_admin", township.code, "load-township"),
            [
                (reverse("reports:dashboard", args=[township.code]), "/dashboard/[township]/"),
                (reverse("village_affairs:village", args=[village.code]), "/affairs/[village]/"),
                (reverse("home"), "/"),
            ],
        ),
        "village": (
            _user_for("village_admin", village.code, "load-village"),
            [
                (reverse("village_affairs:village", args=[village.code]), "/affairs/[village]/"),
                (reverse("village_affairs:home"), "/affairs/"),
                (reverse("home"), "/"),
            ],
        ),
        "member": (member_user, [(reverse("member_page:page"), "/me/"), (reverse("home"), "/")]),
    }
    personas = {}
    for persona, (user, pages) in wanted.items():
        client, cookie = _signed_in_cookie(user)
        answering = []
        for url, name in pages:
            status = client.get(url, HTTP_HOST="127.0.0.1").status_code
            log(f"   {persona} {url}: {status}")
            if status == 200:
                answering.append((url, name))
        personas[persona] = {"user": user.username, "cookie": cookie, "pages": answering}
    plan = {"villages": villages, "rate_villages": villages[:10], "personas": personas}
    PLAN.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    return plan


def _member_user(membership: Any) -> Any:
    """The scenario's account of a member of the first village, or a load-test account made for one."""
    from django.contrib.auth import get_user_model

    from accounts.models import Role, RoleAssignment

    found = (
        RoleAssignment.objects.filter(role=Role.MEMBER, organization__code__startswith=ZHENGHE, person__isnull=False)
        .select_related("user")
        .order_by("id")
        .first()
    )
    if found is not None:
        return found.user
    user, _created = get_user_model().objects.get_or_create(username="load-member")
    RoleAssignment.objects.get_or_create(
        user=user, role=Role.MEMBER, person=membership.person, organization=membership.branch
    )
    return user


# -- 2. gunicorn ---------------------------------------------------------------------------------


# Plain HTTP on loopback: no redirect to HTTPS, cookies without Secure (for the plan's checks and gunicorn).
LOOPBACK = {"SECURE_SSL_REDIRECT": "false", "SECURE_HSTS_SECONDS": "0", "SECURE_COOKIES": "false"}


def start_gunicorn(bind: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, **LOOPBACK, "DJANGO_SETTINGS_MODULE": "bench.settings", "GUNICORN_BIND": bind}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen(  # noqa: S603 - our own virtualenv's gunicorn
        [str(gunicorn), "-c", "bench/gunicorn_conf.py", "xianfeng.wsgi"], cwd=ROOT, env=env
    )
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"http://{bind}/bench/hello/", timeout=2) as answer:  # noqa: S310 - loopback
                if answer.status == 200:
                    return proc
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("load: gunicorn did not answer /bench/hello/")


# -- 3, 4. locust --------------------------------------------------------------------------------


def run_locust(bind: str, classes: list[str], users: int, ramp: int, seconds: int, prefix: str) -> list[dict[str, str]]:
    locust = Path(sys.executable).with_name("locust")
    argv = [
        str(locust),
        "-f",
        "bench/locustfile.py",
        "--headless",
        "--only-summary",
        "--host",
        f"http://{bind}",
        "-u",
        str(users),
        "-r",
        str(max(1.0, users / max(ramp, 1))),
        "-t",
        f"{ramp + seconds}s",
        "--csv",
        str(VAR / prefix),
        "--loglevel",
        "WARNING",
        *classes,
    ]
    env = {**os.environ, "LOAD_PLAN": str(PLAN)}
    subprocess.run(argv, cwd=ROOT, env=env, check=False)  # noqa: S603 - our own virtualenv's locust
    with (VAR / f"{prefix}_stats.csv").open(encoding="utf-8") as stats:
        return list(csv.DictReader(stats))


def _row_text(row: dict[str, str]) -> str:
    count, failures = int(row["Request Count"]), int(row["Failure Count"])
    return (
        f"{row['Name']:<40} {count:>7} {failures:>6} {float(row['Requests/s']):>7.1f} "
        f"{row['50%']:>7} {row['95%']:>7} {row['99%']:>7} {row['100%']:>7}"
    )


def summary(mixed: list[dict[str, str]], rates: list[tuple[float, float]], users: int, seconds: int) -> list[str]:
    header = (
        f"{'requests (ms)':<40} {'count':>7} {'errors':>6} {'req/s':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}"
    )
    total = next(row for row in mixed if row["Name"] == "Aggregated")
    p95, errors = float(total["95%"]), int(total["Failure Count"])
    lines = [
        f"mixed: {users} users, think time 5-15 s, {seconds} s after the ramp (bench/locustfile.py)",
        header,
        "-" * len(header),
        *(_row_text(row) for row in mixed if row["Name"] != "Aggregated"),
        _row_text(total),
        f"target p95 < 500 ms with 0 errors at {users} users: p95 {p95:.0f} ms, {errors} errors — "
        + ("met" if p95 < 500 and errors == 0 else "MISSED"),
        "",
    ]
    hello = [h for h, _p in rates]
    page = [p for _h, p in rates]
    shares = [p / h for h, p in rates if h]
    share = statistics.median(shares) if shares else 0.0
    lines += [
        f"rate (no think time, {_env('LOAD_RATE_USERS', 20)} users, rounds hello/page interleaved): "
        f"hello-world {', '.join(f'{h:.0f}' for h in hello)} req/s; "
        f"public village page {', '.join(f'{p:.0f}' for p in page)} req/s",
        f"public page / hello-world: {share:.0%} (median of the rounds); target ≥ 50 % — "
        + ("met" if share >= 0.5 else "MISSED"),
    ]
    return lines


def _aggregate_rate(rows: list[dict[str, str]]) -> float:
    total = next(row for row in rows if row["Name"] == "Aggregated")
    if int(total["Failure Count"]):
        print(f"load: {total['Failure Count']} failures in a rate round", file=sys.stderr)
    return float(total["Requests/s"])


def warm(bind: str, villages: list[str], workers: int) -> None:
    """Render the rate villages' pages into every worker's cache before the rounds: each is asked until it has
    answered from the cache as many times as there are workers (the rounds measure pages that are published,
    not their first render after a publish, which the mixed run has)."""
    for code in villages:
        hits = 0
        for _ in range(workers * 10):
            try:
                with urllib.request.urlopen(f"http://{bind}/v/{code}/", timeout=120) as answer:  # noqa: S310
                    hits += answer.headers.get("X-Public-Cache") == "hit"
            except OSError as exc:  # a busy server: try again
                print(f"load: warming /v/{code}/: {exc}", file=sys.stderr)
            if hits >= workers:
                break


def write_results(lines: list[str]) -> None:
    kept = RESULTS.read_text(encoding="utf-8").split(SECTION)[0].rstrip() if RESULTS.exists() else ""
    RESULTS.write_text((kept + "\n\n" if kept else "") + "\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--setup", action="store_true", help="migrate, load Zhenghe and generate the province first")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    VAR.mkdir(exist_ok=True)
    os.environ.update(LOOPBACK)

    def log(text: str) -> None:
        print(text, flush=True)

    from bench import run

    started = time.perf_counter()
    head = [f"{SECTION} (make load) - {dt.datetime.now():%Y-%m-%d %H:%M}"]
    if args.setup:
        head += run.setup(log)
    head.append(run._configure_server(log))
    head.append(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    log("== prepare: static files, sessions, pages")
    plan = prepare(log)
    bind = os.environ.get("LOAD_BIND", "127.0.0.1:8765")
    workers = _env("LOAD_WORKERS", 2)
    head.append(f"gunicorn: {workers} sync workers on {bind}, bench.settings (production + /bench/hello/)")
    head.append(
        "signed-in pages: " + "; ".join(f"{k} {[n for _u, n in v['pages']]}" for k, v in plan["personas"].items())
    )
    server = start_gunicorn(bind)
    try:
        users, ramp, seconds = _env("LOAD_USERS", 200), _env("LOAD_RAMP", 20), _env("LOAD_SECONDS", 180)
        log(f"== mixed: {users} users for {ramp} + {seconds} s")
        mixed = run_locust(bind, MIXED, users, ramp, seconds, "load-mixed")
        rates = []
        rate_users, rate_seconds = _env("LOAD_RATE_USERS", 20), _env("LOAD_RATE_SECONDS", 15)
        warm(bind, plan["rate_villages"], workers)
        for round_ in range(_env("LOAD_RATE_ROUNDS", 2)):
            log(f"== rate round {round_ + 1}: hello-world, then the public page")
            hello = _aggregate_rate(run_locust(bind, ["HelloRate"], rate_users, 1, rate_seconds, "load-hello"))
            page = _aggregate_rate(run_locust(bind, ["PublicRate"], rate_users, 1, rate_seconds, "load-public"))
            rates.append((hello, page))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    lines = [*head, "", *summary(mixed, rates, users, seconds), "", f"total: {time.perf_counter() - started:.0f} s"]
    print("\n".join(lines))
    write_results(lines)
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
