"""ID numbers and phones are encrypted at rest (PIPL; GB/T 22239-2019 8.1.4.10): a copy of the database shows neither.

Every write path is exercised (the service, the bulk upsert's insert and its raw UPDATE,
the household import's new heads, django-simple-history's copies), then every column of
``people_person`` and ``people_historicalperson`` is read with a plain cursor.
"""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import FieldError, ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django.utils import translation

from common.database import as_owner, schema_changes_allowed
from common.encryption import decrypt, is_token
from people import bulk, services
from people.id_numbers import make_id_number
from people.models import Person
from people.selectors import persons_visible_to
from xianfeng.tests import factories as f

pytestmark = pytest.mark.django_db

TABLES = ("people_person", "people_historicalperson")


def _raw(table: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed names
        return cursor.fetchall()


def _raw_text(table: str) -> str:
    return "\n".join(" ".join("" if v is None else str(v) for v in row) for row in _raw(table))


def _column(table: str, column: str) -> list:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608 - fixed names
        return [row[0] for row in cursor.fetchall()]


def _member_row(number: str, phone: str, village_code: str, name: str = "赵批量") -> bulk.MemberRow:
    return bulk.MemberRow(
        name=name,
        sex="M",
        birth_date=dt.date(1970, 5, 17),
        id_number=number,
        village_code=village_code,
        status="full",
        joined_on=dt.date(2000, 7, 1),
        phone=phone,
    )


@pytest.fixture
def written(county):
    """People written by every path; returns the (ID number, phone) pairs that must not appear in plaintext."""
    secrets: list[str] = []
    one = f.person(county.village_a1, name="钱单个", phone="13800138000")
    services.person_update(person=one, phone="13800138001")  # a second historical row
    secrets += [one.id_number, "13800138000", "13800138001"]
    born = dt.date(1970, 5, 17)
    numbers = [make_id_number("350725", born, 300 + i, "M") for i in range(3)]
    rows = [_member_row(n, f"1390000000{i}", county.village_a1.code) for i, n in enumerate(numbers)]
    assert bulk.members_upsert(rows).ok
    # The same rows again with new phones: the raw UPDATE path and its history rows.
    rows = [_member_row(n, f"1370000000{i}", county.village_a1.code) for i, n in enumerate(numbers)]
    assert bulk.members_upsert(rows).updated == 3
    secrets += numbers + [f"1390000000{i}" for i in range(3)] + [f"1370000000{i}" for i in range(3)]
    head = make_id_number("350725", dt.date(1950, 1, 1), 400, "F")
    result = bulk.households_upsert(
        [
            bulk.HouseholdRow(
                head_name="孙户主",
                head_id_number=head,
                village_code=county.village_a1.code,
                size=3,
                cause="illness",
                head_sex="F",
                head_birth_date=dt.date(1950, 1, 1),
            )
        ]
    )
    assert result.ok
    secrets.append(head)
    return secrets


def test_raw_columns_hold_no_plaintext_id_number_or_phone(written):
    for table in TABLES:
        text = _raw_text(table)
        assert text
        leaked = [s for s in written if s in text]
        assert not leaked, (table, leaked)
        for value in _column(table, "id_number") + [v for v in _column(table, "phone") if v]:
            assert value is None or is_token(value)
    assert len(_raw("people_historicalperson")) >= 9


def test_the_values_read_back_in_full_through_the_model(written):
    numbers = set(Person.objects.values_list("id_number", flat=True)) | set(
        Person.objects.values_list("phone", flat=True)
    )
    assert set(written) - {"13800138000", "13900000000", "13900000001", "13900000002"} <= numbers
    historical = {h.phone for h in Person.history.all()}
    assert {"13800138000", "13800138001", "13900000000", "13700000000"} <= historical
    for token in _column("people_person", "id_number"):
        assert len(decrypt(token)) == 18


def test_equal_values_give_different_tokens_but_equal_hashes(county):
    one = f.person(county.village_a1, phone="13800138000")
    two = f.person(county.village_a2, phone="13800138000")
    tokens = {p.pk: t for p, t in zip((one, two), _column("people_person", "phone"), strict=False)}
    assert len(set(tokens.values())) == 2
    hashes = set(Person.objects.values_list("phone_hash", flat=True))
    assert len(hashes) == 1 and "13800138000" not in next(iter(hashes))


def test_lookups_go_through_the_keyed_hash_only(county, personas):
    person = personas.member_person
    assert list(Person.objects.with_id_numbers([person.id_number])) == [person]
    assert list(persons_visible_to(personas_scope(personas), q=person.id_number)) == [person]
    assert list(persons_visible_to(personas_scope(personas), q="13800001234")) == [person]
    assert list(persons_visible_to(personas_scope(personas), q=person.id_number[:17])) == []
    with pytest.raises(FieldError):
        list(Person.objects.filter(id_number=person.id_number))
    with pytest.raises(FieldError):
        list(Person.objects.filter(phone__startswith="138"))
    assert Person.objects.filter(phone="").count() == 0


def personas_scope(personas):
    from accounts.scope import scope_for_user

    return scope_for_user(personas.county_admin)


@pytest.mark.parametrize(("language", "message"), [("zh-hans", "该身份证号已登记"), ("en", "already registered")])
def test_a_number_on_record_is_refused_on_the_number_field(county, personas, language, message):
    with translation.override(language):
        with pytest.raises(ValidationError) as caught:
            services.person_create(
                name="重复",
                sex=personas.member_person.sex,
                birth_date=personas.member_person.birth_date,
                id_number=personas.member_person.id_number.lower(),
            )
        errors = caught.value.error_dict
        assert list(errors) == ["id_number"] and message in " ".join(caught.value.messages)
        assert errors["id_number"][0].code == "unique"
    assert Person.objects.count() == 1


def test_rotation_reencrypts_every_row_under_the_new_key(written):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    before = {t: _column(t, "id_number") for t in TABLES}
    with override_settings(FIELD_ENCRYPTION_KEYS=(new_key, old_key)):
        call_command("rotate_field_keys", verbosity=0)
    with override_settings(FIELD_ENCRYPTION_KEYS=(new_key,)):  # the old key dropped
        for table in TABLES:
            after = _column(table, "id_number")
            assert not set(after) & set(before[table])
        assert {p.id_number for p in Person.objects.all()} >= {written[0], written[3]}
        assert Person.objects.with_id_numbers([written[3]]).count() == 1


def test_a_new_hash_key_is_applied_by_the_rotation(written):
    with override_settings(FIELD_HASH_KEY="another-hash-key-for-the-test"):
        assert Person.objects.with_id_numbers([written[3]]).count() == 0  # old hashes miss under a new key
        call_command("rotate_field_keys", verbosity=0)
        assert Person.objects.with_id_numbers([written[3]]).count() == 1


def test_a_start_without_keys_fails_when_debug_is_false():
    env = {k: v for k, v in os.environ.items() if k not in ("FIELD_ENCRYPTION_KEY", "FIELD_HASH_KEY")}
    env.update(DEBUG="false", SECRET_KEY="x" * 50, DJANGO_SETTINGS_MODULE="xianfeng.settings")
    code = "import django; django.setup()"
    run = subprocess.run(  # noqa: S603 - our own interpreter and a fixed snippet
        [sys.executable, "-c", code], cwd=Path(settings.BASE_DIR), env=env, capture_output=True, text=True, check=False
    )
    assert run.returncode != 0 and "FIELD_ENCRYPTION_KEY and FIELD_HASH_KEY must be set" in run.stderr
    env.update(FIELD_ENCRYPTION_KEY=Fernet.generate_key().decode(), FIELD_HASH_KEY="k" * 40)
    run = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=Path(settings.BASE_DIR), env=env, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_encrypts_the_rows_it_finds(county):
    """Rows written in plaintext before 0002 come out of 0003 as tokens with their hashes, and back when reversed."""
    # Migrations change the schema: as the owner (PostgreSQL), with schema changes allowed (SQLite).
    with as_owner(), schema_changes_allowed():
        executor = MigrationExecutor(connection)
        executor.migrate([("people", "0001_initial")])
        number, phone = make_id_number("350725", dt.date(1960, 1, 2), 5, "M"), "13512345678"
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO people_person (name, sex, birth_date, id_number, phone, education) VALUES (%s, %s, %s, %s, %s, %s)",
                ["旧数据", "M", "1960-01-02", number, phone, ""],
            )
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate([("people", "0004_id_number_hash_unique")])
        assert number not in _raw_text("people_person") and phone not in _raw_text("people_person")
        person = Person.objects.with_id_numbers([number]).get()
        assert (person.id_number, person.phone) == (number, phone)
        executor = MigrationExecutor(connection)
        executor.migrate([("people", "0002_encrypt_contact_schema")])
        assert _column("people_person", "id_number") == [number]
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
