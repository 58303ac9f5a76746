"""Generate a province-sized deployment by cloning the loaded Zhenghe county in SQL.

    python -m bench.province            # after migrate + load_scenario zhenghe.yaml

Every county-owned table (the organization tree, people, and the records of every app)
is copied ``counties - 1`` times with ``INSERT … SELECT … CROSS JOIN`` a clone table:
primary keys and foreign keys to cloned tables are shifted by ``clone × max(id)``, the
division codes (``organization.code``) and ID numbers get the clone county's 6-digit
prefix. Each generated county therefore has exactly Zhenghe's shape and per-village
rates (10 townships, 124 villages, ~70 members and ~2.97 party groups per village, a
year of records in every table), which keeps every constraint and every relation the
dashboards and rules read consistent without re-implementing the builders.

Volunteer entries are cloned like the rest when the scenario logged some; an older
scenario without any gets one generated entry per member in 2010 (90 % confirmed).

This is test data: no history rows, no validation, foreign-key triggers off
(``session_replication_role = replica``) while loading. ``ANALYZE`` afterwards.

Knobs (environment): ``BENCH_SCALE`` (default 1.0) scales the number of counties;
``BENCH_COUNTIES`` sets it outright (default ``round(113 × scale)``, Zhenghe included,
i.e. ~14,000 villages and ~980,000 members at scale 1).
"""

import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

ZHENGHE = "350725"
# Zhenghe has 124 villages: 113 counties of its shape are ~14,000 villages.
FULL_COUNTIES = 113
# Tables shared by every county: never cloned, foreign keys to them are kept as they are.
# The security log (security) is one hash chain of the deployment, not per county; nothing to clone.
GLOBAL_APPS = {"accounts", "exchange", "rules", "reports", "portal", "scenarios", "security"}
GLOBAL_TABLES = {"learning_deliverykind", "common_publicpageversion"}  # the public page cache's versions: none to clone
# Text columns that carry the county's 6-digit division prefix.
PREFIXED = {("organizations_organization", "code")}
# ID numbers are encrypted at rest: a clone keeps the original's token (it decrypts to the same number)
# and no lookup hash, which is unique (NULL is not).
NULLED = {("people_person", "id_number_hash")}


def setup_django() -> None:
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xianfeng.settings")
    import django

    django.setup()


def county_count() -> int:
    if os.environ.get("BENCH_COUNTIES"):
        return max(1, int(os.environ["BENCH_COUNTIES"]))
    return max(1, round(FULL_COUNTIES * float(os.environ.get("BENCH_SCALE", "1"))))


def county_codes(n: int) -> list[str]:
    """``n`` distinct 6-digit county codes in province 35, none of them Zhenghe's."""
    codes = []
    for city in range(1, 100):
        for county in range(21, 100):
            code = f"35{city:02d}{county:02d}"
            if code != ZHENGHE:
                codes.append(code)
            if len(codes) == n:
                return codes
    raise ValueError("too many counties")


def _connect():  # type: ignore[no-untyped-def]
    import psycopg
    from django.db import connection

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    conn = psycopg.connect(**{k: v for k, v in params.items() if v not in (None, "")}, autocommit=True)
    conn.execute("SET session_replication_role = replica")  # no FK triggers: test data, consistent by construction
    conn.execute("SET maintenance_work_mem = '256MB'")
    return conn


def cloned_models() -> tuple[list, dict[str, int]]:
    """The county-owned models with rows, and each one's id offset (its max id)."""
    from django.apps import apps
    from django.db import connection

    models, offsets = [], {}
    # The project's own apps (a directory at the repository root), not Django's or add-ons'.
    local = {c.label for c in apps.get_app_configs() if os.path.dirname(c.path) == _root()}
    with connection.cursor() as cur:
        for model in apps.get_models():
            meta = model._meta
            table = meta.db_table
            if meta.app_label not in local:
                continue
            if meta.app_label in GLOBAL_APPS or table in GLOBAL_TABLES or "historical" in table:
                continue
            if meta.pk.column != "id" or not meta.pk.get_internal_type().endswith("AutoField"):
                raise RuntimeError(f"{table}: cannot clone a table without an integer id")
            cur.execute(f'SELECT max(id) FROM "{table}"')  # noqa: S608 - a model's table name
            top = cur.fetchone()[0]
            if top:
                models.append(model)
                offsets[table] = top
    return models, offsets


