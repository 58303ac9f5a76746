# ruff: noqa: S608 - the statements are built from constants and primary keys, to be refused
"""PostgreSQL: the application connects as a role that owns no table, so it cannot undo the triggers.

The PostgreSQL leg (scripts/with-postgres.sh) creates ``xianfeng_owner``, who creates and
migrates the test database, and ``xianfeng_app``, as whom these tests (all of the suite)
connect. Everything below is tried through the application's own connection.
"""

import datetime as dt
import os

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.utils import translation

from common.database import ANALYZE_FUNCTION, analyze
from village_affairs import services, triggers
from village_affairs.models import Disclosure, DisclosureKind, Feedback
from village_affairs.tests.helpers import aware, full_decision, publish_month

pytestmark = pytest.mark.postgresql


@pytest.fixture
def app_role() -> str:
    owner = settings.DATABASE_OWNER
    if not owner:
        pytest.fail(
            "the PostgreSQL leg runs as an application role that owns nothing: set MIGRATION_DATABASE_URL to the "
            "owner's connection and DATABASE_URL to the application role's (scripts/with-postgres.sh does)"
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (user,) = cursor.fetchone()
    assert user == settings.DATABASE_APP_ROLE != owner["USER"]
    return user


@pytest.fixture
def published(county) -> Disclosure:
    village = county.village_a1
    d = services.disclosure_create(village=village, kind=DisclosureKind.AFFAIRS, year=2010, period_number=1)
    services.disclosure_publish(disclosure=d, at=aware(dt.date(2010, 4, 2)))
    publish_month(village, 2010, 3)
    full_decision(village)  # every history table holds rows
    return Disclosure.objects.get(pk=d.pk)


def _refused(sql: str, message: str) -> None:
    with pytest.raises(DatabaseError, match=message), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


OWNER_ONLY = {
    "TRUNCATE a published table": ("TRUNCATE village_affairs_disclosure CASCADE", "permission denied"),
    "TRUNCATE the history": ("TRUNCATE village_affairs_historicaldisclosure", "permission denied"),
    "DISABLE TRIGGER ALL": ("ALTER TABLE village_affairs_disclosure DISABLE TRIGGER ALL", "must be owner"),
    "DISABLE TRIGGER one": (
        "ALTER TABLE village_affairs_disclosure DISABLE TRIGGER va_disclosure_no_update",
        "must be owner",
    ),
    "DISABLE the history's trigger": (
        "ALTER TABLE village_affairs_historicaldisclosure DISABLE TRIGGER va_historicaldisclosure_append_only",
        "must be owner",
    ),
    "DROP TRIGGER": ("DROP TRIGGER va_disclosure_no_update ON village_affairs_disclosure", "must be owner"),
    "DROP TABLE": ("DROP TABLE village_affairs_historicaldisclosure", "must be owner"),
    "replace the trigger function": (
        "CREATE OR REPLACE FUNCTION village_affairs_refuse() RETURNS trigger AS $$ BEGIN RETURN NEW; END; $$ "
        "LANGUAGE plpgsql",
        "must be owner|permission denied",
    ),
    "CREATE TRIGGER": (
        "CREATE TRIGGER x BEFORE UPDATE ON village_affairs_disclosure FOR EACH ROW "
        "EXECUTE FUNCTION village_affairs_refuse()",
        "permission denied",
    ),
    "CREATE TABLE": ("CREATE TABLE public.shadow (id int)", "permission denied"),
    "take ownership": ("ALTER TABLE village_affairs_disclosure OWNER TO CURRENT_USER", "must be owner"),
    "session_replication_role (triggers off)": ("SET session_replication_role = replica", "permission denied"),
    "become the owner": ("SET ROLE xianfeng_owner", "permission denied"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("statement", list(OWNER_ONLY))
def test_the_application_role_cannot_do_what_only_the_owner_may(app_role: str, published: Disclosure, statement):
    sql, message = OWNER_ONLY[statement]
    _refused(sql, message)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname LIKE %s AND tgenabled = 'O'", ["va\\_%"])
        assert cursor.fetchone()[0] >= 11  # 0002's seven and 0004's four, all enabled
    assert Disclosure.objects.filter(pk=published.pk, status="published").exists()


@pytest.mark.django_db
def test_published_rows_and_their_history_refuse_the_application_role(app_role: str, published: Disclosure):
    _refused(f"UPDATE village_affairs_disclosure SET content = 'x' WHERE id = {published.pk}", triggers.MESSAGE)
    _refused(
        f"INSERT INTO village_affairs_disclosure SELECT * FROM village_affairs_disclosure WHERE id = {published.pk} "
        "ON CONFLICT (id) DO UPDATE SET content = 'x'",
        triggers.MESSAGE,
    )
    for table in triggers.HISTORY_TABLES:
        _refused(f"UPDATE {table} SET history_change_reason = 'x'", triggers.HISTORY_MESSAGE)
        _refused(f"DELETE FROM {table}", triggers.HISTORY_MESSAGE)
    assert Disclosure.objects.get(pk=published.pk).content == published.content


@pytest.mark.django_db
def test_the_application_role_still_does_its_work(app_role: str, published: Disclosure, county):
    draft = services.disclosure_create(
        village=county.village_a2, kind=DisclosureKind.AFFAIRS, year=2010, period_number=2
    )
    services.disclosure_update(disclosure=draft, title="二月", content="修订")
    services.feedback_submit(target=published, text="意见", client_address="10.1.1.1")
    pk = draft.pk
    services.disclosure_delete(disclosure=draft)
    assert Feedback.objects.count() == 1
    assert not Disclosure.objects.filter(pk=pk).exists()
    assert Disclosure.history.filter(id=pk).count() == 3  # created, changed, deleted: history grows
    analyze(connection)  # the owner's function: statistics for what this transaction wrote
    with connection.cursor() as cursor:
        cursor.execute("SELECT has_function_privilege(current_user, %s, 'EXECUTE')", [f"public.{ANALYZE_FUNCTION}()"])
        assert cursor.fetchone()[0]


def _owner_connection() -> psycopg.Connection:
    owner = settings.DATABASE_OWNER
    assert owner is not None  # these tests run only with MIGRATION_DATABASE_URL set
    return psycopg.connect(
        dbname=connection.settings_dict["NAME"],
        user=owner["USER"],
        password=owner["PASSWORD"] or None,
        host=owner["HOST"] or None,
        port=owner["PORT"] or None,
        autocommit=True,
    )


@pytest.mark.django_db(transaction=True)
def test_tables_a_later_migration_creates_are_granted_rows_only(app_role: str):
    with _owner_connection() as owner:
        owner.execute("CREATE TABLE public.later_migration (id bigint GENERATED BY DEFAULT AS IDENTITY, v int)")
        try:
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO later_migration (v) VALUES (1)")
                cursor.execute("UPDATE later_migration SET v = 2")
                cursor.execute("SELECT v FROM later_migration")
                assert cursor.fetchone() == (2,)
            _refused("TRUNCATE later_migration", "permission denied")
            _refused("ALTER TABLE later_migration ADD COLUMN w int", "must be owner")
        finally:
            connection.close()
            owner.execute("DROP TABLE public.later_migration")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("role", "chinese", "english"),
    [
        ("nobody_at_all", "数据库角色“nobody_at_all”不存在", 'The database role "nobody_at_all" does not exist'),
        ("postgres", "是超级用户", "is a superuser"),
        ("xianfeng_owner", "不能是表的所有者", "cannot be .* the owner of the tables"),
    ],
)
def test_grant_app_role_refuses_a_role_that_could_undo_the_guards(app_role, role, chinese, english):
    for language, message in (("zh-hans", chinese), ("en", english)):
        with translation.override(language), pytest.raises(CommandError, match=message):
            call_command("grant_app_role", role, lang=language)


@pytest.mark.django_db(transaction=True)
def test_grant_app_role_refuses_a_role_that_owns_a_table(app_role):
    url = os.environ.get("POSTGRES_SUPERUSER_URL")
    if not url:
        pytest.skip("needs the cluster's superuser (scripts/with-postgres.sh exports POSTGRES_SUPERUSER_URL)")
    role = f"xf_owns_{os.getpid()}"
    admin_url = url.rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{role}"')
        admin.execute(f'CREATE TABLE public."{role}_t" (id int)')
        admin.execute(f'ALTER TABLE public."{role}_t" OWNER TO "{role}"')
        try:
            with pytest.raises(CommandError, match="owns 1 tables or sequences"):
                call_command("grant_app_role", role, lang="en")
        finally:
            connection.close()
            admin.execute(f'DROP TABLE public."{role}_t"')
            admin.execute(f'DROP ROLE "{role}"')


@pytest.mark.django_db(transaction=True)
def test_grant_app_role_grants_rows_only(app_role, capsys):
    call_command("grant_app_role", app_role, lang="en")
    assert f'Granted the database role "{app_role}"' in capsys.readouterr().out
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bool_and(has_table_privilege(current_user, c.oid, 'SELECT, INSERT, UPDATE, DELETE')), "
            "bool_or(has_table_privilege(current_user, c.oid, 'TRUNCATE')), "
            "bool_or(has_table_privilege(current_user, c.oid, 'TRIGGER')), "
            "bool_or(has_table_privilege(current_user, c.oid, 'REFERENCES')), "
            "bool_or(pg_get_userbyid(c.relowner) = current_user) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r'"
        )
        assert cursor.fetchone() == (True, False, False, False, False)


@pytest.mark.django_db(transaction=True)
def test_migrate_refuses_a_wrong_application_role_before_migrating(app_role):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_migrations")
        (applied,) = cursor.fetchone()
    with (
        override_settings(DATABASE_APP_ROLE="postgres"),
        translation.override("en"),
        pytest.raises(CommandError, match="is a superuser"),
    ):
        call_command("migrate", "village_affairs", "0003", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_migrations")
        assert cursor.fetchone()[0] == applied
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'va_historicaldisclosure_append_only'")
        assert cursor.fetchone()[0] == 1