def _root() -> str:
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def clone_sql(model, offsets: dict[str, int]) -> str:  # type: ignore[no-untyped-def]
    table = model._meta.db_table
    columns, exprs = [], []
    for f in model._meta.concrete_fields:
        col = f.column
        columns.append(f'"{col}"')
        if f.primary_key:
            exprs.append(f't."{col}" + c.k * {offsets[table]}')
        elif table == "organizations_organization" and col == "parent_id":
            exprs.append(f"CASE WHEN t.kind = 'county' THEN t.parent_id ELSE t.parent_id + c.k * {offsets[table]} END")
        elif f.is_relation:
            target = f.related_model._meta.db_table
            if target in offsets:
                exprs.append(f't."{col}" + c.k * {offsets[target]}')
            else:
                exprs.append(f't."{col}"')
        elif (table, col) in PREFIXED:
            exprs.append(f'c.code || substr(t."{col}", 7)')
        elif (table, col) in NULLED:
            exprs.append("NULL")
        elif table == "organizations_organization" and col == "name":
            exprs.append("CASE WHEN t.kind = 'county' THEN '合成' || c.code || '县' ELSE t.name END")
        else:
            exprs.append(f't."{col}"')
    # Built from model metadata, no user input.
    insert = f'INSERT INTO "{table}" ({", ".join(columns)}) '
    select = f'SELECT {", ".join(exprs)} FROM "{table}" t '  # noqa: S608
    where = f"t.id <= {offsets[table]}"
    if table == "organizations_organization":
        # Zhenghe's subtree only: the province and prefecture above it are shared, and each clone county
        # hangs under Zhenghe's prefecture (its own parent, not shifted).
        where += f" AND t.code LIKE '{ZHENGHE}%'"
    return insert + select + f"CROSS JOIN bench_clone c WHERE {where}"


VOLUNTEER_SQL = """
INSERT INTO practice_volunteerentry (member_id, village_id, start, "end", activity, place, status)
SELECT m.person_id, m.branch_id,
       s.start, s.start + make_interval(hours => (1 + m.id % 4)::int),
       '义务劳动', '', CASE WHEN m.id % 10 = 0 THEN 'reported' ELSE 'confirmed' END
FROM people_partymembership m
CROSS JOIN LATERAL (SELECT timestamptz '2010-01-02 08:00+08' + make_interval(days => ((m.id * 7919) % 360)::int) AS start) s
"""


def generate(log=print) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from django.db import connection

    from organizations.models import Organization

    started = time.perf_counter()
    counties = county_count()
    if Organization.objects.filter(kind="county").count() > 1:
        log("province: already generated (more than one county); skipping")
        return {"seconds": 0.0, "skipped": True}
    if not Organization.objects.filter(code=ZHENGHE).exists():
        raise SystemExit("province: load Zhenghe first (manage.py load_scenario scenarios/data/zhenghe.yaml)")
    models, offsets = cloned_models()
    codes = county_codes(counties - 1)
    log(f"province: cloning Zhenghe into {len(codes)} more counties ({len(models)} tables)")
    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_clone")
        cur.execute("CREATE UNLOGGED TABLE bench_clone (k int PRIMARY KEY, code text NOT NULL)")
        cur.executemany("INSERT INTO bench_clone VALUES (%s, %s)", list(enumerate(codes, start=1)))

    # Biggest tables first, on two connections (two cores).
    sizes = {m._meta.db_table: offsets[m._meta.db_table] for m in models}
    jobs = sorted(models, key=lambda m: -sizes[m._meta.db_table])

    def run(model) -> tuple[str, float, int]:  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        with _connect() as conn:
            rows = conn.execute(clone_sql(model, offsets)).rowcount
        return model._meta.db_table, time.perf_counter() - t0, rows

    with ThreadPoolExecutor(max_workers=int(os.environ.get("BENCH_JOBS", "2"))) as pool:
        for table, seconds, rows in pool.map(run, jobs):
            if seconds > 5:
                log(f"  {table}: {rows:,} rows in {seconds:.1f} s")

    with _connect() as conn:
        t0 = time.perf_counter()
        extra = []
        if "practice_volunteerentry" not in offsets:  # the scenario logged none: generate them
            rows = conn.execute(VOLUNTEER_SQL).rowcount
            log(f"  practice_volunteerentry: {rows:,} rows (generated) in {time.perf_counter() - t0:.1f} s")
            extra = ["practice_volunteerentry"]
        for table in [m._meta.db_table for m in models] + extra:
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM \"{table}\"))"  # noqa: S608
            )
        conn.execute("DROP TABLE bench_clone")
        t0 = time.perf_counter()
        conn.execute("VACUUM ANALYZE")
        log(f"province: VACUUM ANALYZE in {time.perf_counter() - t0:.1f} s")
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FILTER (WHERE kind = 'county'), count(*) FILTER (WHERE kind = 'township'), "
            "count(*) FILTER (WHERE kind = 'village'), count(*) FILTER (WHERE kind = 'party_group') "
            "FROM organizations_organization"
        )
        c, t, v, g = cur.fetchone()
        cur.execute("SELECT count(*) FROM people_partymembership")
        members = cur.fetchone()[0]
        cur.execute("SELECT pg_database_size(current_database())")
        size = cur.fetchone()[0]
    seconds = time.perf_counter() - started
    summary = {
        "counties": c,
        "townships": t,
        "villages": v,
        "party_groups": g,
        "members": members,
        "database_mb": round(size / 2**20),
        "seconds": round(seconds, 1),
    }
    log(
        f"province: {c} counties, {t:,} townships, {v:,} villages, {g:,} party groups, {members:,} members; "
        f"database {summary['database_mb']:,} MB; generated in {seconds:.0f} s"
    )
    return summary


if __name__ == "__main__":
    setup_django()
    generate()
